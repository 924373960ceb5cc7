using Stm32.Build.Devices;
using Stm32.Build.Emulator.Fpu;

namespace Stm32.Build.Emulator.Cpu;

public sealed partial class CortexMCore
{
    /// <summary>Attaches the FP unit of the core's profile: FPv5-D16 or FPv5-SP-D16 on a Cortex-M7, FPv4-SP-D16 on a Cortex-M4.</summary>
    partial void AttachFpu(ref IFpuExecutor? fpu)
    {
        fpu = new FpuExecutor(fpv5: _profile.Fpu is CoreFpu.FpV5SpD16 or CoreFpu.FpV5D16, doublePrecision: _profile.Fpu == CoreFpu.FpV5D16);
    }
}
