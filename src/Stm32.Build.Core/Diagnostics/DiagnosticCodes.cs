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

    // STM0005-STM0099: the stm32 command line (usage, output files, bounded input, the safety net).
    /// <summary>An output file (report, <c>read -o</c>, state file) cannot be written where it was asked for: a directory, a missing folder, a path under a regular file, no permission.</summary>
    public const string OutputNotWritable = "STM0005";
    /// <summary>The command line names an option or command that does not exist (the message suggests the nearest one).</summary>
    public const string UnknownCommandOrOption = "STM0006";
    /// <summary>A numeric option is out of its documented range, or a value would be silently changed (e.g. a boot address below bit 16).</summary>
    public const string OptionOutOfRange = "STM0007";
    /// <summary>An input file is larger than any file of its kind can be (refused by size before it is read); special files are read with the same bound.</summary>
    public const string InputTooLarge = "STM0008";
    /// <summary>An unexpected failure inside the tool (a bug): one line with the exception, its stack trace only with <c>-v</c>.</summary>
    public const string InternalError = "STM0009";
    /// <summary>A termination signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) stopped the command after its current bounded step.</summary>
    public const string StoppedBySignal = "STM0010";
}
