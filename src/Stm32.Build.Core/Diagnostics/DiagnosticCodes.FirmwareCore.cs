namespace Stm32.Build.Diagnostics;

// STM8600-STM8649: the core a convention firmware build compiles for (Stm32Device, Stm32Core).
public static partial class DiagnosticCodes
{
    /// <summary>A convention build of a multi-core part does not say which core it builds for (set Stm32Core, e.g. CM7 or CM4).</summary>
    public const string FirmwareCoreNotNamed = "STM8600";
    /// <summary>Stm32Core names no core of the device (e.g. CM4 on a single-core part).</summary>
    public const string FirmwareCoreUnknown = "STM8601";
}
