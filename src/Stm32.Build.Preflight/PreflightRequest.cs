using Stm32.Build.Devices;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.Preflight;

/// <summary>One linked image and the core it is for.</summary>
/// <param name="Image">The image (ELF, HEX, SREC or BIN at its address).</param>
/// <param name="Core">The core's name from the device data (<c>CM7</c>, <c>CM4</c>).</param>
/// <param name="Path">The file, for messages and symbols.</param>
public sealed record PreflightImage(FirmwareImage Image, string Core, string Path)
{
    /// <summary>
    /// The images to boot, one per core: each input with the core it names, or — as validation resolves it — the core
    /// whose boot address (or bank) the image covers, so <c>flash cm7.elf cm4.elf</c> boots both cores without
    /// <c>--core</c>. The first image of a core is the one booted; images with no core are left out.
    /// </summary>
    /// <param name="device">The device from the device data.</param>
    /// <param name="inputs">The images, with the core each names (or null).</param>
    /// <param name="options">Validation options (boot addresses from the option bytes); null uses the device defaults.</param>
    public static List<PreflightImage> For(DeviceDescription device, IEnumerable<Validation.ImageInput> inputs, Validation.ValidationOptions? options = null) =>
        new Validation.ImageValidator(device, options).Validate(inputs.ToList()).Images
            .Where(i => i.Core is not null)
            .GroupBy(i => i.Core!.ToUpperInvariant())
            .Select(g => new PreflightImage(g.First().Image, g.First().Core!, g.First().Image.SourcePath))
            .ToList();
}

/// <summary>
/// What a real board was last seen running with (the flashing pipeline's remembered board, keyed by the chip's
/// unique ID): the supply configuration the firmware had latched in PWR_CR3.
/// </summary>
/// <param name="PwrCr3">PWR_CR3 as read through the debug port after a healthy flash.</param>
/// <param name="UniqueId">The chip's 96-bit unique ID (hex), for messages.</param>
/// <param name="Observed">When it was read.</param>
public sealed record RememberedSupply(uint PwrCr3, string UniqueId, DateTimeOffset Observed);

/// <summary>What to boot, on which board, for how long.</summary>
public sealed record PreflightRequest
{
    /// <summary>The default virtual time: a HAL start-up and one pass of a main loop with a 250 ms delay (docs/preflight.md).</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest budget accepted.</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromSeconds(60);

    /// <summary>The device from the device data.</summary>
    public required DeviceDescription Device { get; init; }

    /// <summary>The images, at most one per core; the cores without an image are held halted.</summary>
    public required IReadOnlyList<PreflightImage> Images { get; init; }

    /// <summary>The board the project declares (its oscillators, NRST, UARTs and supply wiring), or null when none is.</summary>
    public BoardDescription? Board { get; init; }

    /// <summary>The supply wiring the project declares (overrides the board's), or null.</summary>
    public SupplyWiring? DeclaredSupply { get; init; }

    /// <summary>What the real board last ran with, or null when it is not remembered.</summary>
    public RememberedSupply? Remembered { get; init; }

    /// <summary>The virtual time to run from reset; null gives <see cref="DefaultBudget"/>.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>
    /// How long a candidate endless wait is followed beyond the budget before it is reported: longer than ST's HAL
    /// timeouts for the HSE (100 ms), the PLLs (2 ms), the voltage scaling and the UART (a wait on the LSE, whose
    /// crystal takes 2 s, is judged from the board instead).
    /// </summary>
    public TimeSpan WaitConfirmation { get; init; } = TimeSpan.FromSeconds(1);
}
