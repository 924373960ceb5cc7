using System.Globalization;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// The DBGMCU of the STM32L4 (RM0351 48.16 / RM0394 46.16) and STM32G4 (RM0440 47.16) at 0xE0042000 on the
/// Cortex-M4's external private peripheral bus, from the register table (registers by offset, names differ between
/// the SVDs): DBGMCU_IDCODE (0x00) with DEV_ID from the device data (0x415 L476, 0x435 L432, 0x468 G431, 0x469 G474)
/// and REV_ID the newest revision the device data knows (0x1000 when it names none); DBGMCU_CR (0x04) keeps
/// DBG_SLEEP/STOP/STANDBY; DBGMCU_APB1FZR1 (0x08) freezes the IWDG (bit 12) and WWDG (bit 11) while the core is
/// halted; APB1FZR2 (0x0C) and APB2FZR (0x10) keep what is written. Reset by a power-on reset only.
/// </summary>
public sealed class L4Dbgmcu : Peripheral
{
    private const uint IdcodeOffset = 0x00, CrOffset = 0x04, Apb1Fzr1Offset = 0x08;

    private readonly Register _apb1Fzr1;
    private readonly Register _cr;

    /// <summary>Declares DBGMCU from its register-table entry.</summary>
    public L4Dbgmcu(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        var revision = context.Device.Revisions.Keys
            .Select(k => uint.Parse(k.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0x1000u)
            .Max();
        (Registers.At(IdcodeOffset) ?? Registers.Define(IdcodeOffset, "IDCODE")).OnRead(_ => revision << 16 | context.Device.DevId);
        _cr = (Registers.At(CrOffset) ?? Registers.Define(CrOffset, "CR")).Modelled();
        _apb1Fzr1 = (Registers.At(Apb1Fzr1Offset) ?? Registers.Define(Apb1Fzr1Offset, "APB1FZR1")).Modelled();
    }

    /// <summary>DBGMCU_CR as stored (DBG_STOP bit 1, DBG_STANDBY bit 2: <see cref="Common.LowPowerControl"/>).</summary>
    public uint Control => _cr.Value;

    /// <summary>Whether DBG_IWDG_STOP is set (the IWDG stops while the core is halted).</summary>
    public bool FreezesIwdg => (_apb1Fzr1.Value & (1u << 12)) != 0;

    /// <summary>Whether <paramref name="peripheral"/> (<c>IWDG</c>, <c>WWDG</c>) stops now: its freeze bit is set and the core is halted.</summary>
    public bool IsFrozen(string peripheral)
    {
        var bit = peripheral.ToUpperInvariant() switch
        {
            "IWDG" => 12,
            "WWDG" => 11,
            _ => -1,
        };
        return bit >= 0 && (_apb1Fzr1.Value & (1u << bit)) != 0 && Context.Chip.IsCoreHalted(0);
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
        {
            base.Reset(kind);
        }
    }
}
