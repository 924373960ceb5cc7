using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.CubeIde;

namespace Stm32.Build.Tasks.Gcc;

/// <summary>
/// The CPU, FPU and float ABI of a convention build (no .cproject), never guessed: a CPU the project sets wins (its
/// FPU and float ABI too; otherwise the CPU's usual FPU); else the core of <c>Stm32Device</c> in the device data —
/// the only core of a single-core part, or the one <c>Stm32Core</c> names on a multi-core part — with the FPU the
/// device data gives it (<see cref="CubeIdeCoreResolver.ForCore"/>, the same place the CubeIDE import decides it).
/// A device the data does not describe without a CPU set, or neither, is STM6407; a multi-core part without
/// <c>Stm32Core</c> STM8600; a core the part does not have STM8601.
/// </summary>
public static class FirmwareCore
{
    /// <summary>Resolves the core; throws STM6407/STM8600/STM8601 (at <paramref name="file"/>) as the class says.</summary>
    /// <param name="deviceName">Stm32Device (may be empty).</param>
    /// <param name="coreName">Stm32Core (may be empty).</param>
    /// <param name="cpuSetting">Stm32Cpu as the project set it (may be empty).</param>
    /// <param name="fpuSetting">Stm32Fpu as the project set it (may be empty; <c>none</c> for no FPU).</param>
    /// <param name="floatAbiSetting">Stm32FloatAbi as the project set it (may be empty).</param>
    /// <param name="file">The project file, for messages.</param>
    public static CubeIdeCore Resolve(string? deviceName, string? coreName, string? cpuSetting, string? fpuSetting, string? floatAbiSetting, string file)
    {
        var fpu = Value(fpuSetting);
        var floatAbi = Value(floatAbiSetting);
        CubeIdeCore resolved;
        if (Value(cpuSetting) is { } cpu)
        {
            var architecture = ArchitectureOf(cpu);
            var usual = architecture is null ? null : CubeIdeCoreResolver.DefaultFpu(architecture);
            var chosen = fpu is null ? usual : fpu is "none" or "no" ? null : fpu;
            resolved = new CubeIdeCore(cpu, chosen, floatAbi ?? (chosen is null ? "soft" : "hard"), null, "the project's Stm32Cpu");
        }
        else if (Value(deviceName) is not { } name)
        {
            throw Error(DiagnosticCodes.FirmwareDeviceUnknown, "The project sets neither Stm32Device nor Stm32Cpu, so the CPU and FPU to compile for are unknown: set Stm32Device (e.g. STM32F407VG), or Stm32Cpu, Stm32Fpu and Stm32FloatAbi.", file);
        }
        else if (!DeviceCatalog.BuiltIn.TryGet(name, out var device))
        {
            throw Error(DiagnosticCodes.FirmwareDeviceUnknown, $"The device '{name}' (Stm32Device) is not in the device data, so the CPU and FPU to compile for are unknown: set Stm32Cpu, Stm32Fpu and Stm32FloatAbi in the project (`stm32 devices` lists the known parts).", file);
        }
        else
        {
            resolved = CubeIdeCoreResolver.ForCore(device, CoreOf(device, Value(coreName), file), fpu, floatAbi, file, null);
        }
        return resolved;
    }

    private static CoreDescription CoreOf(DeviceDescription device, string? core, string file)
    {
        if (core is null)
        {
            return device.Cores.Count == 1 ? device.Cores[0]
                : throw Error(DiagnosticCodes.FirmwareCoreNotNamed,
                    $"The {device.Name} has {device.Cores.Count} cores ({string.Join(", ", device.Cores.Select(c => $"{c.Name}: {c.Architecture}"))}): set Stm32Core to the one this project builds for.", file);
        }
        return device.FindCore(core) ?? throw Error(DiagnosticCodes.FirmwareCoreUnknown,
            $"Stm32Core '{core}' is not a core of the {device.Name}; its cores: {string.Join(", ", device.Cores.Select(c => $"{c.Name} ({c.Architecture})"))}.", file);
    }

    /// <summary>The architecture name of a gcc <c>-mcpu</c> value (<c>cortex-m0plus</c> to <c>Cortex-M0+</c>), null when unknown.</summary>
    private static string? ArchitectureOf(string cpu) =>
        new[] { "Cortex-M0", "Cortex-M0+", "Cortex-M3", "Cortex-M4", "Cortex-M7", "Cortex-M33" }
            .FirstOrDefault(a => string.Equals(CubeIdeCoreResolver.GccCpu(a), cpu.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

    private static Stm32Exception Error(string code, string message, string file) =>
        new(new Diagnostic(code, DiagnosticSeverity.Error, message, file));
}
