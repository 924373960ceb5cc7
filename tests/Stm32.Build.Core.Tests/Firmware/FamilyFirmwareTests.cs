using System.Text.RegularExpressions;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Firmware;

/// <summary>
/// The single-core family test firmware (tests/firmware/f1, f4, f7, g0, g4, l4) as built: a valid vector table as
/// long as the part's NVIC, the CubeMX function names, DWARF line information, the clock configuration values each
/// README states (PLL register, flash wait states), and the hazard register accesses of each variant. Expected
/// addresses and values are facts from the reference manuals and ST's HAL, typed here.
/// </summary>
[Trait("Requires", "gcc")]
public class FamilyFirmwareTests
{
    private const uint GpioSwdPins = 0x6000;   // PA13 | PA14

    public static TheoryData<FamilyPart, FamilyVariant> Builds
    {
        get
        {
            var data = new TheoryData<FamilyPart, FamilyVariant>();
            foreach (var part in Enum.GetValues<FamilyPart>())
            {
                data.Add(part, FamilyVariant.Clean);
                data.Add(part, FamilyVariant.SwdOff);
            }
            data.Add(FamilyPart.G071, FamilyVariant.OptionBytes);
            data.Add(FamilyPart.G071, FamilyVariant.IwdgUnfrozen);
            return data;
        }
    }

    public static TheoryData<FamilyPart> Parts => [.. Enum.GetValues<FamilyPart>()];

    [Theory]
    [MemberData(nameof(Builds))]
    public void Every_build_has_a_vector_table_as_long_as_the_parts_NVIC(FamilyPart part, FamilyVariant variant)
    {
        var info = FirmwareBuilder.InfoFor(part);
        var image = ImageReader.Read(FirmwareBuilder.BuildFamily(part, variant));
        FirmwareAssert.ValidVectorTable(image, info.FlashStart, info.Interrupts, info.RamStart, info.RamEnd);
        Assert.Equal(info.RamEnd, image.ReadUInt32(info.FlashStart));
        FirmwareAssert.VectorIs(image, info.FlashStart, 3, "HardFault_Handler");
        FirmwareAssert.VectorIs(image, info.FlashStart, 15, "SysTick_Handler");
        var table = image.FindSymbol("g_pfnVectors") ?? throw new Xunit.Sdk.XunitException("no g_pfnVectors");
        Assert.Equal((uint)(4 * (16 + info.Interrupts)), table.Size);
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Every_build_has_the_CubeMX_functions_and_line_information(FamilyPart part, FamilyVariant variant)
    {
        string elf = FirmwareBuilder.BuildFamily(part, variant);
        var image = ImageReader.Read(elf);
        FirmwareAssert.HasFunctions(image,
            "Reset_Handler", "SystemInit", "main", "HAL_Init", "SystemClock_Config", "Error_Handler", "HAL_InitTick",
            "HAL_GetTick", "HAL_Delay", "SysTick_Handler", "HardFault_Handler", "MX_GPIO_Init", "HAL_GPIO_Init",
            "HAL_UART_Init", "HAL_UART_Transmit", ConsoleInit(part));
        FirmwareAssert.HasObjects(image, "uwTick", "blink_count", "SystemCoreClock");
        Assert.NotEqual(image.FindSymbol("HardFault_Handler")!.Address, image.FindSymbol("Default_Handler")!.Address);
        var lines = ElfLineTable.Of(elf);
        string folder = FirmwareBuilder.SourceDirectoryOf(FirmwareBuilder.SpecFor(part, variant));
        FirmwareAssert.DefinedAt(image, lines, "SystemClock_Config", Path.Combine(folder, "board.c"), "void SystemClock_Config(void)");
        FirmwareAssert.DefinedAt(image, lines, "main", RepositoryPaths.Combine("tests", "firmware", "common", "main_family.c"), "int main(void)");
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void SystemClock_Config_asks_for_the_wait_states_of_the_reference_manuals_table(FamilyPart part)
    {
        // 64 MHz F1: 2; 168/180 MHz F4: 5; 216 MHz F7: 7; 64 MHz G0: 2; 170 MHz G4 boost: 4; 80 MHz L4: 4.
        uint expected = part switch
        {
            FamilyPart.F103 or FamilyPart.G071 or FamilyPart.G0B1 => 2,
            FamilyPart.F407 or FamilyPart.F429 => 5,
            FamilyPart.F746 or FamilyPart.F767 => 7,
            _ => 4,
        };
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(part));
        Assert.Equal([expected], code.R0AtCallsTo("SystemClock_Config", "RCC_ClockConfig"));
    }

    [Theory]
    [InlineData(FamilyPart.F407, 0x4002_3804u, 0x0740_5408u)]   // HSE, M 8, N 336, P 2, Q 7
    [InlineData(FamilyPart.F429, 0x4002_3804u, 0x0840_2D04u)]   // HSE, M 4, N 180, P 2, Q 8
    [InlineData(FamilyPart.F746, 0x4002_3804u, 0x2940_3604u)]   // HSE, M 4, N 216, P 2, Q 9, bit 29 kept
    [InlineData(FamilyPart.F767, 0x4002_3804u, 0x2940_3604u)]   // HSE, M 4, N 216, P 2, Q 9, R 2
    public void The_F4_and_F7_write_the_whole_PLLCFGR_value_of_their_README(FamilyPart part, uint register, uint value)
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(part));
        Assert.Contains(code.AccessesIn("RCC_OscConfig"), a => a.IsStore && a.Address == register && a.Value == value);
    }

    [Theory]
    [InlineData(FamilyPart.F103, 0x0038_0000u)]   // PLLMUL x16 (1110 << 18), PLLSRC = HSI/2
    [InlineData(FamilyPart.G071, 0x2202_0802u)]   // HSI16, M 1, N 8, P/Q/R 2
    [InlineData(FamilyPart.G0B1, 0x2202_0802u)]
    [InlineData(FamilyPart.G431, 0x1000_5532u)]   // HSI16, M 4, N 85, PDIV 2, Q/R 2
    [InlineData(FamilyPart.G474, 0x1000_5532u)]
    [InlineData(FamilyPart.L432, 0x3800_2801u)]   // MSI, M 1, N 40, PDIV 7, Q/R 2
    [InlineData(FamilyPart.L476, 0x0000_2801u)]   // MSI, M 1, N 40, PLLP 0 (/7), Q/R 2
    public void The_others_merge_the_PLL_fields_of_their_README(FamilyPart part, uint fields)
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(part));
        Assert.True(FirmwareAssert.BuildsFields(code, "RCC_OscConfig", fields), $"{part}: RCC_OscConfig does not build 0x{fields:X8}");
        Assert.False(FirmwareAssert.BuildsFields(code, "RCC_OscConfig", fields | 0x8000u), "the check must see a missing field bit");
        uint pllcfgr = part == FamilyPart.F103 ? 0x4002_1004u : 0x4002_100Cu;   // RCC_CFGR (F1) / RCC_PLLCFGR
        Assert.Contains(code.AccessesIn("RCC_OscConfig"), a => a.IsStore && a.Address == pllcfgr);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void Only_the_swd_off_builds_configure_PA13_and_PA14(FamilyPart part)
    {
        var clean = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(part));
        var swdOff = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(part, FamilyVariant.SwdOff));
        // HAL_GPIO_WritePin(GPIOA, GPIO_PIN_13 | GPIO_PIN_14, RESET) before HAL_GPIO_Init of the same pins.
        Assert.DoesNotContain(GpioSwdPins, clean.RegisterAtCallsTo("MX_GPIO_Init", "HAL_GPIO_WritePin", 1));
        Assert.Contains(GpioSwdPins, swdOff.RegisterAtCallsTo("MX_GPIO_Init", "HAL_GPIO_WritePin", 1));
        Assert.Equal(0u, swdOff.R0AtCallsTo("MX_GPIO_Init", "HAL_GPIO_WritePin")[^1]);   // port A
        Assert.Equal(0u, swdOff.R0AtCallsTo("MX_GPIO_Init", "HAL_GPIO_Init")[^1]);
    }

    [Fact]
    public void The_F103_keeps_SWD_in_the_clean_build_and_disables_SWJ_in_the_swd_off_build()
    {
        const uint afioMapr = 0x4001_0004;
        var clean = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.F103));
        var swdOff = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.F103, FamilyVariant.SwdOff));
        Assert.Contains(clean.AccessesIn("HAL_Init"), a => a.IsStore && a.Address == afioMapr);
        Assert.Contains(swdOff.AccessesIn("HAL_Init"), a => a.IsStore && a.Address == afioMapr);
        Assert.Contains(0x0200_0000u, FirmwareAssert.ConstantsIn(clean, "HAL_Init"));    // SWJ_CFG = 010
        Assert.DoesNotContain(0x0400_0000u, FirmwareAssert.ConstantsIn(clean, "HAL_Init"));
        Assert.Contains(0x0400_0000u, FirmwareAssert.ConstantsIn(swdOff, "HAL_Init"));   // SWJ_CFG = 100
    }

    [Fact]
    public void The_G071_option_byte_build_unlocks_writes_OPTR_and_launches_and_the_clean_one_does_not()
    {
        const uint keyr = 0x4002_2008, optkeyr = 0x4002_200C, cr = 0x4002_2014, optr = 0x4002_2020;
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.OptionBytes));
        var accesses = code.AccessesIn("Board_BeforeMainLoop");
        Assert.Equal([0x4567_0123u, 0xCDEF_89ABu], accesses.Where(a => a.IsStore && a.Address == keyr).Select(a => a.Value));
        Assert.Equal([0x0819_2A3Bu, 0x4C5D_6E7Fu], accesses.Where(a => a.IsStore && a.Address == optkeyr).Select(a => a.Value));
        Assert.Contains(accesses, a => a.IsStore && a.Address == optr);
        Assert.Contains(accesses, a => a.IsStore && a.Address == cr);
        var immediates = FirmwareAssert.ConstantsIn(code, "Board_BeforeMainLoop");
        Assert.Contains(0x1000_0000u, immediates);   // NRST_MODE = 10 (GPIO)
        Assert.Contains(0x0800_0000u, immediates);   // OBL_LAUNCH
        var clean = FirmwareAssert.AllAccesses(ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.G071)));
        Assert.DoesNotContain(clean, a => a.IsStore && a.Address is keyr or optkeyr or optr);
    }

    [Fact]
    public void The_option_byte_variant_exists_for_the_G071_only()
    {
        Assert.Throws<ArgumentException>(() => FirmwareBuilder.SpecFor(FamilyPart.G474, FamilyVariant.OptionBytes));
    }

    [Fact]
    public void The_G0_iwdg_build_starts_the_IWDG_and_programs_its_1_s_timeout_and_the_clean_one_does_not()
    {
        const uint kr = 0x4000_3000, pr = 0x4000_3004, rlr = 0x4000_3008;   // RM0444 IWDG registers
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.G071, FamilyVariant.IwdgUnfrozen));
        var accesses = code.AccessesIn("Board_BeforeMainLoop");
        Assert.Equal([0xCCCCu, 0x5555u, 0xAAAAu], accesses.Where(a => a.IsStore && a.Address == kr).Select(a => a.Value));
        Assert.Contains(accesses, a => a.IsStore && a.Address == pr && a.Value == 3);      // /32
        Assert.Contains(accesses, a => a.IsStore && a.Address == rlr && a.Value == 999);
        Assert.Contains(code.AccessesIn("Board_ToggleLed"), a => a.IsStore && a.Address == kr && a.Value == 0xAAAA);
        var clean = FirmwareAssert.AllAccesses(ElfDisassembly.Of(FirmwareBuilder.BuildFamily(FamilyPart.G071)));
        Assert.DoesNotContain(clean, a => a.IsStore && a.Address == kr);
        Assert.Throws<ArgumentException>(() => FirmwareBuilder.SpecFor(FamilyPart.G474, FamilyVariant.IwdgUnfrozen));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Every_marker_of_a_build_has_code_at_its_line_and_swd_off_is_built_in_only_where_asked(FamilyPart part, FamilyVariant variant)
    {
        var spec = FirmwareBuilder.SpecFor(part, variant);
        var lines = ElfLineTable.Of(FirmwareBuilder.BuildFamily(part, variant));
        var markers = FirmwareMarkers.For(spec);
        bool fromHse = part is FamilyPart.F407 or FamilyPart.F429 or FamilyPart.F746 or FamilyPart.F767;
        foreach (var marker in markers)
        {
            bool expected = marker.Name switch
            {
                "swd-off" or "swj-disable" => variant == FamilyVariant.SwdOff,
                "swj-nojtag" => variant != FamilyVariant.SwdOff,
                "flash-unlock" or "ob-unlock" or "ob-program" or "ob-launch" => variant == FamilyVariant.OptionBytes,
                "iwdg-start" => variant == FamilyVariant.IwdgUnfrozen,
                "overdrive-wait" => part is FamilyPart.F429 or FamilyPart.F746 or FamilyPart.F767,
                "hse-wait" => fromHse,
                _ => true,
            };
            Assert.True(expected == lines.AddressesOf(marker.FileName, marker.Line).Count > 0,
                $"{part} {variant}: @event {marker.Name} at {marker.FileName}:{marker.Line} expected {(expected ? "with" : "without")} code");
        }
    }

    [Theory]
    [InlineData("f1")]
    [InlineData("f4")]
    [InlineData("f7")]
    [InlineData("g0")]
    [InlineData("g4")]
    [InlineData("l4")]
    public void Each_README_marker_table_names_the_lines_the_sources_mark(string folder)
    {
        var specs = Builds.Select(row => FirmwareBuilder.SpecFor((FamilyPart)row[0], (FamilyVariant)row[1])).Where(s => s.Folder == folder).ToList();
        Assert.NotEmpty(specs);
        var markers = FirmwareMarkers.In(specs.SelectMany(FirmwareBuilder.SourcePaths));
        var readme = File.ReadAllText(RepositoryPaths.Combine("tests", "firmware", folder, "README.md"));
        var documented = Regex.Matches(readme, @"^\| `([a-z0-9-]+)` \| `([\w./]+):(\d+)` \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (File: Path.GetFileName(m.Groups[2].Value), Line: int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEmpty(markers);
        foreach (var marker in markers)
        {
            Assert.True(documented.TryGetValue(marker.Name, out var row), $"@event {marker.Name} is not in {folder}/README.md");
            Assert.Equal((marker.FileName, marker.Line), row);
        }
        Assert.Equal(markers.Count, documented.Count);
    }

    private static string ConsoleInit(FamilyPart part) => part switch
    {
        FamilyPart.F429 or FamilyPart.F746 or FamilyPart.F767 => "MX_USART3_UART_Init",
        FamilyPart.G431 or FamilyPart.G474 => "MX_LPUART1_UART_Init",
        _ => "MX_USART2_UART_Init",
    };
}
