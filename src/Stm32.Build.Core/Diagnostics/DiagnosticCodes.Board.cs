namespace Stm32.Build.Diagnostics;

public static partial class DiagnosticCodes
{
    // STM5000–STM5499: the virtual board's chip (src/Stm32.Build.VirtualBoard/Chip).

    /// <summary>A virtual board state file could not be read: missing, truncated, corrupt, or of an unknown version.</summary>
    public const string BoardStateCorrupt = "STM5001";

    /// <summary>A virtual board state file was written for another device (its flash layout does not match).</summary>
    public const string BoardStateDeviceMismatch = "STM5002";

    /// <summary>A virtual board state file could not be written.</summary>
    public const string BoardStateNotWritable = "STM5003";

    /// <summary>The device cannot be modelled by the virtual STM32H7 chip (not an STM32H7 with the H74x/H75x flash interface).</summary>
    public const string BoardDeviceNotSupported = "STM5004";
}
