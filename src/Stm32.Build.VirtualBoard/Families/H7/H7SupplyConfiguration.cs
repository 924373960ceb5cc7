using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The PWR_CR3 supply configurations (RM0399 7.4 "Power supply configurations" and 7.8 PWR_CR3, table "Supply
/// configuration control"; RM0433/RM0468 7.4 for the parts without SMPS) and which a board's wiring takes: a board is
/// wired for one configuration (<see cref="BoardDescription.Supply"/>) and takes that one and the power-on default
/// it starts in; any other configuration leaves VCORE without a working regulator (the LDO switched off on a board
/// whose VCAP is not fed by the SMPS, the SMPS switched off where it feeds VCORE, a regulator fighting an external
/// supply) — docs/virtual-board/h7-clock-power.md has the table.
/// </summary>
public static class H7SupplyConfiguration
{
    /// <summary>PWR_CR3 BYPASS (bit 0).</summary>
    public const uint Bypass = 1u << 0;

    /// <summary>PWR_CR3 LDOEN (bit 1).</summary>
    public const uint LdoEnable = 1u << 1;

    /// <summary>PWR_CR3 SDEN (SMPSEN in ST's headers, bit 2; SCUEN on parts without SMPS).</summary>
    public const uint SmpsEnable = 1u << 2;

    /// <summary>PWR_CR3 SDEXTHP (SMPSEXTHP, bit 3): the SMPS also supplies external circuits.</summary>
    public const uint SmpsExternal = 1u << 3;

    /// <summary>PWR_CR3 SDLEVEL[1:0] (bits 5:4): 01 = 1.8 V, 10 = 2.5 V.</summary>
    public const uint SmpsLevelMask = 3u << 4;

    /// <summary>The supply configuration bits on parts with an SMPS: SDLEVEL, SDEXTHP, SDEN, LDOEN, BYPASS.</summary>
    public const uint SmpsConfigurationMask = 0x3F;

    /// <summary>The supply configuration bits on parts without an SMPS: LDOEN, BYPASS.</summary>
    public const uint LdoConfigurationMask = 0x03;

    /// <summary>The power-on default on parts with an SMPS: SDEN and LDOEN set (the PWR_CR3 reset value).</summary>
    public const uint SmpsPowerOnDefault = SmpsEnable | LdoEnable;

    /// <summary>Whether the device has the SMPS step-down converter: the STM32H745/H747/H755/H757 (RM0399 7.1; DS12930).</summary>
    public static bool HasSmps(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var name = device.Name.ToUpperInvariant();
        return name.Length >= 9 && name.StartsWith("STM32H7", StringComparison.Ordinal) && name[7] is '4' or '5' && name[8] is '5' or '7';
    }

    /// <summary>The configurations a device offers: all nine with an SMPS, <c>ldo</c> and <c>bypass</c> without.</summary>
    public static IReadOnlyList<SupplyWiring> Available(bool smps) =>
        smps ? Enum.GetValues<SupplyWiring>() : [SupplyWiring.Ldo, SupplyWiring.Bypass];

    /// <summary>The PWR_CR3 bits of a configuration, as HAL_PWREx_ConfigSupply writes them (PWR_LDO_SUPPLY = 0x02 …).</summary>
    public static uint Value(SupplyWiring wiring) => wiring switch
    {
        SupplyWiring.Ldo => LdoEnable,
        SupplyWiring.DirectSmps => SmpsEnable,
        SupplyWiring.Smps1V8SuppliesLdo => 0x10 | SmpsEnable | LdoEnable,
        SupplyWiring.Smps2V5SuppliesLdo => 0x20 | SmpsEnable | LdoEnable,
        SupplyWiring.Smps1V8SuppliesExtAndLdo => 0x10 | SmpsExternal | SmpsEnable | LdoEnable,
        SupplyWiring.Smps2V5SuppliesExtAndLdo => 0x20 | SmpsExternal | SmpsEnable | LdoEnable,
        SupplyWiring.Smps1V8SuppliesExt => 0x10 | SmpsExternal | SmpsEnable | Bypass,
        SupplyWiring.Smps2V5SuppliesExt => 0x20 | SmpsExternal | SmpsEnable | Bypass,
        _ => Bypass,
    };

    /// <summary>
    /// The configuration PWR_CR3's supply bits select (RM0399 table "Supply configuration control"), or null for
    /// the power-on default and for combinations the table does not list.
    /// </summary>
    public static SupplyWiring? Decode(uint cr3, bool smps)
    {
        if (!smps)
        {
            return (cr3 & LdoConfigurationMask) switch
            {
                LdoEnable => SupplyWiring.Ldo,
                Bypass => SupplyWiring.Bypass,
                _ => null,
            };
        }
        var level = (cr3 & SmpsLevelMask) >> 4;
        var external = (cr3 & SmpsExternal) != 0;
        return (cr3 & (SmpsEnable | LdoEnable | Bypass)) switch
        {
            LdoEnable => SupplyWiring.Ldo,
            SmpsEnable when !external => SupplyWiring.DirectSmps,
            SmpsEnable | LdoEnable when level == 1 => external ? SupplyWiring.Smps1V8SuppliesExtAndLdo : SupplyWiring.Smps1V8SuppliesLdo,
            SmpsEnable | LdoEnable when level == 2 => external ? SupplyWiring.Smps2V5SuppliesExtAndLdo : SupplyWiring.Smps2V5SuppliesLdo,
            SmpsEnable | Bypass when external && level == 1 => SupplyWiring.Smps1V8SuppliesExt,
            SmpsEnable | Bypass when external && level == 2 => SupplyWiring.Smps2V5SuppliesExt,
            Bypass => SupplyWiring.Bypass,
            _ => null,
        };
    }

    /// <summary>Whether the supply bits are the power-on default (SDEN and LDOEN, SDLEVEL 00, SDEXTHP 0) of a part with an SMPS.</summary>
    public static bool IsPowerOnDefault(uint cr3, bool smps) => smps && (cr3 & SmpsConfigurationMask) == SmpsPowerOnDefault;

    /// <summary>
    /// Whether a board wired for <paramref name="wiring"/> takes the configuration in <paramref name="cr3"/>: the
    /// configuration it is wired for, or the power-on default every board starts in. A board without a declared
    /// wiring takes anything.
    /// </summary>
    public static bool Accepts(SupplyWiring? wiring, uint cr3, bool smps) =>
        wiring is not { } w || IsPowerOnDefault(cr3, smps) || Decode(cr3, smps) == w;

    /// <summary>How a configuration value reads in messages: its name (and HAL name), or the bits when it is none.</summary>
    public static string Describe(uint cr3, bool smps)
    {
        var bits = cr3 & (smps ? SmpsConfigurationMask : LdoConfigurationMask);
        if (IsPowerOnDefault(bits, smps))
        {
            return $"0x{bits:X2} (the power-on default: SMPS and LDO enabled)";
        }
        return Decode(bits, smps) is { } w
            ? $"0x{bits:X2} ({SupplyWiringNames.Name(w)}, {SupplyWiringNames.HalName(w)})"
            : $"0x{bits:X2} (not a supply configuration of the reference manual's table)";
    }
}
