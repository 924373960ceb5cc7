using Stm32.Build.Devices;

namespace Stm32.Build.Emulator.Tests.Support;

/// <summary>
/// Devices for profile tests: the STM32H747's flash at 0x08000000 with 128 KiB of RAM at 0x20000000 (so the
/// <see cref="AsmProgram"/> vector table fits), and one core named <c>CPU</c> per processor and FPU the emulator
/// implements. CPUIDs are the processors' r0p0/r1p0 values from their Technical Reference Manuals.
/// </summary>
internal static class TestDevices
{
    /// <summary>A processor with its FPU and the gcc <c>-mcpu</c> name its programs are assembled for.</summary>
    /// <param name="Architecture">The device-data architecture name.</param>
    /// <param name="CpuId">The CPUID value.</param>
    /// <param name="Fpu">The device-data <c>fpu</c> value, null for none.</param>
    /// <param name="Interrupts">The NVIC lines.</param>
    /// <param name="GccCpu">The <c>-mcpu</c> name.</param>
    public sealed record Part(string Architecture, uint CpuId, string? Fpu, int Interrupts, string GccCpu);

    /// <summary>Cortex-M0+ (ARMv6-M with VTOR), 32 lines as on the STM32G0.</summary>
    public static Part M0Plus { get; } = new("Cortex-M0+", 0x410CC601, null, 32, "cortex-m0plus");

    /// <summary>Cortex-M0 (ARMv6-M without VTOR), as in QEMU's microbit.</summary>
    public static Part M0 { get; } = new("Cortex-M0", 0x410CC200, null, 32, "cortex-m0");

    /// <summary>Cortex-M3 (ARMv7-M), 60 lines as on the STM32F103.</summary>
    public static Part M3 { get; } = new("Cortex-M3", 0x411FC231, null, 60, "cortex-m3");

    /// <summary>Cortex-M4 without an FPU.</summary>
    public static Part M4NoFpu { get; } = new("Cortex-M4", 0x410FC241, null, 82, "cortex-m4");

    /// <summary>Cortex-M7 with the single-precision FPv5 (STM32F74x/F75x).</summary>
    public static Part M7SinglePrecision { get; } = new("Cortex-M7", 0x410FC270, "fpv5-sp-d16", 98, "cortex-m7");

    /// <summary>The device with <paramref name="part"/> as its only core.</summary>
    public static DeviceDescription Get(Part part) => DeviceCatalog.BuiltIn.Get("STM32H747XI") with
    {
        Name = "TEST-" + part.Architecture.ToUpperInvariant(),
        RamRegions = [new MemoryRegion { Name = "SRAM", Kind = MemoryKind.Ram, Start = 0x20000000, Size = 0x20000 }],
        Cores =
        [
            new CoreDescription
            {
                Name = "CPU", Architecture = part.Architecture, AccessPort = 0, CpuId = part.CpuId,
                DefaultBootAddress = 0x08000000, SystemBootAddress = 0x1FF00000, BootOptionName = "BOOT_ADD0",
                InterruptCount = part.Interrupts, Fpu = part.Fpu,
            },
        ],
    };
}
