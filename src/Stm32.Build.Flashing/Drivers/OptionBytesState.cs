using System.Globalization;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>The option bytes in effect, as the pipeline needs them whatever the family.</summary>
public sealed record OptionBytesState
{
    /// <summary>The readout protection level (0, 1 or 2).</summary>
    public required int RdpLevel { get; init; }

    /// <summary>A one-line summary for people.</summary>
    public required string Summary { get; init; }

    /// <summary>Where each core boots with BOOT0 low, by core name, where the option bytes say (STM32H7, STM32F7).</summary>
    public IReadOnlyDictionary<string, uint> BootAddresses { get; init; } = new Dictionary<string, uint>();

    /// <summary>Whether each core starts at reset (BCM7/BCM4 on dual-core STM32H7), by core name; empty on single-core parts.</summary>
    public IReadOnlyDictionary<string, bool> CoreBoot { get; init; } = new Dictionary<string, bool>();

    /// <summary>The raw option fields read, as <c>REGISTER.FIELD</c> → value.</summary>
    public IReadOnlyDictionary<string, uint> Fields { get; init; } = new Dictionary<string, uint>();

    /// <summary>Whether the named core is kept from booting by the option bytes.</summary>
    public bool IsCoreGated(string core) => CoreBoot.TryGetValue(core, out var on) && !on;

    /// <summary>The boot address of the named core, when the option bytes hold one.</summary>
    public uint? BootAddress(string core) => BootAddresses.TryGetValue(core, out var a) ? a : null;

    /// <summary>The level as text: <c>0 (0xAA)</c>.</summary>
    public static string LevelText(int level, uint raw) => string.Create(CultureInfo.InvariantCulture, $"{level} (0x{raw:X2})");
}
