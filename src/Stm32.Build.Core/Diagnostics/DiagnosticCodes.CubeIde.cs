namespace Stm32.Build.Diagnostics;

// STM64xx: STM32CubeIDE project import, beyond the STM61xx basics: the MCU's core, options the importer does not
// translate, pre-build and post-build steps.
public static partial class DiagnosticCodes
{
    /// <summary>The .cproject's MCU is neither in the device data nor of an STM32 series whose core is known (and the project sets no Stm32Cpu).</summary>
    public const string CubeIdeMcuUnknown = "STM6401";
    /// <summary>The .cproject's CPU index names no core of the part (e.g. core 1 of a single-core part).</summary>
    public const string CubeIdeCoreIndexInvalid = "STM6402";
    /// <summary>A .cproject option the importer does not translate (warning; the option is ignored).</summary>
    public const string CubeIdeOptionNotTranslated = "STM6403";
    /// <summary>A pre-build or post-build step that cannot run here (warning naming the step and why).</summary>
    public const string CubeIdeBuildStepNotRun = "STM6404";
    /// <summary>A pre-build or post-build step failed (its exit code is not 0).</summary>
    public const string CubeIdeBuildStepFailed = "STM6405";
    /// <summary>The .cproject's FPU does not exist on the part's core (e.g. an FPU on a Cortex-M3).</summary>
    public const string CubeIdeFpuInvalid = "STM6406";
    /// <summary>A convention build (no .cproject) names a device the device data does not describe and sets no Stm32Cpu, or names neither: its CPU and FPU are unknown.</summary>
    public const string FirmwareDeviceUnknown = "STM6407";
}
