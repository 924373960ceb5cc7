namespace Stm32.Build.Diagnostics;

// STM5100–STM5199: board descriptions and the twin's composition (src/Stm32.Build.VirtualBoard/Boards, Peripherals).
public static partial class DiagnosticCodes
{
    /// <summary>A board description file could not be read (missing, not JSON, larger than a board description can be).</summary>
    public const string BoardFileUnreadable = "STM5101";

    /// <summary>A board description has a property the format does not define (the message names it and its JSON path).</summary>
    public const string BoardUnknownProperty = "STM5102";

    /// <summary>A board description property has a value of the wrong kind or out of range (the message names the property and the accepted values).</summary>
    public const string BoardInvalidValue = "STM5103";

    /// <summary>No bundled board has the requested name, and no file of that name exists.</summary>
    public const string BoardNotFound = "STM5104";

    /// <summary>The board carries a different device from the one asked for.</summary>
    public const string BoardDeviceMismatch = "STM5105";

    /// <summary>A supply configuration name is not one of the known names (<c>ldo</c>, <c>direct-smps</c>, … or the HAL's <c>PWR_…</c> names).</summary>
    public const string UnknownSupplyConfiguration = "STM5106";

    /// <summary>The supply configuration does not exist on this device (an SMPS configuration on a part without SMPS).</summary>
    public const string SupplyNotOnDevice = "STM5107";

    /// <summary>An image run on the virtual board (<c>stm32 sim run</c>) has a segment outside the device's flash: a board boots from flash, so only flash images load (the message names the file and the segment's address).</summary>
    public const string BoardRunSegmentOutsideFlash = "STM5110";

    /// <summary>A board run (<c>stm32 sim run</c>) ended with the core supply lost: the firmware latched a supply configuration the board's wiring does not take.</summary>
    public const string BoardRunSupplyLost = "STM5111";
}
