using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.F4;

/// <summary>
/// The STM32F4 power controller (RM0090 chapter 5) from the chip's register table, with the ready flags firmware
/// polls in PWR_CSR: VOSRDY (bit 14, 5.4.2) reads 1 — the model's regulator is at the selected scale at once — and on
/// parts with over-drive (PWR_CR.ODEN/ODSWEN, the F42x/F43x/F446) ODRDY (bit 16) and ODSWRDY (bit 17) follow ODEN and
/// ODSWEN (5.1.4; the switching time is not modelled). Fields the SVD leaves out are declared from RM0090 5.4.2.
/// Low-power entry (PDDS/LPDS with SLEEPDEEP) is not modelled: the registers keep what is written.
/// </summary>
public sealed class F4Pwr : Peripheral
{
    /// <summary>Declares PWR from its register-table entry.</summary>
    public F4Pwr(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var cr = Registers["CR"];
        var csr = Registers["CSR"];
        Field(csr, 14, "VOSRDY").WithFlag(() => true);
        if (cr.FindField("ODEN") is { } oden && cr.FindField("ODSWEN") is { } odswen)
        {
            Field(csr, 16, "ODRDY").WithFlag(() => oden.IsSet);
            Field(csr, 17, "ODSWRDY").WithFlag(() => odswen.IsSet);
        }
        cr.Modelled();
        csr.Modelled();
    }

    private static RegisterField Field(Register register, int bit, string name) =>
        register.FindField(name) ?? register.AddField(bit, 1, name, FieldAccess.ReadOnly);
}
