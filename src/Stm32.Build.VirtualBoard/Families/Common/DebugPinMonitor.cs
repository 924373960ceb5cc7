using System.Globalization;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>A pin carrying a debug signal after reset, in alternate function 0.</summary>
/// <param name="Port">The port letter.</param>
/// <param name="Pin">The pin number.</param>
/// <param name="Signal">The signal, e.g. <c>SWDIO</c>.</param>
/// <param name="Swd">Whether SWD needs it (SWDIO, SWCLK); the others matter for JTAG and trace only.</param>
public sealed record DebugPin(char Port, int Pin, string Signal, bool Swd)
{
    /// <summary>The pin's name, e.g. <c>PA13</c>.</summary>
    public string Name => $"P{Port}{Pin}";

    /// <summary>
    /// The STM32 serial-wire/JTAG pins (RM0399 debug chapter, "SWJ debug port pins"; DS12930 pin definitions: PA13
    /// JTMS-SWDIO, PA14 JTCK-SWCLK, PA15 JTDI, PB3 JTDO-TRACESWO, PB4 NJTRST, all AF0 after reset).
    /// </summary>
    public static IReadOnlyList<DebugPin> SerialWireJtag { get; } =
    [
        new('A', 13, "SWDIO", true),
        new('A', 14, "SWCLK", true),
        new('A', 15, "JTDI", false),
        new('B', 3, "JTDO/TRACESWO", false),
        new('B', 4, "NJTRST", false),
    ];
}

/// <summary>A debug pin taken from its debug function: which pin, what it became, when and by which instruction.</summary>
/// <param name="Pin">The pin.</param>
/// <param name="Configuration">Its new function.</param>
/// <param name="TimeNs">When (virtual time since power-on).</param>
/// <param name="Core">The core whose instruction wrote the register, or -1 (the debugger).</param>
/// <param name="Pc">That instruction's address.</param>
public sealed record DebugPinChange(DebugPin Pin, PinConfiguration Configuration, long TimeNs, int Core, uint Pc);

/// <summary>
/// Watches the serial-wire/JTAG pins of the GPIO ports: when software takes SWDIO or SWCLK away from alternate
/// function 0 (another mode, or another alternate-function number), the SW-DP can no longer see the probe and stops
/// answering, as on silicon, until a reset puts the pins back (NRST held low resets the GPIO ports, which is why
/// connect-under-reset gets in). Every reassignment of a debug pin (SWD or JTAG/trace) is a
/// <see cref="ChipEventKind.DebugPinReassigned"/> event with the pin, the new function, the time and the instruction.
/// </summary>
public sealed class DebugPinMonitor : IDebugBlocker
{
    private readonly PeripheralContext _context;
    private readonly Dictionary<(char, int), (DebugPin Pin, GpioPort Port)> _pins = [];
    private readonly Dictionary<DebugPin, DebugPinChange> _last = [];

    /// <summary>Watches <paramref name="pins"/> on <paramref name="ports"/> (pins of ports not given are ignored).</summary>
    public DebugPinMonitor(PeripheralContext context, IEnumerable<GpioPort> ports, IEnumerable<DebugPin> pins)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        var byLetter = ports.ToDictionary(p => p.Letter);
        foreach (var pin in pins)
        {
            if (byLetter.TryGetValue(pin.Port, out var port))
            {
                _pins[(pin.Port, pin.Pin)] = (pin, port);
            }
        }
        foreach (var port in byLetter.Values.Where(p => _pins.Keys.Any(k => k.Item1 == p.Letter)))
        {
            port.ConfigurationChanged += OnConfigurationChanged;
        }
    }

    /// <summary>The pins watched.</summary>
    public IEnumerable<DebugPin> Pins => _pins.Values.Select(p => p.Pin);

    /// <summary>Every debug pin whose function differs from its debug function now (a reset puts them back).</summary>
    public IEnumerable<DebugPinChange> Reassigned => _pins.Values
        .Where(p => !IsDebugFunction(p.Port.Configuration(p.Pin.Pin)))
        .Select(p => _last.TryGetValue(p.Pin, out var change) && change.Configuration == p.Port.Configuration(p.Pin.Pin)
            ? change
            : new DebugPinChange(p.Pin, p.Port.Configuration(p.Pin.Pin), -1, -1, 0));

    /// <inheritdoc />
    public string? Reason
    {
        get
        {
            var any = false;
            foreach (var (pin, port) in _pins.Values)
            {
                any |= pin.Swd && !IsDebugFunction(port.Configuration(pin.Pin));
            }
            if (!any)
            {
                return null; // the common case, asked at every debug access: no allocation
            }
            var taken = Reassigned.Where(c => c.Pin.Swd).ToList();
            var parts = taken.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{c.Pin.Signal} ({c.Pin.Name}) is now {c.Configuration}{Origin(c)}"));
            return $"the SWD pins were taken by firmware: {string.Join("; ", parts)}. SWD answers again after a reset " +
                   "restores the pins (connect under reset: NRST held low while connecting)";
        }
    }

    /// <inheritdoc />
    /// <remarks>With its SWD pins taken the SW-DP drives nothing: no acknowledge at all.</remarks>
    public bool SilencesDebugPort => true;

    /// <inheritdoc />
    public string? AccessPortReason(int apIndex) => Reason;

    private static string Origin(DebugPinChange c) => c.TimeNs < 0
        ? ""
        : c.Core < 0
            ? string.Create(CultureInfo.InvariantCulture, $", written by the debugger at {c.TimeNs / 1e6:0.###} ms")
            : string.Create(CultureInfo.InvariantCulture, $", written by core {c.Core} at 0x{c.Pc:X8} at {c.TimeNs / 1e6:0.###} ms");

    /// <summary>Alternate function 0: the debug function every SWJ pin has after reset.</summary>
    private static bool IsDebugFunction(PinConfiguration configuration) =>
        configuration.Mode == PinMode.Alternate && configuration.AlternateFunction == 0;

    private void OnConfigurationChanged(GpioPort port, int pin, PinConfiguration before, PinConfiguration after)
    {
        if (!_pins.TryGetValue((port.Letter, pin), out var watched) || IsDebugFunction(after) || before == after)
        {
            return;
        }
        var change = new DebugPinChange(watched.Pin, after, _context.Now, _context.CurrentCore, _context.CurrentPc);
        _last[watched.Pin] = change;
        var register = after.Mode != before.Mode ? "MODER" : pin < 8 ? "AFRL" : "AFRH";
        var address = port.Registers[register].Address;
        var effect = watched.Pin.Swd ? "SWD stops answering until a reset restores the pin" : "JTAG/trace loses this signal";
        _context.Record(ChipEventKind.DebugPinReassigned, $"{port.Name}.{register}", address, (uint)after.Mode << 4 | (uint)after.AlternateFunction,
            $"{watched.Pin.Signal} ({watched.Pin.Name}) switched from {before} to {after}: {effect}");
    }
}
