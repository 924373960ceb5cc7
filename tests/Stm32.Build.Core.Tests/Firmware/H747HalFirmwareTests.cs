using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Firmware;

/// <summary>
/// The STM32H747 HAL-style test firmware (tests/firmware/h747hal) as built: every variant has a valid vector table
/// at its boot address, the CubeMX function names its README uses, DWARF line information for them and for every
/// documented event marker, and — for the hazard variants — the register accesses that make the hazard, checked in
/// the disassembly (literal pools and base-register offsets resolved). The expected addresses and values below are
/// facts from RM0399 and ST's HAL, typed here, not taken from the firmware sources.
/// </summary>
[Trait("Requires", "gcc")]
public class H747HalFirmwareTests
{
    private const uint Bank1 = 0x0800_0000, Bank2 = 0x0810_0000;
    private const uint PwrCr3 = 0x5802_480C, PwrCsr1 = 0x5802_4804, PwrCpuCr = 0x5802_4810, PwrCpu2Cr = 0x5802_4814;
    private const uint ScbScr = 0xE000_ED10, ScbVtor = 0xE000_ED08;
    private const uint DbgmcuCr = 0x5C00_1004, DbgmcuApb4Fz1 = 0x5C00_1054;
    private const uint RccCr = 0x5802_4400;
    private const uint IwdgKr = 0x5800_4800;
    private const uint FlashOptKeyr = 0x5200_2008, FlashOptCr = 0x5200_2018, FlashOptsrPrg = 0x5200_2020;
    private const uint FlashKeyr2 = 0x5200_2104, FlashCr2 = 0x5200_210C;
    private const uint HsemC2Ier = 0x5802_6510, HsemC2Icr = 0x5802_6514;
    private const uint ExtiC2Emr3 = 0x5800_00E4, GpioaModer = 0x5802_0000;

    public static TheoryData<HalVariant> Variants => [.. Enum.GetValues<HalVariant>()];

    public static TheoryData<H747Supply, uint> SupplyPatterns => new()
    {
        // HAL's PWR_xxx_SUPPLY values: BYPASS 0x01, LDOEN 0x02, SMPSEN 0x04, SMPSEXTHP 0x08, SMPSLEVEL 1.8 V 0x10 / 2.5 V 0x20.
        { H747Supply.Ldo, 0x02 },
        { H747Supply.DirectSmps, 0x04 },
        { H747Supply.Smps1V8SuppliesLdo, 0x16 },
        { H747Supply.Smps2V5SuppliesLdo, 0x26 },
        { H747Supply.Smps1V8SuppliesExtAndLdo, 0x1E },
        { H747Supply.Smps2V5SuppliesExtAndLdo, 0x2E },
        { H747Supply.Smps1V8SuppliesExt, 0x1D },
        { H747Supply.Smps2V5SuppliesExt, 0x2D },
        { H747Supply.Bypass, 0x01 },
    };

    // The values stored to a register by one function, in instruction order (null when not resolved).
    private static uint?[] StoredTo(ElfDisassembly code, string function, uint register) =>
        [.. code.AccessesIn(function).Where(a => a.IsStore && a.Address == register).Select(a => a.Value)];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_has_a_valid_vector_table_in_flash_bank_1(HalVariant variant)
    {
        var image = ImageReader.Read(FirmwareBuilder.BuildH747Hal(variant));
        FirmwareAssert.ValidVectorTable(image, Bank1, 150, ramStart: 0x2000_0000, ramEnd: 0x2002_0000);
        FirmwareAssert.VectorIs(image, Bank1, 3, "HardFault_Handler");
        FirmwareAssert.VectorIs(image, Bank1, 15, "SysTick_Handler");
        FirmwareAssert.VectorIs(image, Bank1, 16 + 40, "EXTI15_10_IRQHandler");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_has_the_functions_its_README_names(HalVariant variant)
    {
        var image = ImageReader.Read(FirmwareBuilder.BuildH747Hal(variant));
        FirmwareAssert.HasFunctions(image,
            "Reset_Handler", "SystemInit", "main", "HAL_Init", "SystemClock_Config", "Error_Handler", "HAL_InitTick",
            "HAL_GetTick", "SysTick_Handler", "HardFault_Handler", "HAL_PWREx_ConfigSupply",
            "HAL_RCC_OscConfig", "HAL_RCC_ClockConfig", "MX_GPIO_Init", "MX_USART1_UART_Init", "HAL_UART_Init",
            "HAL_UART_Transmit", "HAL_GPIO_Init");
        FirmwareAssert.HasObjects(image, "uwTick", "blink_count", "SystemCoreClock");
        // A fault loop must be named by its own handler, not folded into another one.
        Assert.NotEqual(image.FindSymbol("HardFault_Handler")!.Address, image.FindSymbol("Default_Handler")!.Address);
        Assert.NotEqual(image.FindSymbol("HardFault_Handler")!.Address, image.FindSymbol("Error_Handler")!.Address);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Line_information_maps_the_named_functions_to_their_definitions(HalVariant variant)
    {
        string elf = FirmwareBuilder.BuildH747Hal(variant);
        var image = ImageReader.Read(elf);
        var lines = ElfLineTable.Of(elf);
        string main = Path.Combine(FirmwareBuilder.H747HalDirectory, "main_cm7.c");
        FirmwareAssert.DefinedAt(image, lines, "SystemClock_Config", main, "void SystemClock_Config(void)");
        FirmwareAssert.DefinedAt(image, lines, "main", main, "int main(void)");
        FirmwareAssert.DefinedAt(image, lines, "MX_GPIO_Init", main, "static void MX_GPIO_Init(void)");
        FirmwareAssert.DefinedAt(image, lines, "Error_Handler",
            RepositoryPaths.Combine("tests", "firmware", "common", "exceptions.c"), "void Error_Handler(void)");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_documented_event_of_a_variant_has_code_at_its_marker_and_no_other_hazard_is_built_in(HalVariant variant)
    {
        var spec = FirmwareBuilder.SpecFor(variant);
        var lines = ElfLineTable.Of(FirmwareBuilder.BuildH747Hal(variant));
        string[] always = ["supply-config", "supply-write", "vos-wait", "pll-wait", "flash-latency", "sysclk-switch", "systick-reprogram", "clock-error"];
        string[] expected = variant switch
        {
            HalVariant.SwdOff => ["swd-off", "gpio-mode", "hse-wait"],
            HalVariant.StopNoDbg or HalVariant.StopKeepTickNoDbg => ["stop-entry", "hse-wait"],
            HalVariant.StopDbg or HalVariant.StopKeepTickDbg => ["stop-entry", "dbgmcu-sleep", "dbgmcu-stop-d1", "dbgmcu-stop-d3", "hse-wait"],
            HalVariant.IwdgUnfrozen => ["iwdg-start", "iwdg-refresh", "hse-wait"],
            HalVariant.IwdgFrozen => ["iwdg-start", "iwdg-refresh", "iwdg-freeze", "hse-wait"],
            HalVariant.OptionBytes => ["ob-unlock", "ob-program", "ob-launch", "hse-wait"],
            HalVariant.FlashWrite => ["flash-unlock-bank2", "flash-erase", "flash-program", "hse-wait"],
            HalVariant.HseWaitForever => ["hse-wait-forever"],
            HalVariant.HardFault => ["bus-fault", "hse-wait"],
            _ => ["hse-wait", "hse-timeout"],
        };
        string[] hazards = ["swd-off", "stop-entry", "dbgmcu-sleep", "dbgmcu-stop-d1", "dbgmcu-stop-d3", "iwdg-start", "iwdg-freeze",
            "ob-unlock", "ob-launch", "flash-erase", "flash-program", "hse-wait-forever", "bus-fault", "wait-cm4-stop", "hsem-release"];
        foreach (var name in always.Concat(expected))
        {
            var marker = FirmwareMarkers.Find(spec, name);
            Assert.True(lines.AddressesOf(marker.FileName, marker.Line).Count > 0,
                $"{variant}: no code at {marker.FileName}:{marker.Line} (@event {name})");
        }
        foreach (var name in hazards.Except(expected))
        {
            var marker = FirmwareMarkers.Find(spec, name);
            Assert.True(lines.AddressesOf(marker.FileName, marker.Line).Count == 0,
                $"{variant}: unexpected code at {marker.FileName}:{marker.Line} (@event {name})");
        }
    }

    [Fact]
    public void The_README_marker_table_names_the_lines_the_sources_mark()
    {
        var readme = File.ReadAllText(Path.Combine(FirmwareBuilder.H747HalDirectory, "README.md"));
        var rows = System.Text.RegularExpressions.Regex.Matches(readme, @"^\| `([a-z0-9-]+)` \| `([\w.]+):(\d+)` \|",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        var documented = rows.ToDictionary(m => m.Groups[1].Value, m => (File: m.Groups[2].Value, Line: int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
        var specs = Enum.GetValues<HalVariant>().Select(FirmwareBuilder.SpecFor)
            .Concat(Enum.GetValues<DualCoreVariant>().SelectMany(v => new[] { FirmwareBuilder.SpecFor(v).Cm7, FirmwareBuilder.SpecFor(v).Cm4 }));
        var markers = FirmwareMarkers.In(specs.SelectMany(FirmwareBuilder.SourcePaths));
        Assert.NotEmpty(markers);
        foreach (var marker in markers)
        {
            Assert.True(documented.TryGetValue(marker.Name, out var row), $"@event {marker.Name} is not in the README table");
            Assert.Equal((marker.FileName, marker.Line), row);
        }
        Assert.Equal(markers.Count, documented.Count);
    }

    [Fact]
    public void The_hse_missing_variant_is_the_clean_binary()
    {
        Assert.Equal(FirmwareBuilder.BuildH747Hal(HalVariant.Clean), FirmwareBuilder.BuildH747Hal(HalVariant.HseMissing));
    }

    [Theory]
    [InlineData(HalVariant.Clean, 0x02u)]
    [InlineData(HalVariant.CleanSmps, 0x04u)]
    [InlineData(HalVariant.SupplySmpsOnLdo, 0x04u)]
    [InlineData(HalVariant.SwdOff, 0x02u)]
    public void SystemClock_Config_passes_the_documented_supply_and_ConfigSupply_writes_PWR_CR3(HalVariant variant, uint cr3)
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(variant));
        Assert.Equal([cr3], code.R0AtCallsTo("SystemClock_Config", "HAL_PWREx_ConfigSupply"));
        var accesses = code.AccessesIn("HAL_PWREx_ConfigSupply");
        Assert.Contains(accesses, a => a.IsStore && a.Address == PwrCr3);
        Assert.Contains(accesses, a => !a.IsStore && a.Address == PwrCsr1);   // ACTVOSRDY poll
        Assert.True(code.Calls("HAL_PWREx_ConfigSupply", "HAL_GetTick"), "the ACTVOSRDY wait has a SysTick timeout");
    }

    [Theory]
    [MemberData(nameof(SupplyPatterns))]
    public void Each_supply_build_passes_the_HAL_bit_pattern(H747Supply supply, uint cr3)
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(supply));
        Assert.Equal([cr3], code.R0AtCallsTo("SystemClock_Config", "HAL_PWREx_ConfigSupply"));
    }

    [Fact]
    public void Swd_off_configures_port_A_pins_13_and_14_in_MX_GPIO_Init_and_clean_does_not()
    {
        var swdOff = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.SwdOff));
        var clean = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean));
        Assert.Contains(0u, swdOff.R0AtCallsTo("MX_GPIO_Init", "HAL_GPIO_Init"));            // GPIOA
        Assert.Contains(0x6000u, FirmwareAssert.ImmediatesIn(swdOff, "MX_GPIO_Init"));        // PA13 | PA14
        Assert.DoesNotContain(0u, clean.R0AtCallsTo("MX_GPIO_Init", "HAL_GPIO_Init"));
        Assert.DoesNotContain(0x6000u, FirmwareAssert.ImmediatesIn(clean, "MX_GPIO_Init"));
    }

    [Fact]
    public void Stop_variants_enter_stop_with_WFI_and_only_stop_dbg_writes_DBGMCU_CR()
    {
        foreach (var variant in new[] { HalVariant.StopNoDbg, HalVariant.StopDbg })
        {
            var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(variant));
            Assert.True(code.Contains("HAL_PWREx_EnterSTOPMode", "wfi"), $"{variant}: no WFI");
            var stop = code.AccessesIn("HAL_PWREx_EnterSTOPMode");
            Assert.Contains(stop, a => a.IsStore && a.Address == ScbScr);     // SLEEPDEEP
            Assert.Contains(stop, a => a.IsStore && a.Address == PwrCpuCr);   // PDDS_D1 / PDDS_D3 cleared
            bool writesDbgmcu = FirmwareAssert.AllAccesses(code).Any(a => a.IsStore && a.Address == DbgmcuCr);
            Assert.Equal(variant == HalVariant.StopDbg, writesDbgmcu);
        }
        Assert.Empty(ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean)).FunctionsContaining("wfi"));
    }

    [Fact]
    public void Iwdg_variants_start_IWDG1_with_the_key_sequence_and_only_the_frozen_one_sets_the_freeze_bit_first()
    {
        foreach (var variant in new[] { HalVariant.IwdgUnfrozen, HalVariant.IwdgFrozen })
        {
            var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(variant));
            // 0xCCCC (start), 0x5555 (PR/RLR access), then the reload key 0xAAAA after PVU/RVU cleared.
            Assert.Equal([0xCCCCu, 0x5555u, 0xAAAAu], StoredTo(code, "HAL_IWDG_Init", IwdgKr));
            bool freezes = FirmwareAssert.AllAccesses(code).Any(a => a.IsStore && a.Address == DbgmcuApb4Fz1);
            Assert.Equal(variant == HalVariant.IwdgFrozen, freezes);
            if (freezes)
            {
                var main = code.Function("main");
                int freeze = main.ToList().FindIndex(i => i.TargetSymbol == "HAL_DBGMCU_FreezeIWDG1");
                int start = main.ToList().FindIndex(i => i.TargetSymbol == "HAL_IWDG_Init");
                Assert.InRange(freeze, 0, start - 1);
            }
        }
        Assert.DoesNotContain(FirmwareAssert.AllAccesses(ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean))),
            a => a.Address == IwdgKr);
    }

    [Fact]
    public void Option_bytes_variant_unlocks_OPTKEYR_programs_OPTSR_PRG_and_starts_the_change()
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.OptionBytes));
        Assert.Equal([0x0819_2A3Bu, 0x4C5D_6E7Fu], StoredTo(code, "HAL_FLASH_OB_Unlock", FlashOptKeyr));
        Assert.Contains(code.AccessesIn("HAL_FLASHEx_OBProgram_BCM4"), a => a.IsStore && a.Address == FlashOptsrPrg);
        Assert.Contains(code.AccessesIn("HAL_FLASH_OB_Launch"), a => a.IsStore && a.Address == FlashOptCr);
        var clean = FirmwareAssert.AllAccesses(ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean)));
        Assert.DoesNotContain(clean, a => a.IsStore && a.Address is FlashOptKeyr or FlashKeyr2 or FlashOptCr);
    }

    [Fact]
    public void Flash_write_variant_unlocks_bank_2_erases_a_sector_and_programs_the_log_address()
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.FlashWrite));
        Assert.Equal([0x4567_0123u, 0xCDEF_89ABu], StoredTo(code, "HAL_FLASH_Unlock", FlashKeyr2));
        Assert.Contains(code.AccessesIn("HAL_FLASHEx_Erase_Bank2Sector"), a => a.IsStore && a.Address == FlashCr2);
        Assert.Contains(7u, code.R0AtCallsTo("Log_WriteBootRecord", "HAL_FLASHEx_Erase_Bank2Sector"));
        Assert.Contains(0x081E_0000u, code.R0AtCallsTo("Log_WriteBootRecord", "HAL_FLASH_Program_FlashWord"));
    }

    [Fact]
    public void Hse_wait_forever_polls_RCC_CR_without_a_timeout_where_clean_uses_the_HAL_timeout()
    {
        var forever = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.HseWaitForever));
        Assert.Contains(forever.AccessesIn("SystemClock_Config"), a => !a.IsStore && a.Address == RccCr);
        Assert.False(forever.Calls("SystemClock_Config", "HAL_GetTick"));
        var clean = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean));
        Assert.DoesNotContain(clean.AccessesIn("SystemClock_Config"), a => a.Address == RccCr);
        Assert.True(clean.Calls("HAL_RCC_OscConfig", "HAL_GetTick"));
    }

    [Fact]
    public void Hardfault_variant_reads_the_reserved_address_from_main()
    {
        var code = ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.HardFault));
        Assert.Contains(code.AccessesIn("main"), a => !a.IsStore && a.Address == 0x3004_8000);
        Assert.DoesNotContain(FirmwareAssert.AllAccesses(ElfDisassembly.Of(FirmwareBuilder.BuildH747Hal(HalVariant.Clean))),
            a => a.Address == 0x3004_8000);
    }

    [Fact]
    public void The_CubeIDE_debug_and_release_builds_of_the_clean_variant_keep_the_entry_points()
    {
        foreach (var optimization in new[] { HalOptimization.None, HalOptimization.Size })
        {
            string elf = FirmwareBuilder.BuildH747Hal(HalVariant.Clean, optimization);
            Assert.NotEqual(FirmwareBuilder.BuildH747Hal(HalVariant.Clean), elf);
            var image = ImageReader.Read(elf);
            FirmwareAssert.ValidVectorTable(image, Bank1, 150, ramStart: 0x2000_0000, ramEnd: 0x2002_0000);
            FirmwareAssert.HasFunctions(image, "main", "SystemClock_Config", "HAL_PWREx_ConfigSupply", "Error_Handler", "HardFault_Handler");
            Assert.Equal([0x02u], ElfDisassembly.Of(elf).R0AtCallsTo("SystemClock_Config", "HAL_PWREx_ConfigSupply"));
        }
    }

    [Theory]
    [InlineData(DualCoreVariant.Clean)]
    [InlineData(DualCoreVariant.Cm4SwdOff)]
    public void Dual_core_images_boot_from_their_banks_and_carry_the_HSEM_handshake(DualCoreVariant variant)
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(variant);
        var cm7 = ImageReader.Read(images.Cm7Elf);
        var cm4 = ImageReader.Read(images.Cm4Elf);
        FirmwareAssert.ValidVectorTable(cm7, Bank1, 150, ramStart: 0x2000_0000, ramEnd: 0x2002_0000);
        FirmwareAssert.ValidVectorTable(cm4, Bank2, 150, ramStart: 0x1000_0000, ramEnd: 0x1004_8000);
        Assert.True(cm4.EndAddress <= Bank2 + 0x10_0000u, "the CM4 image stays in bank 2");
        Assert.True(cm7.EndAddress <= Bank2, "the CM7 image stays in bank 1");

        var m7 = ElfDisassembly.Of(images.Cm7Elf);
        Assert.Contains(m7.AccessesIn("SystemInit"), a => a.IsStore && a.Address == ExtiC2Emr3);   // HSEM event to CPU2
        Assert.Contains(m7.AccessesIn("main"), a => !a.IsStore && a.Address == RccCr);              // D2CKRDY
        // Semaphore 0: 1-step lock by reading HSEM_RLR0 (expects LOCK | COREID 3 = Cortex-M7), then released.
        Assert.Equal([0u], m7.R0AtCallsTo("main", "HAL_HSEM_FastTake"));
        Assert.Contains(0x8000_0300u, FirmwareAssert.ImmediatesIn(m7, "HAL_HSEM_FastTake"));
        Assert.Contains(0u, m7.R0AtCallsTo("main", "HAL_HSEM_Release"));
        Assert.Contains(0x300u, FirmwareAssert.ImmediatesIn(m7, "HAL_HSEM_Release"));

        var m4 = ElfDisassembly.Of(images.Cm4Elf);
        Assert.Contains(m4.AccessesIn("SystemInit"), a => a.IsStore && a.Address == ScbScr);       // SEVONPEND
        Assert.Contains(m4.AccessesIn("SystemInit"), a => a.IsStore && a.Address == ScbVtor);
        Assert.Contains(m4.AccessesIn("HAL_HSEM_ActivateNotification"), a => a.IsStore && a.Address == HsemC2Ier);
        Assert.Contains(m4.AccessesIn("HAL_HSEM_ClearFlag"), a => a.IsStore && a.Address == HsemC2Icr);
        Assert.True(m4.Contains("HAL_PWREx_EnterSTOPMode", "wfe"));
        Assert.Contains(m4.AccessesIn("HAL_PWREx_EnterSTOPMode"), a => a.IsStore && a.Address == PwrCpu2Cr);
        Assert.Equal([1u], m4.R0AtCallsTo("main", "HAL_HSEM_ActivateNotification"));
        Assert.Contains(0x100u, FirmwareAssert.ImmediatesIn(m4, "HAL_HSEM_Release"));                // COREID 1 = Cortex-M4

        var main4 = m4.Function("main").ToList();
        int stop = main4.FindIndex(i => i.TargetSymbol == "HAL_PWREx_EnterSTOPMode");
        var moder = m4.AccessesIn("main").Where(a => a.IsStore && a.Address == GpioaModer).ToList();
        if (variant == DualCoreVariant.Cm4SwdOff)
        {
            Assert.Single(moder);
            Assert.True(moder[0].InstructionAddress < main4[stop].Address, "PA13/PA14 change before the D2 Stop");
        }
        else
        {
            Assert.Empty(moder);
        }
    }
}
