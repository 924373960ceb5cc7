using Stm32.Build.Devices;
using Stm32.Build.Emulator.Gdb;

namespace Stm32.Build.Emulator.Tests.Programs;

/// <summary>The reference cores the programs run on, each in QEMU and in the emulator.</summary>
public enum TestCore
{
    /// <summary>Cortex-M7 with FPv5-D16 (QEMU mps2-an500; the STM32H747's CM7 in the emulator).</summary>
    M7,
    /// <summary>Cortex-M4 with FPv4-SP-D16 (QEMU mps2-an386; the STM32H747's CM4 in the emulator).</summary>
    M4,
    /// <summary>Cortex-M3, ARMv7-M without DSP or FPU (QEMU mps2-an385).</summary>
    M3,
    /// <summary>Cortex-M0, ARMv6-M (QEMU microbit, nRF51822).</summary>
    M0,
    /// <summary>Cortex-M4 with FPv4-SP-D16 on an STM32F405 (QEMU netduinoplus2).</summary>
    M4F405,
}

/// <summary>A memory region of a test board; an alias shares the bytes of the region at <paramref name="AliasOf"/>.</summary>
/// <param name="Start">The first address.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="AliasOf">The start of the region this one mirrors, or null.</param>
public sealed record TestMemory(uint Start, uint Size, uint? AliasOf = null);

/// <summary>
/// Everything that differs between the reference cores: compiler flags, QEMU board, linker script, the core the
/// emulator runs (the device data for the STM32H747's cores, a description of the processor QEMU models otherwise)
/// and the memory map both sides share.
/// </summary>
/// <param name="Core">Which core.</param>
/// <param name="CompilerFlags">The arm-none-eabi-gcc flags for the core and its float ABI.</param>
/// <param name="Board">The QEMU machine and CPU.</param>
/// <param name="LinkerScript">The linker script in <c>Programs/Sources</c>.</param>
/// <param name="Description">The emulated core.</param>
/// <param name="Memory">The memory map (plain RAM in both models).</param>
/// <param name="RamStart">Where the programs' data lives.</param>
/// <param name="RamCompared">How many bytes of it are compared at the end.</param>
public sealed record TestTarget(
    TestCore Core, string[] CompilerFlags, QemuBoard Board, string LinkerScript, CoreDescription Description,
    IReadOnlyList<TestMemory> Memory, uint RamStart, int RamCompared)
{
    private static readonly TestMemory[] Mps2Memory = [new(0x00000000, 4 << 20), new(0x20000000, 4 << 20)];

    /// <summary>Whether the core has an FPU (its FP registers are compared).</summary>
    public bool HasFpu => Description.Fpu is not null;

    /// <summary>Whether the core is ARMv6-M.</summary>
    public bool IsV6M => Core == TestCore.M0;

    /// <summary>The gcc <c>-mcpu</c> name.</summary>
    public string Cpu => CompilerFlags[0]["-mcpu=".Length..];

    /// <summary>All targets.</summary>
    public static IReadOnlyList<TestTarget> All { get; } =
    [
        new(TestCore.M7, ["-mcpu=cortex-m7", "-mfpu=fpv5-d16", "-mfloat-abi=hard", "-mthumb"], QemuBoard.Mps2An500, "mps2.ld",
            H747Core("CM7"), Mps2Memory, 0x20000000, 64 * 1024),
        new(TestCore.M4, ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard", "-mthumb"], QemuBoard.Mps2An386, "mps2.ld",
            H747Core("CM4"), Mps2Memory, 0x20000000, 64 * 1024),
        // QEMU's cortex-m3 reports CPUID 0x410FC231 (r0p1); its NVIC on the MPS2 has 32 lines.
        new(TestCore.M3, ["-mcpu=cortex-m3", "-mfloat-abi=soft", "-mthumb"], QemuBoard.Mps2An385, "mps2.ld",
            Processor("Cortex-M3", 0x410FC231, 32, fpu: null), Mps2Memory, 0x20000000, 64 * 1024),
        // QEMU's cortex-m0 reports CPUID 0x410CC200 (r0p0); the nRF51 has 32 interrupt lines.
        new(TestCore.M0, ["-mcpu=cortex-m0", "-mfloat-abi=soft", "-mthumb"], QemuBoard.Microbit, "microbit.ld",
            Processor("Cortex-M0", 0x410CC200, 32, fpu: null), [new(0x00000000, 256 << 10), new(0x20000000, 16 << 10)], 0x20000000, 16 * 1024),
        // STM32F405 (RM0090): flash at 0x08000000 aliased at 0 (the boot address), 128 KiB SRAM1/2, 64 KiB CCM; 82 lines.
        new(TestCore.M4F405, ["-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16", "-mfloat-abi=hard", "-mthumb"], QemuBoard.NetduinoPlus2, "stm32f405.ld",
            Processor("Cortex-M4", 0x410FC241, 82, "fpv4-sp-d16"),
            [new(0x08000000, 1 << 20), new(0x00000000, 1 << 20, 0x08000000), new(0x20000000, 128 << 10), new(0x10000000, 64 << 10)],
            0x20000000, 64 * 1024),
    ];

    /// <summary>The target of <paramref name="core"/>.</summary>
    public static TestTarget For(TestCore core) => All[(int)core];

    private static CoreDescription H747Core(string name) => DeviceCatalog.BuiltIn.Get("STM32H747XI").FindCore(name)!;

    private static CoreDescription Processor(string architecture, uint cpuId, int interrupts, string? fpu) => new()
    {
        Name = "CPU", Architecture = architecture, AccessPort = 0, CpuId = cpuId, DefaultBootAddress = 0, SystemBootAddress = 0,
        BootOptionName = "-", InterruptCount = interrupts, Fpu = fpu,
    };
}
