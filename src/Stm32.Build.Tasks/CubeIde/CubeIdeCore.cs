using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks.CubeIde;

/// <summary>The compiler's view of the core a CubeIDE configuration builds for.</summary>
/// <param name="Cpu">The <c>-mcpu</c> value, e.g. <c>cortex-m3</c>.</param>
/// <param name="Fpu">The <c>-mfpu</c> value, or null for none.</param>
/// <param name="FloatAbi">The <c>-mfloat-abi</c> value (<c>hard</c>, <c>softfp</c>, <c>soft</c>).</param>
/// <param name="Core">The core's name in the device data (e.g. <c>CM7</c>), or null when the part is not in it.</param>
/// <param name="Source">Where the core came from, for the log.</param>
public sealed record CubeIdeCore(string Cpu, string? Fpu, string FloatAbi, string? Core, string Source);

/// <summary>
/// Decides the CPU, FPU and float ABI of a CubeIDE configuration from its MCU options, never by guessing: the core is
/// the device data's core at the configuration's CPU index (<c>option.target_cpuid</c>) when the part
/// (<c>option.target_mcu</c>) is in the device data, else the core every part of its STM32 series has; the FPU and
/// float ABI are the .cproject's own (<c>option.fpu</c>, <c>option.floatabi</c>) when it states them, else the core's
/// (Cortex-M7: FPv5 double precision; Cortex-M4 and M33: FPv4/FPv5 single precision; M0, M0+, M3: none). A part
/// that neither knows is error STM6401.
/// </summary>
public static class CubeIdeCoreResolver
{
    /// <summary>
    /// The core of each STM32 series (ST's series overviews: every part of a series has the same core; dual-core
    /// series list the core of CPU index 0 first). Prefixes are matched longest first.
    /// </summary>
    private static readonly (string Prefix, string[] Architectures)[] s_series =
    [
        ("STM32C0", ["Cortex-M0+"]),
        ("STM32F0", ["Cortex-M0"]),
        ("STM32F1", ["Cortex-M3"]),
        ("STM32F2", ["Cortex-M3"]),
        ("STM32F3", ["Cortex-M4"]),
        ("STM32F4", ["Cortex-M4"]),
        ("STM32F7", ["Cortex-M7"]),
        ("STM32G0", ["Cortex-M0+"]),
        ("STM32G4", ["Cortex-M4"]),
        ("STM32H5", ["Cortex-M33"]),
        ("STM32H7", ["Cortex-M7", "Cortex-M4"]),
        ("STM32L0", ["Cortex-M0+"]),
        ("STM32L1", ["Cortex-M3"]),
        ("STM32L4", ["Cortex-M4"]),
        ("STM32L5", ["Cortex-M33"]),
        ("STM32U0", ["Cortex-M0+"]),
        ("STM32U5", ["Cortex-M33"]),
        ("STM32WB", ["Cortex-M4"]),
        ("STM32WL", ["Cortex-M4", "Cortex-M0+"]),
    ];

    /// <summary>Resolves the core; throws STM6401/STM6402/STM6406 with the file and line of the MCU option.</summary>
    /// <param name="mcu">The part, as CubeIDE writes it (<c>STM32F103C8Tx</c>).</param>
    /// <param name="cpuId">The CPU index (0 unless a dual-core part's second core).</param>
    /// <param name="fpu">The .cproject's FPU choice (<c>fpv4-sp-d16</c>, <c>none</c>), null when it states none.</param>
    /// <param name="floatAbi">The .cproject's float ABI choice, null when it states none.</param>
    /// <param name="file">The .cproject, for messages.</param>
    /// <param name="line">The line of the MCU option, for messages.</param>
    /// <param name="catalog">The device data (the built-in catalog when null).</param>
    public static CubeIdeCore Resolve(string? mcu, int cpuId, string? fpu, string? floatAbi, string file, int? line, DeviceCatalog? catalog = null)
    {
        if (string.IsNullOrWhiteSpace(mcu))
        {
            throw Error(DiagnosticCodes.CubeIdeMcuUnknown, "The configuration names no MCU (option target_mcu), so its CPU and FPU are unknown: set Stm32Cpu, Stm32Fpu and Stm32FloatAbi in the project.", file, line);
        }
        string architecture;
        string source;
        if ((catalog ?? DeviceCatalog.BuiltIn).TryGet(mcu, out var device))
        {
            if (cpuId < 0 || cpuId >= device.Cores.Count)
            {
                throw Error(DiagnosticCodes.CubeIdeCoreIndexInvalid,
                    $"The configuration builds for CPU {cpuId} of the {device.Name}, which has {device.Cores.Count} core(s) ({string.Join(", ", device.Cores.Select(c => c.Name))}).", file, line);
            }
            return ForCore(device, device.Cores[cpuId], fpu, floatAbi, file, line);
        }
        else if (s_series.Where(s => mcu.StartsWith(s.Prefix, StringComparison.OrdinalIgnoreCase)).OrderByDescending(s => s.Prefix.Length).FirstOrDefault() is { Prefix: not null } series)
        {
            if (cpuId < 0 || cpuId >= series.Architectures.Length)
            {
                throw Error(DiagnosticCodes.CubeIdeCoreIndexInvalid,
                    $"The configuration builds for CPU {cpuId} of the {mcu}; the {series.Prefix} series has {series.Architectures.Length} core(s).", file, line);
            }
            architecture = series.Architectures[cpuId];
            source = $"{series.Prefix} series";
        }
        else
        {
            throw Error(DiagnosticCodes.CubeIdeMcuUnknown,
                $"The MCU '{mcu}' (option target_mcu) is neither in the device data nor of an STM32 series whose core is known, so its CPU and FPU are unknown: set Stm32Cpu, Stm32Fpu and Stm32FloatAbi in the project.", file, line);
        }
        return Finish(mcu, architecture, DefaultFpu(architecture), fpu, floatAbi, null, source, file, line);
    }

    /// <summary>
    /// The CPU, FPU and float ABI of one core of a part in the device data: <c>-mcpu</c> from the core's architecture,
    /// the FPU from the device data (<see cref="CoreDescription.Fpu"/>, e.g. single-precision FPv5 on an STM32F746,
    /// double on an H7) unless the project states its own, the float ABI hard with an FPU, soft without. Used by the
    /// CubeIDE import and by convention builds (Stm32Device without a .cproject) alike.
    /// </summary>
    /// <param name="device">The part.</param>
    /// <param name="core">One of its cores.</param>
    /// <param name="fpu">The project's FPU choice, null when it states none (<c>none</c>: no FPU).</param>
    /// <param name="floatAbi">The project's float ABI, null when it states none.</param>
    /// <param name="file">The project file, for messages.</param>
    /// <param name="line">The line of the setting, for messages.</param>
    public static CubeIdeCore ForCore(DeviceDescription device, CoreDescription core, string? fpu, string? floatAbi, string file, int? line)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(core);
        return Finish(device.Name, core.Architecture, core.Fpu, fpu, floatAbi, core.Name, $"device data {device.Name} {core.Name}", file, line);
    }

    private static CubeIdeCore Finish(string part, string architecture, string? coreFpu, string? fpu, string? floatAbi, string? coreName, string source, string file, int? line)
    {
        var cpu = GccCpu(architecture) ?? throw Error(DiagnosticCodes.CubeIdeMcuUnknown,
            $"The core '{architecture}' of the {part} has no known gcc -mcpu name: set Stm32Cpu in the project.", file, line);
        var resolvedFpu = fpu is null ? coreFpu : fpu is "none" or "no" ? null : fpu;
        if (resolvedFpu is not null && coreFpu is null)
        {
            throw Error(DiagnosticCodes.CubeIdeFpuInvalid, $"The configuration asks for the FPU {resolvedFpu}, but the {part}'s {architecture} has none.", file, line);
        }
        var abi = floatAbi ?? (resolvedFpu is null ? "soft" : "hard");
        return new CubeIdeCore(cpu, resolvedFpu, abi, coreName, source);
    }

    /// <summary>gcc's <c>-mcpu</c> name of an architecture name (<c>Cortex-M0+</c> to <c>cortex-m0plus</c>).</summary>
    public static string? GccCpu(string architecture) => architecture.Trim().ToUpperInvariant() switch
    {
        "CORTEX-M0" => "cortex-m0",
        "CORTEX-M0+" or "CORTEX-M0PLUS" => "cortex-m0plus",
        "CORTEX-M3" => "cortex-m3",
        "CORTEX-M4" => "cortex-m4",
        "CORTEX-M7" => "cortex-m7",
        "CORTEX-M33" => "cortex-m33",
        _ => null,
    };

    /// <summary>
    /// The FPU of a core when the project does not say (ARM: Cortex-M7 FPv5, double precision on the STM32H7 and
    /// STM32F76x/77x; Cortex-M4 FPv4-SP; Cortex-M33 FPv5-SP; Cortex-M0/M0+/M3 none). An STM32F72x-75x (single-precision
    /// FPv5) project states its FPU in the .cproject, which wins.
    /// </summary>
    public static string? DefaultFpu(string architecture) => architecture.Trim().ToUpperInvariant() switch
    {
        "CORTEX-M7" => "fpv5-d16",
        "CORTEX-M4" => "fpv4-sp-d16",
        "CORTEX-M33" => "fpv5-sp-d16",
        _ => null,
    };

    private static Stm32Exception Error(string code, string message, string file, int? line) =>
        new(new Diagnostic(code, DiagnosticSeverity.Error, message, file, line));
}
