using Stm32.Build.Devices;
using Stm32.Build.Registers;

namespace Stm32.Build.Flashing.Boards;

/// <summary>
/// The STM32H7 supply configurations PWR_CR3 selects, named as ST's HAL names them (HAL_PWREx_ConfigSupply's
/// <c>PWR_..._SUPPLY</c> arguments), decoded from the fields of RM0399 7.8.4 "PWR control register 3" (BYPASS,
/// LDOEN, SDEN, SDEXTHP, SDLEVEL) by the table of RM0399 7.4 "Power supply configurations"; RM0433/RM0468 7.4 for
/// the parts without SMPS (LDO or bypass only). Field positions come from the device's register table, never typed.
/// </summary>
public static class SupplyConfigurations
{
    /// <summary>PWR_LDO_SUPPLY: the LDO supplies VCORE.</summary>
    public const string Ldo = "PWR_LDO_SUPPLY";
    /// <summary>PWR_DIRECT_SMPS_SUPPLY: the SMPS supplies VCORE directly, the LDO is off.</summary>
    public const string DirectSmps = "PWR_DIRECT_SMPS_SUPPLY";
    /// <summary>PWR_SMPS_1V8_SUPPLIES_LDO.</summary>
    public const string Smps1V8SuppliesLdo = "PWR_SMPS_1V8_SUPPLIES_LDO";
    /// <summary>PWR_SMPS_2V5_SUPPLIES_LDO.</summary>
    public const string Smps2V5SuppliesLdo = "PWR_SMPS_2V5_SUPPLIES_LDO";
    /// <summary>PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO.</summary>
    public const string Smps1V8SuppliesExtAndLdo = "PWR_SMPS_1V8_SUPPLIES_EXT_AND_LDO";
    /// <summary>PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO.</summary>
    public const string Smps2V5SuppliesExtAndLdo = "PWR_SMPS_2V5_SUPPLIES_EXT_AND_LDO";
    /// <summary>PWR_SMPS_1V8_SUPPLIES_EXT (LDO bypassed).</summary>
    public const string Smps1V8SuppliesExt = "PWR_SMPS_1V8_SUPPLIES_EXT";
    /// <summary>PWR_SMPS_2V5_SUPPLIES_EXT (LDO bypassed).</summary>
    public const string Smps2V5SuppliesExt = "PWR_SMPS_2V5_SUPPLIES_EXT";
    /// <summary>PWR_EXTERNAL_SOURCE_SUPPLY: VCORE from an external regulator, LDO and SMPS off.</summary>
    public const string Bypass = "PWR_EXTERNAL_SOURCE_SUPPLY";

    /// <summary>
    /// PWR_CR3 of <paramref name="device"/> when its supply is configurable (the register has LDOEN), from the
    /// primary core's register table; null otherwise.
    /// </summary>
    public static RegisterInfo? Register(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Cores[0].Registers is not { } table || !RegisterTable.TryLoad(table, out var registers))
        {
            return null;
        }
        var cr3 = registers.Find("PWR")?.Find("CR3");
        return cr3?.Find("LDOEN") is null ? null : cr3;
    }

    /// <summary>
    /// The HAL name of the configuration <paramref name="value"/> of <paramref name="cr3"/> selects, or null for the
    /// power-on default (SMPS and LDO both enabled, SDLEVEL 00) and combinations the manual's table does not list.
    /// </summary>
    public static string? Name(RegisterInfo cr3, uint value)
    {
        ArgumentNullException.ThrowIfNull(cr3);
        bool bypass = Bit(cr3, "BYPASS", value), ldo = Bit(cr3, "LDOEN", value);
        if (cr3.Find("SDEN") is not { } sden)
        {
            // No SMPS (RM0433/RM0468 7.4): LDO or bypass.
            return (ldo, bypass) switch { (true, false) => Ldo, (false, true) => Bypass, _ => null };
        }
        bool smps = sden.Get(value) != 0, external = Bit(cr3, "SDEXTHP", value);
        uint level = cr3.Find("SDLEVEL")?.Get(value) ?? 0;
        return (smps, ldo, bypass, external, level) switch
        {
            (false, true, false, _, _) => Ldo,
            (true, false, false, false, _) => DirectSmps,
            (true, true, false, false, 1) => Smps1V8SuppliesLdo,
            (true, true, false, false, 2) => Smps2V5SuppliesLdo,
            (true, true, false, true, 1) => Smps1V8SuppliesExtAndLdo,
            (true, true, false, true, 2) => Smps2V5SuppliesExtAndLdo,
            (true, false, true, true, 1) => Smps1V8SuppliesExt,
            (true, false, true, true, 2) => Smps2V5SuppliesExt,
            (false, false, true, _, _) => Bypass,
            _ => null,
        };
    }

    private static bool Bit(RegisterInfo register, string field, uint value) => register.Find(field)?.Get(value) is uint v && v != 0;
}
