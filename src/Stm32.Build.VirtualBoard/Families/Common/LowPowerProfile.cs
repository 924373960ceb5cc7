namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>The system low-power mode a single-core STM32 enters when its core sleeps with SCB_SCR.SLEEPDEEP.</summary>
public enum LowPowerMode
{
    /// <summary>Not in a deep low-power mode (running, or in Sleep: WFI/WFE without SLEEPDEEP).</summary>
    Run,
    /// <summary>Stop (Stop 0/1/2 on the L4/G4/G0): clocks stopped, SRAM and registers kept; an EXTI line or interrupt wakes it.</summary>
    Stop,
    /// <summary>Standby: the core domain powered off; only NRST, a WKUP pin, the RTC or the IWDG end it, with a reset.</summary>
    Standby,
    /// <summary>Shutdown (L4/G4/G0): as Standby without the IWDG and the brown-out reset; the exit is a reset.</summary>
    Shutdown,
}

/// <summary>
/// Where a single-core STM32 family keeps its low-power controls, as data: the PWR register and bits that choose
/// Stop, Standby or Shutdown when the core sleeps deeply, the Standby/wake-up flags and the bits that clear them, and
/// the DBGMCU_CR bits that keep the debug port alive (DBG_STOP bit 1, DBG_STANDBY bit 2 on every one of these
/// families: RM0008 31.16.3, RM0090 38.16, RM0385 40.6, RM0351 48.16, RM0440 47.16, and ST's SVDs of each).
/// Used by <see cref="LowPowerControl"/>; one instance per family (<see cref="F1"/>, <see cref="F4"/> …).
/// </summary>
public sealed record LowPowerProfile
{
    /// <summary>DBGMCU_CR.DBG_STOP: FCLK and HCLK stay on in Stop, the debug port keeps answering.</summary>
    public const int DbgStopBit = 1;

    /// <summary>DBGMCU_CR.DBG_STANDBY: the digital part stays powered in Standby, the debug port keeps answering.</summary>
    public const int DbgStandbyBit = 2;

    /// <summary>The family, e.g. <c>STM32F4</c>.</summary>
    public required string Family { get; init; }

    /// <summary>The reference manual sections the facts come from.</summary>
    public required string Source { get; init; }

    /// <summary>The PWR control register's name (<c>PWR_CR</c>, <c>PWR_CR1</c>) and offset.</summary>
    public required string ControlName { get; init; }

    /// <inheritdoc cref="ControlName"/>
    public required uint ControlOffset { get; init; }

    /// <summary>
    /// PWR_CR.PDDS (F1/F4/F7): set = Standby, clear = Stop (with LPDS choosing the regulator). Null on the
    /// families that select the mode with <see cref="LpmsModes"/>.
    /// </summary>
    public int? PddsBit { get; init; }

    /// <summary>
    /// The mode of each PWR_CR1.LPMS[2:0] value (L4/G4/G0), with the manual's name of it (<c>Stop 1</c>); empty on
    /// the families with <see cref="PddsBit"/>.
    /// </summary>
    public IReadOnlyList<(LowPowerMode Mode, string Name)> LpmsModes { get; init; } = [];

    /// <summary>The PWR status register's name and offset (<c>PWR_CSR</c>, <c>PWR_CSR1</c>, <c>PWR_SR1</c>).</summary>
    public required string StatusName { get; init; }

    /// <inheritdoc cref="StatusName"/>
    public required uint StatusOffset { get; init; }

    /// <summary>SBF in the status register: set on entering Standby, kept through the reset that ends it.</summary>
    public required int SbfBit { get; init; }

    /// <summary>WUF in the status register (F1/F4: a wake-up event on the WKUP pin or from the RTC), or null.</summary>
    public int? WufBit { get; init; }

    /// <summary>EWUP in the status register (F1/F4: the WKUP pin is a wake-up source), or null (the pin always wakes).</summary>
    public int? EwupBit { get; init; }

    /// <summary>The register with the write-1 clear bits (PWR_CR on F1/F4, PWR_CR1 on F7, PWR_SCR on L4/G4/G0).</summary>
    public required string ClearName { get; init; }

    /// <inheritdoc cref="ClearName"/>
    public required uint ClearOffset { get; init; }

    /// <summary>CSBF: writing 1 clears SBF (reads 0).</summary>
    public required int CsbfBit { get; init; }

    /// <summary>CWUF: writing 1 clears WUF (reads 0), or null.</summary>
    public int? CwufBit { get; init; }

    /// <summary>Whether the family's DBGMCU_CR has DBG_STANDBY (all of these do; the G0's also lacks DBG_SLEEP).</summary>
    public bool HasDbgStandby { get; init; } = true;

    /// <summary>The mode PWR selects for a deep sleep, given the control register's value, and its name.</summary>
    public (LowPowerMode Mode, string Name) Select(uint control)
    {
        if (PddsBit is int pdds)
        {
            return (control & (1u << pdds)) != 0 ? (LowPowerMode.Standby, "Standby") : (LowPowerMode.Stop, "Stop");
        }
        return LpmsModes.Count == 0 ? (LowPowerMode.Stop, "Stop") : LpmsModes[(int)(control & (uint)(LpmsModes.Count - 1))];
    }

    /// <summary>STM32F1: RM0008 5.3 "Low-power modes", 5.4 PWR_CR (LPDS 0, PDDS 1, CWUF 2, CSBF 3), PWR_CSR (WUF 0, SBF 1, EWUP 8).</summary>
    public static LowPowerProfile F1 { get; } = Pdds("STM32F1", "RM0008 5.3 (low-power modes), 5.4 (PWR_CR, PWR_CSR), 31.16.3 (DBGMCU_CR)", "PWR_CR", "PWR_CSR");

    /// <summary>STM32F4: RM0090 5.3 "Low-power modes", 5.4 PWR_CR (LPDS 0, PDDS 1, CWUF 2, CSBF 3), PWR_CSR (WUF 0, SBF 1, EWUP 8).</summary>
    public static LowPowerProfile F4 { get; } = Pdds("STM32F4", "RM0090 5.3 (low-power modes), 5.4 (PWR_CR, PWR_CSR), 38.16 (DBGMCU_CR)", "PWR_CR", "PWR_CSR");

    /// <summary>
    /// STM32F7: RM0385/RM0410 4.3 "Low-power modes", 4.4 PWR_CR1 (LPDS 0, PDDS 1, CSBF 3), PWR_CSR1 (SBF 1);
    /// the wake-up pin flags moved to PWR_CSR2.WUPFx (cleared through PWR_CR2.CWUPFx), which keep what is written.
    /// </summary>
    public static LowPowerProfile F7 { get; } = new()
    {
        Family = "STM32F7",
        Source = "RM0385 4.3 (low-power modes), 4.4 (PWR_CR1, PWR_CSR1), 40.6 (DBGMCU_CR)",
        ControlName = "PWR_CR1",
        ControlOffset = 0x00,
        PddsBit = 1,
        StatusName = "PWR_CSR1",
        StatusOffset = 0x04,
        SbfBit = 1,
        ClearName = "PWR_CR1",
        ClearOffset = 0x00,
        CsbfBit = 3,
    };

    /// <summary>STM32L4: RM0351 5.3 "Low-power modes", 5.4 PWR_CR1.LPMS (000 Stop 0, 001 Stop 1, 010 Stop 2, 011 Standby, 1xx Shutdown), PWR_SR1.SBF (bit 8), PWR_SCR.CSBF (bit 8).</summary>
    public static LowPowerProfile L4 { get; } = Lpms("STM32L4", "RM0351 5.3 (low-power modes), 5.4 (PWR_CR1.LPMS, PWR_SR1, PWR_SCR), 48.16 (DBGMCU_CR)", "Stop 2");

    /// <summary>STM32G4: RM0440 6.3, 6.4 PWR_CR1.LPMS (000 Stop 0, 001 Stop 1, 010 reserved, 011 Standby, 1xx Shutdown), PWR_SR1.SBF, PWR_SCR.CSBF.</summary>
    public static LowPowerProfile G4 { get; } = Lpms("STM32G4", "RM0440 6.3 (low-power modes), 6.4 (PWR_CR1.LPMS, PWR_SR1, PWR_SCR), 47.16 (DBGMCU_CR)", "Stop 1 (LPMS 010 reserved)");

    /// <summary>STM32G0: RM0444 4.3, 4.4 PWR_CR1.LPMS (000 Stop 0, 001 Stop 1, 010 reserved, 011 Standby, 1xx Shutdown), PWR_SR1.SBF, PWR_SCR.CSBF; DBG_CR has DBG_STOP and DBG_STANDBY only (ST's STM32G071 SVD).</summary>
    public static LowPowerProfile G0 { get; } = Lpms("STM32G0", "RM0444 4.3 (low-power modes), 4.4 (PWR_CR1.LPMS, PWR_SR1, PWR_SCR), DBG chapter (DBG_CR)", "Stop 1 (LPMS 010 reserved)");

    private static LowPowerProfile Pdds(string family, string source, string control, string status) => new()
    {
        Family = family,
        Source = source,
        ControlName = control,
        ControlOffset = 0x00,
        PddsBit = 1,
        StatusName = status,
        StatusOffset = 0x04,
        SbfBit = 1,
        WufBit = 0,
        EwupBit = 8,
        ClearName = control,
        ClearOffset = 0x00,
        CsbfBit = 3,
        CwufBit = 2,
    };

    private static LowPowerProfile Lpms(string family, string source, string lpms010) => new()
    {
        Family = family,
        Source = source,
        ControlName = "PWR_CR1",
        ControlOffset = 0x00,
        LpmsModes =
        [
            (LowPowerMode.Stop, "Stop 0"), (LowPowerMode.Stop, "Stop 1"), (LowPowerMode.Stop, lpms010), (LowPowerMode.Standby, "Standby"),
            (LowPowerMode.Shutdown, "Shutdown"), (LowPowerMode.Shutdown, "Shutdown"), (LowPowerMode.Shutdown, "Shutdown"), (LowPowerMode.Shutdown, "Shutdown"),
        ],
        StatusName = "PWR_SR1",
        StatusOffset = 0x10,
        SbfBit = 8,
        ClearName = "PWR_SCR",
        ClearOffset = 0x18,
        CsbfBit = 8,
    };
}
