namespace Stm32.Build.Devices;

/// <summary>One processor core of a device and how a debugger reaches it.</summary>
public sealed record CoreDescription
{
    /// <summary>The short name used everywhere in the product: <c>CM7</c> or <c>CM4</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The architecture name, e.g. <c>Cortex-M7</c>.</summary>
    public required string Architecture { get; init; }

    /// <summary>
    /// The floating-point unit as GCC's <c>-mfpu</c> names it (<c>fpv4-sp-d16</c> on a Cortex-M4F,
    /// <c>fpv5-sp-d16</c>/<c>fpv5-d16</c> on a Cortex-M7), or null when the core has none (Cortex-M0+, M3).
    /// <see cref="CoreFpuNames.TryParse"/> gives it as a <see cref="CoreFpu"/>.
    /// </summary>
    public string? Fpu { get; init; }

    /// <summary>
    /// The register table of this core's view of the chip, named after ST's SVD base name (e.g. <c>STM32F407</c>,
    /// <c>STM32H747_CM7</c>); null when none is named yet.
    /// </summary>
    public string? Registers { get; init; }

    /// <summary>The index of the MEM-AP that reaches the core's bus and debug registers.</summary>
    public required int AccessPort { get; init; }

    /// <summary>The CPUID value the core reports (ARMv7-M B3.2.3), for the revision on current silicon.</summary>
    public required uint CpuId { get; init; }

    /// <summary>The boot address with the BOOT pin low in the factory option bytes.</summary>
    public required uint DefaultBootAddress { get; init; }

    /// <summary>The boot address with the BOOT pin high (system memory) in the factory option bytes.</summary>
    public required uint SystemBootAddress { get; init; }

    /// <summary>The option byte that holds the BOOT-low address, e.g. <c>BOOT_CM7_ADD0</c>.</summary>
    public required string BootOptionName { get; init; }

    /// <summary>The flash bank this core's image belongs in on a dual-core device (0 for single-core devices).</summary>
    public int PreferredBank { get; init; }

    /// <summary>
    /// The number of external interrupt lines of the core's NVIC; the vector table has 16 + this many entries
    /// (RM0399 19.1.2: 150 lines on each core of the H745/H747).
    /// </summary>
    public int InterruptCount { get; init; } = 150;

    /// <summary>The number of entries of a full vector table (16 system entries plus the interrupts).</summary>
    public int VectorTableEntries => 16 + InterruptCount;
}
