namespace Stm32.Build.Diagnostics;

// STM85xx: the MSBuild flashing targets of the Stm32.Build package (build/Stm32.Build.Flash.targets, the Stm32Flash,
// Stm32Validate, Stm32Erase, Stm32Recover, Stm32Reset, Stm32Probes and Stm32Info tasks). Documented in docs/msbuild.md.
public static partial class DiagnosticCodes
{
    /// <summary>The Flash or Stm32Validate target found no image: no Stm32Flash item and no firmware image from the build.</summary>
    public const string NothingToFlash = "STM8501";
    /// <summary>A Stm32Flash item's metadata (Core, Address, Device) or a flashing property is not valid.</summary>
    public const string FlashItemInvalid = "STM8502";
    /// <summary>No device is named: neither Stm32Device nor the item's Device metadata is set.</summary>
    public const string FlashDeviceMissing = "STM8503";
    /// <summary>The JSON report could not be written (warning; the operation's result stands).</summary>
    public const string ReportNotWritten = "STM8504";
    /// <summary>The Stm32Flash items name more than one device; one Flash run programs one chip.</summary>
    public const string FlashDevicesDiffer = "STM8505";
    /// <summary>A multi-targeted project has no target framework to flash from (TargetFrameworks and Stm32FlashTargetFramework empty).</summary>
    public const string FlashTargetFrameworkMissing = "STM8510";
}
