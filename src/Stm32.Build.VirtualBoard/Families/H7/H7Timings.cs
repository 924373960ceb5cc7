namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// Frequencies and start-up times of the STM32H7 clock and power blocks. Frequencies are the reference manual's
/// (RM0399 8.5.2 "Clock sources"); start-up times are the typical values of the STM32H747xI/G datasheet DS12930,
/// section 6.3 "Operating conditions" (the tables named per constant); where the datasheet gives no figure the value
/// is the model's estimate and says so (docs/virtual-board/h7-clock-power.md lists them).
/// </summary>
internal static class H7Timings
{
    /// <summary>HSI nominal frequency (RM0399 8.5.2: 64 MHz RC oscillator, divided by HSIDIV 1/2/4/8).</summary>
    public const long HsiHz = 64_000_000;

    /// <summary>CSI nominal frequency (RM0399 8.5.2: 4 MHz low-power RC oscillator).</summary>
    public const long CsiHz = 4_000_000;

    /// <summary>HSI48 nominal frequency (RM0399 8.5.2: 48 MHz RC oscillator).</summary>
    public const long Hsi48Hz = 48_000_000;

    /// <summary>LSI nominal frequency (RM0399 8.5.2: 32 kHz low-speed internal RC oscillator).</summary>
    public const long LsiHz = 32_000;

    /// <summary>HSI start-up time tsu(HSI), typical (DS12930 table "HSI oscillator characteristics").</summary>
    public const long HsiStartupNs = 4_000;

    /// <summary>CSI start-up time tsu(CSI), typical (DS12930 table "CSI oscillator characteristics").</summary>
    public const long CsiStartupNs = 1_000;

    /// <summary>HSI48 start-up time tsu(HSI48), typical (DS12930 table "HSI48 oscillator characteristics").</summary>
    public const long Hsi48StartupNs = 2_100;

    /// <summary>LSI start-up time tsu(LSI), typical (DS12930 table "LSI oscillator characteristics").</summary>
    public const long LsiStartupNs = 80_000;

    /// <summary>HSE crystal start-up time tsu(HSE), typical, VDD stabilised (DS12930 table "4-48 MHz HSE oscillator characteristics").</summary>
    public const long HseCrystalStartupNs = 2_000_000;

    /// <summary>
    /// HSE in bypass mode (an external clock on OSC_IN): no oscillator to start; the model sets HSERDY 1 µs after
    /// HSEON (estimate: the datasheet gives no start-up time for an external clock).
    /// </summary>
    public const long HseBypassStartupNs = 1_000;

    /// <summary>LSE crystal start-up time tsu(LSE), typical, VDD stabilised (DS12930 table "LSE oscillator characteristics (fLSE = 32.768 kHz)").</summary>
    public const long LseCrystalStartupNs = 2_000_000_000;

    /// <summary>LSE in bypass mode: 1 µs (estimate, as for the HSE).</summary>
    public const long LseBypassStartupNs = 1_000;

    /// <summary>PLL lock time tLOCK in integer mode, typical (DS12930 table "PLL characteristics (wide VCO frequency range)").</summary>
    public const long PllLockNs = 50_000;

    /// <summary>PLL lock time tLOCK in fractional (sigma-delta) mode, typical (same table).</summary>
    public const long PllFractionalLockNs = 58_000;

    /// <summary>HSIDIV change until HSIDIVF is set again: a few HSI cycles (RM0399 RCC_CR HSIDIVF); 100 ns (estimate).</summary>
    public const long HsiDividerSettleNs = 100;

    /// <summary>
    /// From the PWR_CR3 supply configuration write until ACTVOSRDY is set: the regulator settling, 100 µs (estimate:
    /// the datasheet gives no figure; HAL allows up to 1 s, PWR_FLAG_SETTING_DELAY).
    /// </summary>
    public const long SupplySettleNs = 100_000;

    /// <summary>A VOS change (PWR_D3CR.VOS, SYSCFG_PWRCR.ODEN) until VOSRDY is set: 10 µs (estimate).</summary>
    public const long VosTransitionNs = 10_000;
}
