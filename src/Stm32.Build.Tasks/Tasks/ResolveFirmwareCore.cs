using Microsoft.Build.Framework;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>The CPU, FPU and float ABI of a convention build, from <see cref="FirmwareCore.Resolve"/> (never a default CPU).</summary>
public sealed class ResolveFirmwareCore : Stm32Task
{
    /// <summary>Stm32Device (may be empty).</summary>
    public string? Device { get; set; }

    /// <summary>Stm32Core (may be empty).</summary>
    public string? Core { get; set; }

    /// <summary>Stm32Cpu as the project set it (may be empty).</summary>
    public string? Cpu { get; set; }

    /// <summary>Stm32Fpu as the project set it (may be empty; <c>none</c> for no FPU).</summary>
    public string? Fpu { get; set; }

    /// <summary>Stm32FloatAbi as the project set it (may be empty).</summary>
    public string? FloatAbi { get; set; }

    /// <summary>The <c>-mcpu</c> value.</summary>
    [Output] public string? ResolvedCpu { get; private set; }

    /// <summary>The <c>-mfpu</c> value, empty for none.</summary>
    [Output] public string? ResolvedFpu { get; private set; }

    /// <summary>The <c>-mfloat-abi</c> value.</summary>
    [Output] public string? ResolvedFloatAbi { get; private set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var resolved = FirmwareCore.Resolve(Device, Core, Cpu, Fpu, FloatAbi, ProjectFile ?? BuildEngine?.ProjectFileOfTaskNode ?? "");
        ResolvedCpu = resolved.Cpu;
        ResolvedFpu = resolved.Fpu ?? "";
        ResolvedFloatAbi = resolved.FloatAbi;
        Log.LogMessage(MessageImportance.Low, $"Stm32.Build: compiling for -mcpu={resolved.Cpu} -mfpu={resolved.Fpu ?? "(none)"} -mfloat-abi={resolved.FloatAbi} ({resolved.Source})");
    }
}
