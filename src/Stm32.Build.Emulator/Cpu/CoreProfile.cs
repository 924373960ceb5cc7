using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>The ARM M-profile architecture variants the emulator implements.</summary>
public enum ArmArchitecture
{
    /// <summary>ARMv6-M (Cortex-M0, Cortex-M0+): Thumb-1 plus BL, MSR, MRS, DMB, DSB, ISB (DDI0419).</summary>
    V6M,
    /// <summary>ARMv7-M without the DSP extension (Cortex-M3): Thumb-2 (DDI0403E).</summary>
    V7M,
    /// <summary>ARMv7E-M (Cortex-M4, Cortex-M7): Thumb-2 with the DSP extension (DDI0403E).</summary>
    V7EM,
}

/// <summary>The Cortex-M processors the emulator implements.</summary>
public enum CortexModel
{
    /// <summary>Cortex-M0 (ARMv6-M, no VTOR).</summary>
    M0,
    /// <summary>Cortex-M0+ (ARMv6-M with VTOR, as on the STM32G0 and STM32L0).</summary>
    M0Plus,
    /// <summary>Cortex-M3 (ARMv7-M).</summary>
    M3,
    /// <summary>Cortex-M4 (ARMv7E-M, FPv4-SP optional).</summary>
    M4,
    /// <summary>Cortex-M7 (ARMv7E-M, FPv5 single or double precision optional).</summary>
    M7,
}

/// <summary>
/// What a core implements, derived from its device data (<see cref="CoreDescription"/>): the processor (from the
/// CPUID part number, else the architecture name), the FPU (<see cref="CoreDescription.Fpu"/>; none when absent) and
/// the NVIC size (<see cref="CoreDescription.InterruptCount"/>). Everything else follows from the processor's Technical
/// Reference Manual as implemented on STM32 parts: 4 priority bits on ARMv7-M (16 levels, every STM32 reference
/// manual's NVIC section), 2 on ARMv6-M (DDI0419 B3.4: PRI_n[7:6]); FPB/BPU sizes per processor.
/// </summary>
public sealed record CoreProfile
{
    /// <summary>The processor.</summary>
    public required CortexModel Model { get; init; }

    /// <summary>The FP unit.</summary>
    public required CoreFpu Fpu { get; init; }

    /// <summary>External interrupt lines of the NVIC.</summary>
    public required int Interrupts { get; init; }

    /// <summary>The architecture variant.</summary>
    public ArmArchitecture Architecture => Model switch
    {
        CortexModel.M0 or CortexModel.M0Plus => ArmArchitecture.V6M,
        CortexModel.M3 => ArmArchitecture.V7M,
        _ => ArmArchitecture.V7EM,
    };

    /// <summary>Whether this is ARMv6-M.</summary>
    public bool IsV6M => Architecture == ArmArchitecture.V6M;

    /// <summary>Whether the DSP extension (ARMv7E-M) is implemented.</summary>
    public bool HasDsp => Architecture == ArmArchitecture.V7EM;

    /// <summary>Whether an FPU is implemented.</summary>
    public bool HasFpu => Fpu != CoreFpu.None;

    /// <summary>Whether VTOR is implemented (optional on ARMv6-M: the Cortex-M0 has none, the M0+ on STM32 parts has it).</summary>
    public bool HasVtor => Model != CortexModel.M0;

    /// <summary>The implemented bits of a priority field: [7:4] on ARMv7-M STM32 parts, [7:6] on ARMv6-M.</summary>
    public uint PriorityMask => IsV6M ? 0xC0u : 0xF0u;

    /// <summary>The exception numbers the NVIC arrays cover: 16 system entries plus the lines rounded up to 32.</summary>
    public int ExceptionCount => 16 + ((Interrupts + 31) / 32 * 32);

    /// <summary>
    /// Instruction comparators of the breakpoint unit: FPB v2 with 8 on the Cortex-M7, FPB v1 with 6 on the M3/M4,
    /// BPU with 4 on the M0+ (Cortex-M0+ TRM: "BPU with four breakpoint comparators") and the M0.
    /// </summary>
    public int BreakpointComparators => Model switch
    {
        CortexModel.M7 => 8,
        CortexModel.M3 or CortexModel.M4 => 6,
        _ => 4,
    };

    /// <summary>Literal comparators of the FPB (2 on the M3/M4, none elsewhere).</summary>
    public int LiteralComparators => Model is CortexModel.M3 or CortexModel.M4 ? 2 : 0;

    /// <summary>Reads the profile of <paramref name="core"/>.</summary>
    /// <exception cref="Stm32Exception">STM7010 when the core is not one the emulator implements or its data is inconsistent.</exception>
    public static CoreProfile From(CoreDescription core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var model = ModelFromCpuId(core.CpuId) ?? ModelFromName(core.Architecture)
            ?? throw Unsupported(core, $"architecture '{core.Architecture}' (CPUID {Diagnostic.Hex(core.CpuId)}) is not one the emulator implements (Cortex-M0, M0+, M3, M4, M7)");
        if (!CoreFpuNames.TryParse(core.Fpu, out var fpu))
        {
            throw Unsupported(core, $"fpu '{core.Fpu}' is not one of {string.Join(", ", CoreFpuNames.All)}");
        }
        var fpuOk = model switch
        {
            CortexModel.M4 => fpu is CoreFpu.None or CoreFpu.FpV4SpD16,
            CortexModel.M7 => fpu is CoreFpu.None or CoreFpu.FpV5SpD16 or CoreFpu.FpV5D16,
            _ => fpu == CoreFpu.None,
        };
        if (!fpuOk)
        {
            throw Unsupported(core, $"a {core.Architecture} has no {fpu.ToName()} FPU");
        }
        var maxInterrupts = model is CortexModel.M0 or CortexModel.M0Plus ? 32 : 496; // DDI0419 B3.4.1, DDI0403E B3.4.1
        if (core.InterruptCount < 0 || core.InterruptCount > maxInterrupts)
        {
            throw Unsupported(core, $"interruptCount {core.InterruptCount} is outside 0–{maxInterrupts} for a {core.Architecture}");
        }
        return new CoreProfile { Model = model, Fpu = fpu, Interrupts = core.InterruptCount };
    }

    /// <summary>The processor from the CPUID PARTNO field (ARMv7-M B3.2.3): 0xC20 M0, 0xC60 M0+, 0xC23 M3, 0xC24 M4, 0xC27 M7.</summary>
    private static CortexModel? ModelFromCpuId(uint cpuId) => ((cpuId >> 24) == 0x41 ? (cpuId >> 4) & 0xFFF : 0) switch
    {
        0xC20 => CortexModel.M0,
        0xC60 => CortexModel.M0Plus,
        0xC23 => CortexModel.M3,
        0xC24 => CortexModel.M4,
        0xC27 => CortexModel.M7,
        _ => null,
    };

    private static CortexModel? ModelFromName(string architecture)
    {
        var name = architecture.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        return name switch
        {
            "CORTEX-M0" => CortexModel.M0,
            "CORTEX-M0+" or "CORTEX-M0PLUS" => CortexModel.M0Plus,
            "CORTEX-M3" => CortexModel.M3,
            "CORTEX-M4" or "CORTEX-M4F" => CortexModel.M4,
            "CORTEX-M7" or "CORTEX-M7F" => CortexModel.M7,
            _ => null,
        };
    }

    private static Stm32Exception Unsupported(CoreDescription core, string message) =>
        new(new Diagnostic(DiagnosticCodes.EmulatorUnsupportedCore, DiagnosticSeverity.Error, $"core {core.Name}: {message}"));
}
