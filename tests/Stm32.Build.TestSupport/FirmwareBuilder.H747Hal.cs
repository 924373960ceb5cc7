namespace Stm32.Build.TestSupport;

/// <summary>
/// The STM32H747 HAL-style test programs (sources in <c>tests/firmware/h747hal</c>, expectations per variant in
/// its README.md): CubeMX-like start-up to 480 MHz, USART1 text, LED blink, and one variant per hazard.
/// </summary>
public enum HalVariant
{
    /// <summary>LDO supply; reaches the main loop and blinks (the reference build).</summary>
    Clean,
    /// <summary>Direct SMPS supply; otherwise as <see cref="Clean"/> (matches a board wired for direct SMPS).</summary>
    CleanSmps,
    /// <summary>Direct SMPS supply, to be run on a board wired for LDO (the reported failure).</summary>
    SupplySmpsOnLdo,
    /// <summary>MX_GPIO_Init makes PA13/PA14 (SWDIO/SWCLK) push-pull outputs after the clock set-up.</summary>
    SwdOff,
    /// <summary>The main loop enters Stop (D1 and D3 DStop, WFI) without the DBGMCU_CR low-power debug bits.</summary>
    StopNoDbg,
    /// <summary>As <see cref="StopNoDbg"/> with DBGSLEEP_D1, DBGSTOP_D1 and DBGSTOP_D3 set first.</summary>
    StopDbg,
    /// <summary>IWDG1 started (2 s) without the DBGMCU_APB4FZ1 freeze bit; refreshed every blink.</summary>
    IwdgUnfrozen,
    /// <summary>As <see cref="IwdgUnfrozen"/> with DBG_IWDG1 (freeze under debug) set first.</summary>
    IwdgFrozen,
    /// <summary>Clears the BCM4 option bit through OPTKEYR/OPTSR_PRG/OPTSTART (Cortex-M4 boot gated from the next reset).</summary>
    OptionBytes,
    /// <summary>Erases bank 2 sector 7 (0x081E0000) and programs one 256-bit log record there.</summary>
    FlashWrite,
    /// <summary>The <see cref="Clean"/> binary, to be run on a board without HSE: HSERDY never sets, HAL times out, Error_Handler.</summary>
    HseMissing,
    /// <summary>Polls HSERDY without a timeout: on a board without HSE it waits for ever.</summary>
    HseWaitForever,
    /// <summary>Reads a reserved address (0x30048000) after the clock set-up: BusFault escalated to HardFault.</summary>
    HardFault,
    /// <summary>As <see cref="StopNoDbg"/>, but SysTick is left running into Stop (no HAL_SuspendTick).</summary>
    StopKeepTickNoDbg,
    /// <summary>As <see cref="StopDbg"/>, but SysTick is left running into Stop (no HAL_SuspendTick).</summary>
    StopKeepTickDbg,
}

/// <summary>The dual-core (CM7 + CM4) HAL-style builds.</summary>
public enum DualCoreVariant
{
    /// <summary>LDO supply; HSEM boot handshake; both cores blink and print.</summary>
    Clean,
    /// <summary>As <see cref="Clean"/>, but the Cortex-M4 turns PA13/PA14 into outputs first thing after reset.</summary>
    Cm4SwdOff,
    /// <summary>As <see cref="Clean"/>, but the Cortex-M7 configures the direct SMPS (the Cortex-M4 parks in D2 Stop
    /// before it does, as CubeMX's dual-core boot has it).</summary>
    SupplySmps,
}

/// <summary>The supply configurations HAL_PWREx_ConfigSupply accepts (the PWR_CR3 patterns of RM0399 chapter 7).</summary>
public enum H747Supply
{
    /// <summary>PWR_LDO_SUPPLY: LDOEN (0x02).</summary>
    Ldo,
    /// <summary>PWR_DIRECT_SMPS_SUPPLY: SMPSEN (0x04).</summary>
    DirectSmps,
    /// <summary>PWR_SMPS_1V8_SUPPLIES_LDO (0x16).</summary>
    Smps1V8SuppliesLdo,
    /// <summary>PWR_SMPS_2V5_SUPPLIES_LDO (0x26).</summary>
    Smps2V5SuppliesLdo,
    /// <summary>PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO (0x1E).</summary>
    Smps1V8SuppliesExtAndLdo,
    /// <summary>PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO (0x2E).</summary>
    Smps2V5SuppliesExtAndLdo,
    /// <summary>PWR_SMPS_1V8_SUPPLIES_EXT (0x1D).</summary>
    Smps1V8SuppliesExt,
    /// <summary>PWR_SMPS_2V5_SUPPLIES_EXT (0x2D).</summary>
    Smps2V5SuppliesExt,
    /// <summary>PWR_EXTERNAL_SOURCE_SUPPLY: BYPASS (0x01).</summary>
    Bypass,
}

/// <summary>How the HAL-style firmware is optimised (every level keeps -g line information).</summary>
public enum HalOptimization
{
    /// <summary><c>-Og</c> (default): optimised for debugging; every function of the source stays a function.</summary>
    Debugging,
    /// <summary><c>-O0 -g3</c>: what a CubeIDE Debug configuration builds.</summary>
    None,
    /// <summary><c>-Os</c>: what a CubeIDE Release configuration builds (small static functions get inlined).</summary>
    Size,
    /// <summary><c>-O2</c>: optimised for speed (more inlining than <c>-Og</c>).</summary>
    Speed,
}

/// <summary>The two images of a dual-core build.</summary>
/// <param name="Cm7Elf">The Cortex-M7 image (flash bank 1, 0x08000000).</param>
/// <param name="Cm4Elf">The Cortex-M4 image (flash bank 2, 0x08100000).</param>
public sealed record DualCoreImages(string Cm7Elf, string Cm4Elf);

public static partial class FirmwareBuilder
{
    private static readonly string[] s_h747HalCommon =
        ["../common/startup.S", "../common/vectors.c", "../common/hal_tick.c", "../common/exceptions.c", "../common/libc_min.c",
         "system_h747.c", "pwr.c", "rcc.c", "gpio_uart.c", "flash_iwdg_hsem.c"];

    /// <summary>The folder of the HAL-style STM32H747 firmware (<c>tests/firmware/h747hal</c>).</summary>
    public static string H747HalDirectory => RepositoryPaths.Combine("tests", "firmware", "h747hal");

    /// <summary>The HAL macro name a <see cref="H747Supply"/> is built with (<c>SUPPLY=…</c>).</summary>
    public static string HalName(H747Supply supply) => supply switch
    {
        H747Supply.Ldo => "PWR_LDO_SUPPLY",
        H747Supply.DirectSmps => "PWR_DIRECT_SMPS_SUPPLY",
        H747Supply.Smps1V8SuppliesLdo => "PWR_SMPS_1V8_SUPPLIES_LDO",
        H747Supply.Smps2V5SuppliesLdo => "PWR_SMPS_2V5_SUPPLIES_LDO",
        H747Supply.Smps1V8SuppliesExtAndLdo => "PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO",
        H747Supply.Smps2V5SuppliesExtAndLdo => "PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO",
        H747Supply.Smps1V8SuppliesExt => "PWR_SMPS_1V8_SUPPLIES_EXT",
        H747Supply.Smps2V5SuppliesExt => "PWR_SMPS_2V5_SUPPLIES_EXT",
        H747Supply.Bypass => "PWR_EXTERNAL_SOURCE_SUPPLY",
        _ => throw new ArgumentOutOfRangeException(nameof(supply), supply, null),
    };

    /// <summary>The build recipe of a single-core (Cortex-M7 only) HAL-style variant.</summary>
    public static FirmwareSpec SpecFor(HalVariant variant) => variant switch
    {
        HalVariant.Clean or HalVariant.HseMissing => H747HalCm7("clean", H747Supply.Ldo),
        HalVariant.CleanSmps => H747HalCm7("clean-smps", H747Supply.DirectSmps),
        HalVariant.SupplySmpsOnLdo => H747HalCm7("supply-smps-on-ldo", H747Supply.DirectSmps),
        HalVariant.SwdOff => H747HalCm7("swd-off", H747Supply.Ldo, "SWD_AS_GPIO"),
        HalVariant.StopNoDbg => H747HalCm7("stop-no-dbg", H747Supply.Ldo, "STOP_MODE"),
        HalVariant.StopDbg => H747HalCm7("stop-dbg", H747Supply.Ldo, "STOP_MODE", "DBG_LOWPOWER"),
        HalVariant.StopKeepTickNoDbg => H747HalCm7("stop-keep-tick-no-dbg", H747Supply.Ldo, "STOP_MODE", "STOP_KEEP_TICK"),
        HalVariant.StopKeepTickDbg => H747HalCm7("stop-keep-tick-dbg", H747Supply.Ldo, "STOP_MODE", "STOP_KEEP_TICK", "DBG_LOWPOWER"),
        HalVariant.IwdgUnfrozen => H747HalCm7("iwdg-unfrozen", H747Supply.Ldo, "IWDG_ENABLE"),
        HalVariant.IwdgFrozen => H747HalCm7("iwdg-frozen", H747Supply.Ldo, "IWDG_ENABLE", "IWDG_FREEZE"),
        HalVariant.OptionBytes => H747HalCm7("option-bytes", H747Supply.Ldo, "OPTION_BYTES"),
        HalVariant.FlashWrite => H747HalCm7("flash-write", H747Supply.Ldo, "FLASH_LOG"),
        HalVariant.HseWaitForever => H747HalCm7("hse-wait-forever", H747Supply.Ldo, "HSE_NO_TIMEOUT"),
        HalVariant.HardFault => H747HalCm7("hardfault", H747Supply.Ldo, "BUS_FAULT"),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>The build recipes of a dual-core variant (Cortex-M7 image, Cortex-M4 image).</summary>
    public static (FirmwareSpec Cm7, FirmwareSpec Cm4) SpecFor(DualCoreVariant variant) => variant switch
    {
        DualCoreVariant.Clean => (H747HalDual("dual-cm7", false), H747HalDual("dual-cm4", true)),
        DualCoreVariant.Cm4SwdOff => (H747HalDual("dual-cm7", false), H747HalDual("dual-cm4-swd-off", true, "SWD_AS_GPIO_EARLY")),
        DualCoreVariant.SupplySmps => (H747HalDual("dual-cm7-smps", false, H747Supply.DirectSmps), H747HalDual("dual-cm4", true)),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>Builds (or finds in the cache) a single-core HAL-style STM32H747 program; returns the .elf path.
    /// <see cref="HalVariant.HseMissing"/> returns the <see cref="HalVariant.Clean"/> image itself.</summary>
    public static string BuildH747Hal(HalVariant variant, HalOptimization optimization = HalOptimization.Debugging) =>
        Build(WithOptimization(SpecFor(variant), optimization));

    /// <summary><paramref name="spec"/> built at another optimisation level (its name gets a suffix).</summary>
    public static FirmwareSpec WithOptimization(FirmwareSpec spec, HalOptimization optimization) => optimization switch
    {
        HalOptimization.Debugging => spec,
        HalOptimization.None => spec with { Name = spec.Name + "-o0", ExtraFlags = [.. spec.ExtraFlags.Where(f => f != "-Og"), "-O0", "-g3"] },
        HalOptimization.Size => spec with { Name = spec.Name + "-os", ExtraFlags = [.. spec.ExtraFlags.Where(f => f != "-Og"), "-Os"] },
        HalOptimization.Speed => spec with { Name = spec.Name + "-o2", ExtraFlags = [.. spec.ExtraFlags.Where(f => f != "-Og"), "-O2"] },
        _ => throw new ArgumentOutOfRangeException(nameof(optimization), optimization, null),
    };

    /// <summary>Builds the clean HAL-style program with another supply configuration (the same code as
    /// <see cref="HalVariant.Clean"/>, <c>SUPPLY=</c> changed): for supply-against-wiring matrices.</summary>
    public static string BuildH747Hal(H747Supply supply) => Build(H747HalCm7("supply-" + HalName(supply).ToLowerInvariant(), supply));

    /// <summary>Builds (or finds in the cache) both images of a dual-core HAL-style program.</summary>
    public static DualCoreImages BuildH747HalDualCore(DualCoreVariant variant)
    {
        var (cm7, cm4) = SpecFor(variant);
        return new DualCoreImages(Build(cm7), Build(cm4));
    }

    private static FirmwareSpec H747HalCm7(string name, H747Supply supply, params string[] defines) =>
        H747Hal(name, "cortex-m7", "cm7.ld", "main_cm7.c", ["CORE_CM7", "SUPPLY=" + HalName(supply), .. defines], "-mfpu=fpv5-d16");

    private static FirmwareSpec H747HalDual(string name, bool cm4, params string[] defines) => H747HalDual(name, cm4, H747Supply.Ldo, defines);

    private static FirmwareSpec H747HalDual(string name, bool cm4, H747Supply supply, params string[] defines) => cm4
        ? H747Hal(name, "cortex-m4", "cm4.ld", "main_cm4.c", ["CORE_CM4", "DUAL_CORE", .. defines], "-mfpu=fpv4-sp-d16")
        : H747Hal(name, "cortex-m7", "cm7.ld", "main_cm7.c", ["CORE_CM7", "DUAL_CORE", "SUPPLY=" + HalName(supply), .. defines], "-mfpu=fpv5-d16");

    private static FirmwareSpec H747Hal(string name, string cpu, string script, string main, string[] defines, string fpu) =>
        new("h747hal-" + name, cpu, script, [.. s_h747HalCommon, main], ["STM32H747xx", .. defines])
        {
            Folder = "h747hal",
            IncludeFolders = ["common"],
            ExtraFlags = [fpu, "-mfloat-abi=hard", "-Og", .. HalFlags],
            Libraries = ["-lgcc"],
        };

    /// <summary>Flags of every HAL-style image after <see cref="CommonFlags"/> and the optimisation level: no
    /// identical-code folding (each handler keeps its own address, so a PC names the right one) and no inlining of
    /// functions called once (SystemClock_Config, MX_GPIO_Init, MX_USARTx_UART_Init stay functions, as in a
    /// CubeIDE Debug build).</summary>
    public static readonly IReadOnlyList<string> HalFlags = ["-fno-ipa-icf", "-fno-inline-functions-called-once"];
}
