namespace Stm32.Build.TestSupport;

/// <summary>The parts the single-core family test firmware is built for (one program per family, sources in
/// <c>tests/firmware/f1</c>, <c>f4</c>, <c>f7</c>, <c>g0</c>, <c>g4</c>, <c>l4</c>; expectations in each README.md).</summary>
public enum FamilyPart
{
    /// <summary>STM32F103RB on a NUCLEO-F103RB (Cortex-M3).</summary>
    F103,
    /// <summary>STM32F407VG on an STM32F407G-DISC1 (Cortex-M4F).</summary>
    F407,
    /// <summary>STM32F429ZI on a NUCLEO-F429ZI (Cortex-M4F).</summary>
    F429,
    /// <summary>STM32F746ZG on a NUCLEO-F746ZG (Cortex-M7, single-precision FPU).</summary>
    F746,
    /// <summary>STM32F767ZI on a NUCLEO-F767ZI (Cortex-M7, double-precision FPU).</summary>
    F767,
    /// <summary>STM32G071RB on a NUCLEO-G071RB (Cortex-M0+).</summary>
    G071,
    /// <summary>STM32G0B1RE on a NUCLEO-G0B1RE (Cortex-M0+, dual-bank flash).</summary>
    G0B1,
    /// <summary>STM32G431RB on a NUCLEO-G431RB (Cortex-M4F).</summary>
    G431,
    /// <summary>STM32G474RE on a NUCLEO-G474RE (Cortex-M4F).</summary>
    G474,
    /// <summary>STM32L432KC on a NUCLEO-L432KC (Cortex-M4F).</summary>
    L432,
    /// <summary>STM32L476RG on a NUCLEO-L476RG (Cortex-M4F).</summary>
    L476,
}

/// <summary>The variants of the family firmware.</summary>
public enum FamilyVariant
{
    /// <summary>Clock start-up, UART text, blink: reaches the main loop.</summary>
    Clean,
    /// <summary>PA13/PA14 (SWDIO/SWCLK) made GPIO outputs in MX_GPIO_Init (on the F103 also AFIO_MAPR.SWJ_CFG = 100).</summary>
    SwdOff,
    /// <summary>STM32G071 only: FLASH_OPTR NRST_MODE = GPIO and nBOOT_SEL = 0 written, then OBL_LAUNCH.</summary>
    OptionBytes,
    /// <summary>STM32G0 (G071, G0B1) only: the IWDG started (1 s) without the debug freeze, refreshed with every blink.</summary>
    IwdgUnfrozen,
}

/// <summary>Facts of a family part the firmware and its tests rely on (from the reference manual, the datasheet and
/// the board's user manual, as the family README cites them).</summary>
/// <param name="Folder">The source folder under <c>tests/firmware</c>.</param>
/// <param name="Cpu">The <c>-mcpu</c> value.</param>
/// <param name="FpuFlags">The FPU/float-ABI flags (empty for soft float).</param>
/// <param name="FlashStart">The flash address the image and its vector table start at.</param>
/// <param name="RamStart">The start of the RAM the linker script uses.</param>
/// <param name="RamEnd">The initial SP (end of that RAM).</param>
/// <param name="Interrupts">The NVIC positions of the part (vector table length minus 16).</param>
/// <param name="CoreClockHz">The core clock the firmware prints after <c>clock ok </c>.</param>
/// <param name="ConsoleUart">The base address of the virtual COM port UART.</param>
public sealed record FamilyPartInfo(
    string Folder, string Cpu, IReadOnlyList<string> FpuFlags, uint FlashStart, uint RamStart, uint RamEnd,
    int Interrupts, uint CoreClockHz, uint ConsoleUart);

public static partial class FirmwareBuilder
{
    /// <summary>The facts of <paramref name="part"/>.</summary>
    public static FamilyPartInfo InfoFor(FamilyPart part) => part switch
    {
        FamilyPart.F103 => new("f1", "cortex-m3", [], 0x0800_0000, 0x2000_0000, 0x2000_5000, 43, 64_000_000, 0x4000_4400),
        FamilyPart.F407 => new("f4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2002_0000, 82, 168_000_000, 0x4000_4400),
        FamilyPart.F429 => new("f4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2003_0000, 91, 180_000_000, 0x4000_4800),
        FamilyPart.F746 => new("f7", "cortex-m7", ["-mfpu=fpv5-sp-d16", "-mfloat-abi=hard"], 0x0800_0000, 0x2000_0000, 0x2005_0000, 98, 216_000_000, 0x4000_4800),
        FamilyPart.F767 => new("f7", "cortex-m7", ["-mfpu=fpv5-d16", "-mfloat-abi=hard"], 0x0800_0000, 0x2000_0000, 0x2008_0000, 110, 216_000_000, 0x4000_4800),
        FamilyPart.G071 => new("g0", "cortex-m0plus", [], 0x0800_0000, 0x2000_0000, 0x2000_9000, 32, 64_000_000, 0x4000_4400),
        FamilyPart.G0B1 => new("g0", "cortex-m0plus", [], 0x0800_0000, 0x2000_0000, 0x2002_4000, 32, 64_000_000, 0x4000_4400),
        FamilyPart.G431 => new("g4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2000_5800, 102, 170_000_000, 0x4000_8000),
        FamilyPart.G474 => new("g4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2001_8000, 102, 170_000_000, 0x4000_8000),
        FamilyPart.L432 => new("l4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2000_C000, 83, 80_000_000, 0x4000_4400),
        FamilyPart.L476 => new("l4", "cortex-m4", s_m4f, 0x0800_0000, 0x2000_0000, 0x2001_8000, 82, 80_000_000, 0x4000_4400),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, null),
    };

    private static readonly string[] s_m4f = ["-mfpu=fpv4-sp-d16", "-mfloat-abi=hard"];

    /// <summary>The build recipe of a family program.</summary>
    /// <exception cref="ArgumentException"><see cref="FamilyVariant.OptionBytes"/> for a part other than the G071,
    /// <see cref="FamilyVariant.IwdgUnfrozen"/> for a part other than a G0.</exception>
    public static FirmwareSpec SpecFor(FamilyPart part, FamilyVariant variant)
    {
        if (variant == FamilyVariant.OptionBytes && part != FamilyPart.G071)
        {
            throw new ArgumentException("the option-byte variant exists for the STM32G071 only", nameof(variant));
        }
        var info = InfoFor(part);
        if (variant == FamilyVariant.IwdgUnfrozen && info.Folder != "g0")
        {
            throw new ArgumentException("the IWDG variant exists for the STM32G0 parts only", nameof(variant));
        }
        string partName = part.ToString();
        string[] board = info.Folder switch
        {
            "f1" => ["../common/uart_v1.c", "board.c"],
            "f4" => ["../common/gpio_v2.c", "../common/uart_v1.c", "board.c"],
            _ => ["../common/gpio_v2.c", "../common/uart_v2.c", "board.c"],
        };
        string[] defines = variant switch
        {
            FamilyVariant.SwdOff => ["PART_" + partName, "SWD_AS_GPIO"],
            FamilyVariant.OptionBytes => ["PART_" + partName, "OPTION_BYTES"],
            FamilyVariant.IwdgUnfrozen => ["PART_" + partName, "IWDG_UNFROZEN"],
            _ => ["PART_" + partName],
        };
        string suffix = variant switch { FamilyVariant.SwdOff => "-swd-off", FamilyVariant.OptionBytes => "-option-bytes", FamilyVariant.IwdgUnfrozen => "-iwdg", _ => "" };
        return new FirmwareSpec(
            partName.ToLowerInvariant() + suffix,
            info.Cpu,
            partName.ToLowerInvariant() + ".ld",
            ["../common/startup.S", "../common/vectors.c", "../common/hal_tick.c", "../common/exceptions.c",
             "../common/libc_min.c", "../common/main_family.c", .. board],
            defines)
        {
            Folder = info.Folder,
            IncludeFolders = ["common"],
            ExtraFlags = [.. info.FpuFlags, "-Og", .. HalFlags],
            Libraries = ["-lgcc"],
        };
    }

    /// <summary>Builds (or finds in the cache) a family program; returns the .elf path.</summary>
    public static string BuildFamily(FamilyPart part, FamilyVariant variant = FamilyVariant.Clean) => Build(SpecFor(part, variant));
}
