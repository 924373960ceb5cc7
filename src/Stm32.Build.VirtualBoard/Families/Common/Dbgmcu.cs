using System.Globalization;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// The DBGMCU of the STM32F4 (RM0090 38.16) and STM32F7 (RM0385/RM0410 40.6) at 0xE0042000 on the core's external
/// private peripheral bus, from the register table (DBG): DBGMCU_IDCODE with DEV_ID from the device data (0x413 for
/// the F405/F407, 0x419 for the F42x/F43x, 0x449 for the F74x/F75x, 0x451 for the F76x/F77x …) and REV_ID the newest revision the device data knows (0x1000 when it names none); DBGMCU_CR keeps
/// DBG_SLEEP/STOP/STANDBY; DBGMCU_APB1_FZ freezes the IWDG (bit 12) and WWDG (bit 11) while the core is halted.
/// </summary>
public sealed class Dbgmcu : Peripheral
{
    private readonly Register _apb1Fz;
    private readonly Register _cr;

    /// <summary>Declares DBGMCU from its register-table entry.</summary>
    public Dbgmcu(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var revision = context.Device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0x1000u)
            .Max();
        var idcode = Registers.Registers.First(r => r.Name.EndsWith("IDCODE", StringComparison.Ordinal));
        idcode.OnRead(_ => revision << 16 | context.Device.DevId);
        // DBGMCU_CR at 0x04, DBGMCU_APB1_FZ at 0x08, DBGMCU_APB2_FZ at 0x0C (RM0090 38.16, RM0385/RM0410 40.6): ST's
        // STM32F767 SVD declares DBGMCU_IDCODE only, so the model declares the others where the table lacks them.
        _cr = (Registers.At(0x04) ?? Registers.Define(0x04, "DBGMCU_CR")).Modelled();
        _apb1Fz = (Registers.At(0x08) ?? Registers.Define(0x08, "DBGMCU_APB1_FZ")).Modelled();
        (Registers.At(0x0C) ?? Registers.Define(0x0C, "DBGMCU_APB2_FZ")).Modelled();
    }

    /// <summary>DBGMCU_CR as stored (DBG_SLEEP bit 0, DBG_STOP bit 1, DBG_STANDBY bit 2: <see cref="LowPowerControl"/>).</summary>
    public uint Control => _cr.Value;

    /// <summary>Whether DBG_IWDG_STOP is set (the IWDG stops while the core is halted).</summary>
    public bool FreezesIwdg => (_apb1Fz.Value & (1u << 12)) != 0;

    /// <summary>Whether DBG_WWDG_STOP is set (the WWDG stops while the core is halted).</summary>
    public bool FreezesWwdg => (_apb1Fz.Value & (1u << 11)) != 0;

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
