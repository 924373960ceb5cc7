namespace Stm32.Build.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>The program to run in the emulator cannot be loaded (no loadable segment, or a segment outside the device's memory).</summary>
    public const string EmulatorImageNotLoadable = "STM7001";
    /// <summary>The image's vector table gives no usable initial stack pointer or reset handler.</summary>
    public const string EmulatorNoVectorTable = "STM7002";
    /// <summary>The emulated core locked up (an unrecoverable fault; PC 0xEFFFFFFE).</summary>
    public const string EmulatorLockup = "STM7003";
    /// <summary>The emulated program did not stop within the instruction limit.</summary>
    public const string EmulatorInstructionLimit = "STM7004";
    /// <summary>The emulated core sleeps (WFI/WFE) with nothing that can wake it.</summary>
    public const string EmulatorSleepForever = "STM7005";
    /// <summary>The emulated core took a fault exception (reported with CFSR/HFSR and the faulting address).</summary>
    public const string EmulatorFault = "STM7006";
    /// <summary>The named core cannot be emulated on this device.</summary>
    public const string EmulatorUnknownCore = "STM7007";
    /// <summary>
    /// The device data describes a core the emulator cannot run: an architecture other than Cortex-M0, M0+, M3, M4
    /// or M7, an FPU that processor cannot have, or more interrupt lines than its NVIC allows.
    /// </summary>
    public const string EmulatorUnsupportedCore = "STM7010";
}
