using Stm32.Build.Emulator.Fpu;

namespace Stm32.Build.Emulator.Cpu;

public sealed partial class CortexMCore
{
    /// <summary>Attaches the FP unit: FPv5-D16 on a Cortex-M7, FPv4-SP-D16 on a Cortex-M4.</summary>
    partial void AttachFpu(ref IFpuExecutor? fpu)
    {
        fpu = new FpuExecutor(fpv5DoublePrecision: _isM7);
    }
}
