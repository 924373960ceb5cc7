using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The DBGMCU of the STM32F1 (RM0008 31.16) at 0xE0042000 on the Cortex-M3's external private peripheral bus, from
/// the register table (DBG): DBGMCU_IDCODE with DEV_ID from the device data (0x410 medium density, 0x414 high
/// density) and REV_ID the newest revision the device data knows; DBGMCU_CR keeps DBG_SLEEP/STOP/STANDBY, the trace
/// pin assignment and the freeze bits (DBG_IWDG_STOP bit 8, DBG_WWDG_STOP bit 9, the timers') and is reset by a
/// power-on reset only (31.16.3). Both registers read 0 to the firmware unless the core is in debug mode (a debugger
/// set DHCSR.C_DEBUGEN): the F1's errata sheets ("Debug registers cannot be read by user software", as ST quotes it on
/// its community forum) say they are accessible in debug mode only and read 0x00 in user mode; firmware run under a
/// debugger reads the ID, without one 0.
/// </summary>
public sealed class F1Dbgmcu : Peripheral
{
    private const uint IdcodeOffset = 0x0, CrOffset = 0x4;

    private readonly Register _cr;

    /// <summary>Declares DBGMCU from its register-table entry.</summary>
    public F1Dbgmcu(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var revision = context.Device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0u)
            .Max();
        Registers["IDCODE"].OnRead(_ => revision << 16 | context.Device.DevId);
        _cr = Registers["CR"].Modelled();
    }

    /// <summary>DBGMCU_CR as stored (DBG_SLEEP bit 0, DBG_STOP bit 1, DBG_STANDBY bit 2: <see cref="Common.LowPowerControl"/>).</summary>
    public uint Control => _cr.Value;

    /// <summary>Whether DBG_IWDG_STOP is set (the IWDG stops while the core is halted).</summary>
    public bool FreezesIwdg => _cr["DBG_IWDG_STOP"].IsSet;

    /// <summary>Whether DBG_WWDG_STOP is set (the WWDG stops while the core is halted).</summary>
    public bool FreezesWwdg => _cr["DBG_WWDG_STOP"].IsSet;

    /// <summary>Whether <paramref name="peripheral"/> (<c>IWDG</c>, <c>WWDG</c>, <c>TIM2</c> …) stops while the core is halted.</summary>
    public bool IsFrozen(string peripheral)
    {
        var field = _cr.FindField($"DBG_{peripheral.ToUpperInvariant()}_STOP");
        return field is not null && field.IsSet && Context.Chip.IsCoreHalted(0);
    }

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        if (!initiator.IsDebugger && !Context.Chip.IsCoreInDebugMode(0) && offset is IdcodeOffset or CrOffset)
        {
            value = 0; // the F1 errata sheets: not readable by user software outside debug mode
            return BusStatus.Ok;
        }
        return base.ReadWord(offset, initiator, out value);
    }

    /// <inheritdoc />
    /// <remarks>DBGMCU is reset by a power-on reset only (RM0008 31.16.3).</remarks>
    public override void Reset(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
        {
            base.Reset(kind);
        }
    }
}
