namespace Stm32.Build.VirtualBoard.Boards;

/// <summary>How an oscillator input is driven.</summary>
public enum OscillatorMode
{
    /// <summary>A crystal or resonator between OSC_IN and OSC_OUT (HSEBYP = 0).</summary>
    Crystal,
    /// <summary>An external clock on OSC_IN (HSEBYP = 1), e.g. the ST-LINK's MCO on Nucleo boards.</summary>
    Bypass,
}

/// <summary>An oscillator fitted on the board.</summary>
/// <param name="FrequencyHz">Its frequency.</param>
/// <param name="Mode">Crystal or external clock.</param>
public sealed record Oscillator(long FrequencyHz, OscillatorMode Mode);

/// <summary>A UART whose pins the board routes somewhere a person reads (the probe's virtual COM port).</summary>
/// <param name="Peripheral">The peripheral, e.g. <c>USART1</c>.</param>
/// <param name="Tx">The MCU pin carrying TX, e.g. <c>PA9</c>.</param>
/// <param name="Rx">The MCU pin carrying RX, e.g. <c>PA10</c>.</param>
public sealed record UartRoute(string Peripheral, string Tx, string Rx);

/// <summary>
/// A board as data: the device soldered on it and how it is wired — the supply circuit (named after the supply
/// configuration that matches it), the oscillators, NRST, BOOT0 and the UART the probe's virtual COM port reads.
/// Bundled boards live in <c>Boards/Data/*.json</c>; a user's file has the same form (<see cref="BoardCatalog"/>).
/// </summary>
public sealed record BoardDescription
{
    /// <summary>The board's name, e.g. <c>STM32H747I-DISCO</c>.</summary>
    public required string Name { get; init; }

    /// <summary>A sentence saying what the board is.</summary>
    public string Description { get; init; } = "";

    /// <summary>The device name from the device data.</summary>
    public required string Device { get; init; }

    /// <summary>
    /// The supply circuit, as the name of the only supply configuration the wiring takes (<see cref="SupplyWiring"/>);
    /// null for devices without a configurable supply.
    /// </summary>
    public SupplyWiring? Supply { get; init; }

    /// <summary>The high-speed external oscillator, or null when none is fitted.</summary>
    public Oscillator? Hse { get; init; }

    /// <summary>The low-speed external oscillator, or null when none is fitted.</summary>
    public Oscillator? Lse { get; init; }

    /// <summary>Whether the probe's NRST line reaches the chip.</summary>
    public bool NrstWired { get; init; } = true;

    /// <summary>The BOOT0 level the board sets (a jumper or a pull-down).</summary>
    public bool Boot0High { get; init; }

    /// <summary>UARTs routed to the probe's virtual COM port.</summary>
    public IReadOnlyList<UartRoute> Uarts { get; init; } = [];

    /// <summary>Where the description came from (a bundled name or a file path).</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// A board with nothing but the device: supply as the device's reset default expects (LDO), no external
    /// oscillators, NRST wired, BOOT0 low. Used when no board is declared.
    /// </summary>
    public static BoardDescription Bare(string device) => new()
    {
        Name = "bare",
        Description = "the device alone: LDO supply, no external oscillators, NRST wired, BOOT0 low",
        Device = device,
        Supply = SupplyWiring.Ldo,
        Source = "built-in",
    };
}
