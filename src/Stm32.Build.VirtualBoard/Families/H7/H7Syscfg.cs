using Stm32.Build.Execution;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 system configuration controller (RM0399 chapter 12 SYSCFG), declared from the register table and kept
/// as storage (EXTICR1–4 are read by the EXTI model by name), with SYSCFG_PWRCR.ODEN driving the VOS0 overdrive in
/// PWR (RM0399 7.6.2). Its registers cannot be written while its clock is off (RCC_APB4ENR.SYSCFGEN clear for
/// every core, RM0399 8.5.10: a peripheral is accessed only with its clock enabled): such writes are ignored and
/// logged once — the HAL enables the clock first (HAL_MspInit).
/// </summary>
public sealed class H7Syscfg : Peripheral
{
    private bool _reportedUnclocked;

    /// <summary>Declares SYSCFG from its register-table entry.</summary>
    public H7Syscfg(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        if (Registers.Find("PWRCR") is { } pwrcr)
        {
            // ODEN is bit 0 (RM0399 12.3.x SYSCFG_PWRCR; RM0433 too, where ST's SVD makes it bits 3:0).
            var oden = pwrcr.FindField("ODEN") is { Position: 0 } field ? field : pwrcr.Bit(0, "ODEN");
            oden.OnChange((_, on) => Context.Chip.Find<H7Pwr>()?.OverdriveWritten((on & 1) != 0));
        }
        foreach (var name in new[] { "EXTICR1", "EXTICR2", "EXTICR3", "EXTICR4" })
        {
            Registers.Find(name)?.Modelled(); // storage, read by the EXTI model
        }
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        if (Context.Chip.Find<H7Rcc>() is { } rcc && !rcc.IsEnabled("SYSCFG"))
        {
            if (!_reportedUnclocked)
            {
                _reportedUnclocked = true;
                Context.Log.Add(new UnmodelledAccess(Name, Registers.At(offset)?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, value & laneMask,
                    "write ignored: the SYSCFG clock is off (RCC_APB4ENR.SYSCFGEN)"));
            }
            return BusStatus.Ok;
        }
        return base.WriteWord(offset, value, laneMask, initiator);
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _reportedUnclocked = false;
        Context.Chip.Find<H7Pwr>()?.OverdriveWritten(false);
    }
}
