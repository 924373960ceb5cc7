namespace Stm32.Build.Diagnostics;

/// <summary>
/// Every STMxxxx code the product emits, in one place. Codes are stable: once released, a code keeps its meaning.
/// Ranges: STM0xxx usage and input files; STM1xxx image validation; STM2xxx image formats;
/// STM3xxx probe, transport and debug port; STM4xxx flashing, boot confirmation and recovery;
/// STM5xxx virtual board; STM6xxx firmware builds; STM7xxx instruction emulator; STM8xxx MSBuild integration.
/// Each range lives in its own partial file (<c>DiagnosticCodes.Area.cs</c>).
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>The device name is not in the device data.</summary>
    public const string UnknownDevice = "STM0001";
    /// <summary>An input file does not exist or cannot be read.</summary>
    public const string FileNotReadable = "STM0002";
    /// <summary>A command-line or property value is not valid.</summary>
    public const string InvalidArgument = "STM0003";
    /// <summary>The named core does not exist on the device.</summary>
    public const string UnknownCore = "STM0004";
}
