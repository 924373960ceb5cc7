using System.Globalization;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.F4;

/// <summary>
/// The DBGMCU of the STM32F4 (RM0090 38.16) at 0xE0042000 on the Cortex-M4's external private peripheral bus, from
/// the register table (DBG): DBGMCU_IDCODE with DEV_ID from the device data (0x413 for the F405/F407, 0x419 for the
/// F42x/F43x …) and REV_ID the newest revision the device data knows (0x1000 when it names none); DBGMCU_CR keeps
/// DBG_SLEEP/STOP/STANDBY; DBGMCU_APB1_FZ freezes the IWDG (bit 12) and WWDG (bit 11) while the core is halted.
/// </summary>
public sealed class F4Dbgmcu : Peripheral
{
    private readonly Register _apb1Fz;

    /// <summary>Declares DBGMCU from its register-table entry.</summary>
    public F4Dbgmcu(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var revision = context.Device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0x1000u)
            .Max();
        var idcode = Registers.Registers.First(r => r.Name.EndsWith("IDCODE", StringComparison.Ordinal));
        idcode.OnRead(_ => revision << 16 | context.Device.DevId);
        Registers.Registers.First(r => r.Name.EndsWith("_CR", StringComparison.Ordinal)).Modelled();
        _apb1Fz = Registers.Registers.First(r => r.Name.EndsWith("APB1_FZ", StringComparison.Ordinal)).Modelled();
        Registers.Registers.FirstOrDefault(r => r.Name.EndsWith("APB2_FZ", StringComparison.Ordinal))?.Modelled();
    }

    /// <summary>Whether DBG_IWDG_STOP is set (the IWDG stops while the core is halted).</summary>
    public bool FreezesIwdg => (_apb1Fz.Value & (1u << 12)) != 0;

    /// <summary>Whether <paramref name="peripheral"/> (<c>IWDG</c>, <c>WWDG</c>) stops while the core is halted.</summary>
    public bool IsFrozen(string peripheral)
    {
        var bit = peripheral.ToUpperInvariant() switch
        {
            "IWDG" or "IWDG1" => 12,
            "WWDG" or "WWDG1" => 11,
            _ => -1,
        };
        return bit >= 0 && (_apb1Fz.Value & (1u << bit)) != 0 && Context.Chip.IsCoreHalted(0);
    }

    /// <inheritdoc />
    /// <remarks>DBGMCU is reset by a power-on reset only (RM0090 38.16.3).</remarks>
    public override void Reset(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
        {
            base.Reset(kind);
        }
    }
}
