using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Families;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Drivers;

/// <summary>The parallelism chosen for a supply voltage, with the words the report uses.</summary>
/// <param name="Bits">The parallelism in bits, or null where the family has none.</param>
/// <param name="Description">For the report, e.g. <c>x64 (target voltage 3.30 V ≥ 1.8 V)</c>.</param>
/// <param name="Reduced">When not the widest the part has: why (information for the report).</param>
public sealed record ParallelismChoice(int? Bits, string? Description, string? Reduced);

/// <summary>
/// Chooses the flash driver of a device by its <see cref="DeviceDescription.FlashDriver"/> — the only place that
/// knows the families. <c>stm32h7</c> is proven on the virtual chip; <c>stm32f4</c>/<c>stm32f7</c>,
/// <c>stm32f1</c>, <c>stm32g0</c>/<c>stm32g4</c>/<c>stm32l4</c> are written against their reference manuals and
/// proven only when their virtual chips exist (<see cref="IFlashDriver.IsProven"/>).
/// </summary>
public static class FlashDrivers
{
    /// <summary>The flash driver names the product knows.</summary>
    public static IReadOnlyList<string> Known { get; } = ["stm32h7", "stm32f4", "stm32f7", "stm32f1", "stm32g0", "stm32g4", "stm32l4"];

    /// <summary>Creates the driver for <paramref name="device"/> on a connected session.</summary>
    /// <param name="session">The connected session (cores halted).</param>
    /// <param name="device">The device.</param>
    /// <param name="targetVolts">The target supply (null: not measurable, a 3.3 V board is assumed).</param>
    /// <param name="cancellation">Cancels the driver's waits; callers relock in their finally.</param>
    /// <exception cref="FlashException">The device names a flash driver the product does not have (STM4005).</exception>
    public static IFlashDriver Create(IDebugSession session, DeviceDescription device, double? targetVolts, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(device);
        var choice = ChooseParallelism(device, targetVolts);
        switch (device.FlashDriver.ToLowerInvariant())
        {
            case "stm32h7":
                var parallelism = choice.Bits switch { 8 => FlashParallelism.X8, 16 => FlashParallelism.X16, 32 => FlashParallelism.X32, _ => FlashParallelism.X64 };
                return new H7FlashDriver(session, device, parallelism, cancellation) { ParallelismNote = choice.Description };
            case "stm32f4":
            case "stm32f7":
                return new F4FlashDriver(session, device, choice, cancellation);
            case "stm32f1":
                return new F1FlashDriver(session, device, cancellation);
            case "stm32g0":
            case "stm32g4":
            case "stm32l4":
                return new L4FamilyFlashDriver(session, device, cancellation);
            default:
                throw FlashErrors.Create(DiagnosticCodes.FlashDriverUnsupported,
                    $"the {device.Name} names the flash driver '{device.FlashDriver}', which the product does not have (known: {string.Join(", ", Known)})");
        }
    }

    /// <summary>Whether the flash driver of <paramref name="device"/> has a RAM loader on the target core (the STM32H7's).</summary>
    public static bool HasLoader(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.FlashDriver.Equals("stm32h7", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks every requested option against what the device's family can write, without touching the probe.
    /// </summary>
    /// <exception cref="FlashException">A value cannot be written as asked (STM4314), RDP 2 is not confirmed (STM4304), or the driver is unknown (STM4005).</exception>
    public static void ValidateOptionBytes(DeviceDescription device, OptionBytesRequest request)
    {
        ArgumentNullException.ThrowIfNull(device);
        switch (device.FlashDriver.ToLowerInvariant())
        {
            case "stm32h7":
                H7FlashDriver.Validate(device, request);
                break;
            case "stm32f4" or "stm32f7" or "stm32f1" or "stm32g0" or "stm32g4" or "stm32l4":
                RegisterFlashDriver.Validate(device, request);
                break;
            default:
                throw FlashErrors.Create(DiagnosticCodes.FlashDriverUnsupported,
                    $"the {device.Name} names the flash driver '{device.FlashDriver}', which the product does not have (known: {string.Join(", ", Known)})");
        }
    }

    /// <summary>
    /// The widest parallelism <paramref name="device"/> allows at <paramref name="targetVolts"/>
    /// (<see cref="DeviceDescription.Parallelism"/>), and why.
    /// </summary>
    public static ParallelismChoice ChooseParallelism(DeviceDescription device, double? targetVolts)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.ParallelismFor(targetVolts) is not { } chosen)
        {
            return new ParallelismChoice(null, null, null);
        }
        var widest = device.Parallelism.MaxBy(p => p.Bits)!;
        var why = targetVolts is double v
            ? string.Create(CultureInfo.InvariantCulture, $"target voltage {v:0.00} V {(v >= widest.MinVolts ? ">=" : "<")} {widest.MinVolts:0.0} V")
            : "target voltage not measurable, assuming a 3.3 V board";
        var reduced = chosen.Bits < widest.Bits
            ? string.Create(CultureInfo.InvariantCulture, $"programming with x{chosen.Bits} parallelism: {why} (x{widest.Bits} needs at least {widest.MinVolts:0.0} V)")
            : null;
        return new ParallelismChoice(chosen.Bits, $"x{chosen.Bits} ({why})", reduced);
    }
}
