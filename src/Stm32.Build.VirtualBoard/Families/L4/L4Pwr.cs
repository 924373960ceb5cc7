using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// The power controller of the STM32L4 (RM0351/RM0394 chapter 5) and STM32G4 (RM0440 chapter 6) from the chip's
/// register table, with the flags firmware polls in PWR_SR2 (offset 0x14, the same bits on both, 5.4.10 / 6.4.10):
/// VOSF (bit 10) reads 0 — the regulator reaches the range PWR_CR1.VOS selects at once — and REGLPF (bit 9) follows
/// PWR_CR1.LPR (low-power run), REGLPS (bit 8) reads 1 (the low-power regulator is ready). Low-power entry (LPMS
/// with SLEEPDEEP) is not modelled: the registers keep what is written.
/// </summary>
public sealed class L4Pwr : Peripheral
{
    private const uint Cr1Offset = 0x00, Sr2Offset = 0x14;

    /// <summary>Declares PWR from its register-table entry.</summary>
    public L4Pwr(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var cr1 = Registers.At(Cr1Offset)!.Modelled();
        var sr2 = Registers.At(Sr2Offset)!;
        var lpr = cr1.FindField("LPR") ?? cr1.AddField(14, 1, "LPR");
        Field(sr2, 8, "REGLPS").WithFlag(() => true);
        Field(sr2, 9, "REGLPF").WithFlag(() => lpr.IsSet);
        Field(sr2, 10, "VOSF").WithFlag(() => false);
        sr2.Modelled();
    }

    private static RegisterField Field(Register register, int bit, string name) =>
        register.FindField(name) ?? register.AddField(bit, 1, name, FieldAccess.ReadOnly);
}
