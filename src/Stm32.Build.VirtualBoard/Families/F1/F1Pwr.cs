using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 power controller (RM0008 chapter 5) from the chip's register table: PWR_CR and PWR_CSR. The F1 has
/// no regulator ready flag to poll; what the model adds is the low-power entry (PDDS/LPDS with SLEEPDEEP) and the
/// Standby/wake-up flags, attached by <see cref="Common.LowPowerControl"/> with <see cref="Common.LowPowerProfile.F1"/>.
/// PVD and the backup-domain write protection (DBP) keep what is written.
/// </summary>
public sealed class F1Pwr : Peripheral
{
    /// <summary>Declares PWR from its register-table entry.</summary>
    public F1Pwr(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
    }
}
