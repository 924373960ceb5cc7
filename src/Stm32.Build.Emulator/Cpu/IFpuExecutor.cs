namespace Stm32.Build.Emulator.Cpu;

/// <summary>What an <see cref="IFpuExecutor"/> did with a coprocessor instruction.</summary>
public enum FpuOutcome
{
    /// <summary>The instruction executed (the core sets CONTROL.FPCA and moves on).</summary>
    Executed,
    /// <summary>The encoding is not a valid FP instruction: the core raises an UNDEFINSTR UsageFault.</summary>
    Undefined,
    /// <summary>A memory access failed; the core has already recorded the fault (the executor stops at once).</summary>
    MemoryFault,
}

/// <summary>
/// Memory as the FP load/store instructions (VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP) see it. Each call applies the
/// core's alignment rules and raises the bus/usage fault itself when it returns false.
/// </summary>
public interface IFpuMemory
{
    /// <summary>Reads a word; false when the access faulted (the fault is already pending on the core).</summary>
    bool TryRead32(uint address, out uint value);

    /// <summary>Writes a word; false when the access faulted (the fault is already pending on the core).</summary>
    bool TryWrite32(uint address, uint value);
}

/// <summary>
/// The hook that executes coprocessor 10/11 (FP) encodings (ARMv7-M A6, FPv4-SP/FPv5). The core calls it for any
/// 32-bit instruction whose coprocessor field is 10 or 11, after it has checked the IT condition (the executor
/// executes unconditionally), CPACR (NOCP UsageFault when access is disabled) and lazy FP state preservation.
/// The executor reads and writes <see cref="CpuState.S"/>, <see cref="CpuState.Fpscr"/>, the APSR flags (VMRS
/// APSR_nzcv) and general registers (VMOV, base write-back); <c>R[15]</c> reads as the instruction address + 4.
/// </summary>
/// <remarks>
/// The FP engineer provides the implementation in <c>Fpu/</c> by implementing the partial method
/// <c>CortexMCore.AttachFpu(ref IFpuExecutor? fpu)</c>; with none attached, FP encodings are UNDEFINSTR
/// (or NOCP while CPACR disables CP10/CP11).
/// </remarks>
public interface IFpuExecutor
{
    /// <summary>
    /// Executes one FP instruction. <paramref name="instruction"/> is the first halfword in bits 31:16 and the
    /// second in bits 15:0.
    /// </summary>
    FpuOutcome Execute(uint instruction, CpuState state, IFpuMemory memory);
}
