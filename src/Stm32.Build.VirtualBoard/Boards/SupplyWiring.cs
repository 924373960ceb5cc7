namespace Stm32.Build.VirtualBoard.Boards;

/// <summary>
/// The STM32H7 power-supply configurations (RM0399 7.4 "Power supply configurations", table "Supply configuration
/// control"), each naming the board wiring that takes it. Parts with an SMPS (H745/H747/H755/H757) have all of
/// them; parts without (H743/H753/H723/H733) have <see cref="Ldo"/> and <see cref="Bypass"/> only.
/// </summary>
public enum SupplyWiring
{
    /// <summary><c>ldo</c> (HAL <c>PWR_LDO_SUPPLY</c>): the LDO supplies VCORE from VDD; the SMPS is unused.</summary>
    Ldo,
    /// <summary><c>direct-smps</c> (<c>PWR_DIRECT_SMPS_SUPPLY</c>): the SMPS supplies VCORE directly; the LDO is off.</summary>
    DirectSmps,
    /// <summary><c>smps-1v8-supplies-ldo</c> (<c>PWR_SMPS_1V8_SUPPLIES_LDO</c>): the SMPS makes 1.8 V, which feeds the LDO.</summary>
    Smps1V8SuppliesLdo,
    /// <summary><c>smps-2v5-supplies-ldo</c> (<c>PWR_SMPS_2V5_SUPPLIES_LDO</c>): the SMPS makes 2.5 V, which feeds the LDO.</summary>
    Smps2V5SuppliesLdo,
    /// <summary><c>smps-1v8-supplies-ext-and-ldo</c>: the SMPS makes 1.8 V for external circuits and the LDO.</summary>
    Smps1V8SuppliesExtAndLdo,
    /// <summary><c>smps-2v5-supplies-ext-and-ldo</c>: the SMPS makes 2.5 V for external circuits and the LDO.</summary>
    Smps2V5SuppliesExtAndLdo,
    /// <summary><c>smps-1v8-supplies-ext</c>: the SMPS makes 1.8 V for external circuits; VCORE comes from outside (LDO bypassed).</summary>
    Smps1V8SuppliesExt,
    /// <summary><c>smps-2v5-supplies-ext</c>: the SMPS makes 2.5 V for external circuits; VCORE comes from outside (LDO bypassed).</summary>
    Smps2V5SuppliesExt,
    /// <summary><c>bypass</c> (<c>PWR_EXTERNAL_SOURCE_SUPPLY</c>): VCORE comes from an external regulator; LDO and SMPS off.</summary>
    Bypass,
}

/// <summary>The names of <see cref="SupplyWiring"/> on the command line and in board files, with the HAL's names as aliases.</summary>
public static class SupplyWiringNames
{
    private static readonly (SupplyWiring Wiring, string Name, string HalName)[] s_names =
    [
        (SupplyWiring.Ldo, "ldo", "PWR_LDO_SUPPLY"),
        (SupplyWiring.DirectSmps, "direct-smps", "PWR_DIRECT_SMPS_SUPPLY"),
        (SupplyWiring.Smps1V8SuppliesLdo, "smps-1v8-supplies-ldo", "PWR_SMPS_1V8_SUPPLIES_LDO"),
        (SupplyWiring.Smps2V5SuppliesLdo, "smps-2v5-supplies-ldo", "PWR_SMPS_2V5_SUPPLIES_LDO"),
        (SupplyWiring.Smps1V8SuppliesExtAndLdo, "smps-1v8-supplies-ext-and-ldo", "PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO"),
        (SupplyWiring.Smps2V5SuppliesExtAndLdo, "smps-2v5-supplies-ext-and-ldo", "PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO"),
        (SupplyWiring.Smps1V8SuppliesExt, "smps-1v8-supplies-ext", "PWR_SMPS_1V8_SUPPLIES_EXT"),
        (SupplyWiring.Smps2V5SuppliesExt, "smps-2v5-supplies-ext", "PWR_SMPS_2V5_SUPPLIES_EXT"),
        (SupplyWiring.Bypass, "bypass", "PWR_EXTERNAL_SOURCE_SUPPLY"),
    ];

    /// <summary>Every accepted name, the product's first, then the HAL's.</summary>
    public static IEnumerable<string> All => s_names.Select(n => n.Name).Concat(s_names.Select(n => n.HalName));

    /// <summary>The product's name of <paramref name="wiring"/>, e.g. <c>direct-smps</c>.</summary>
    public static string Name(SupplyWiring wiring) => s_names.First(n => n.Wiring == wiring).Name;

    /// <summary>The HAL's name of <paramref name="wiring"/>, e.g. <c>PWR_DIRECT_SMPS_SUPPLY</c>.</summary>
    public static string HalName(SupplyWiring wiring) => s_names.First(n => n.Wiring == wiring).HalName;

    /// <summary>Parses a name or HAL alias (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string? text, out SupplyWiring wiring)
    {
        var t = (text ?? "").Trim();
        foreach (var (w, name, hal) in s_names)
        {
            if (string.Equals(t, name, StringComparison.OrdinalIgnoreCase) || string.Equals(t, hal, StringComparison.OrdinalIgnoreCase))
            {
                wiring = w;
                return true;
            }
        }
        wiring = default;
        return false;
    }
}
