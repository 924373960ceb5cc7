using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.F7;

/// <summary>
/// The STM32F7 power controller (RM0385/RM0410 chapter 4, "Power controller (PWR)") from the chip's register table
/// (CR1, CSR1, CR2, CSR2), with the ready flags firmware polls in PWR_CSR1 (4.4.2): VOSRDY (bit 14) reads 1 — the
/// model's regulator is at the scale PWR_CR1.VOS selects at once; ODRDY (bit 16) follows PWR_CR1.ODEN and ODSWRDY
/// (bit 17) follows ODSWEN (4.1.4 "Entering Over-drive mode": ST's HAL sets ODEN, polls ODRDY, sets ODSWEN, polls
/// ODSWRDY; the switching times are not modelled). Under-drive (UDEN/UDRDY), wake-up pins and low-power entry keep
/// what is written.
/// </summary>
public sealed class F7Pwr : Peripheral
{
    /// <summary>Declares PWR from its register-table entry.</summary>
    public F7Pwr(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var cr1 = Registers["CR1"];
        var csr1 = Registers["CSR1"];
        var oden = cr1["ODEN"];
        var odswen = cr1["ODSWEN"];
        csr1["VOSRDY"].WithFlag(() => true);
        csr1["ODRDY"].WithFlag(() => oden.IsSet);
        csr1["ODSWRDY"].WithFlag(() => odswen.IsSet);
        cr1.Modelled();
        csr1.Modelled();
    }

    /// <summary>Whether over-drive is on and the core supply switched to it (PWR_CSR1.ODSWRDY).</summary>
    public bool OverDrive => (Registers["CSR1"].Read() & (1u << 17)) != 0;
}
