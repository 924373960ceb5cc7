using System.Text;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>A UART route of the board resolved on the chip: the USART, its TX pin and the alternate function it needs.</summary>
/// <param name="Usart">The USART model.</param>
/// <param name="Port">The port of the TX pin.</param>
/// <param name="Pin">The TX pin number.</param>
/// <param name="AlternateFunction">The alternate-function number that puts the USART's TX on the pin (from the
/// datasheet's alternate-function table), or null when the model does not know it (any alternate function passes).</param>
public sealed record ResolvedUartRoute(Usart Usart, GpioPort Port, int Pin, int? AlternateFunction);

/// <summary>
/// The board's virtual COM port: the probe's USB-serial bridge wired to the UART TX pins the board description
/// routes (<see cref="BoardDescription.Uarts"/>). A character reaches it only if, when it is sent, the TX pin is in
/// alternate-function mode with the USART's AF number — a firmware that forgets the pin set-up prints nothing, as on
/// the board. The text is kept across resets (it is the host's terminal), bounded.
/// </summary>
public sealed class VirtualComPort
{
    /// <summary>The most bytes kept (later ones are counted in <see cref="Dropped"/>).</summary>
    public const int Capacity = 1 << 20;

    private readonly List<byte> _bytes = [];
    private readonly UnmodelledAccessLog _log;
    private readonly HashSet<string> _reported = [];

    /// <summary>Connects the routes.</summary>
    public VirtualComPort(IEnumerable<ResolvedUartRoute> routes, UnmodelledAccessLog log)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        Routes = [.. routes];
        foreach (var route in Routes)
        {
            route.Usart.ByteTransmitted += b => Deliver(route, b);
        }
    }

    /// <summary>The routes (one per <see cref="UartRoute"/> of the board).</summary>
    public IReadOnlyList<ResolvedUartRoute> Routes { get; }

    /// <summary>What the virtual COM port received, as bytes.</summary>
    public IReadOnlyList<byte> Bytes => _bytes;

    /// <summary>What the virtual COM port received, as text (UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString([.. _bytes]);

    /// <summary>Bytes received after <see cref="Capacity"/> was reached.</summary>
    public long Dropped { get; private set; }

    /// <summary>Characters a routed USART sent while its TX pin was not connected to it (wrong mode or alternate function).</summary>
    public long Lost { get; private set; }

    /// <summary>Why the last lost character did not arrive, or null.</summary>
    public string? LossReason { get; private set; }

    /// <summary>Raised for every byte the virtual COM port receives (for tools that stream the console).</summary>
    public event Action<UsartByte>? Received;

    /// <summary>
    /// Resolves a board's routes on a chip: the USART by name and the TX pin (<c>PA9</c>) on its port. A route naming a
    /// peripheral the chip lacks, or a pin that does not exist, is a coded error (STM5250).
    /// </summary>
    public static IReadOnlyList<ResolvedUartRoute> Resolve(BoardDescription board, IEnumerable<Usart> usarts, IEnumerable<GpioPort> ports,
        Func<string, string, int?> transmitAlternateFunction)
    {
        ArgumentNullException.ThrowIfNull(board);
        var usartList = usarts.ToList();
        var portList = ports.ToList();
        var routes = new List<ResolvedUartRoute>();
        foreach (var route in board.Uarts)
        {
            var usart = usartList.Find(u => string.Equals(u.Name, route.Peripheral, StringComparison.OrdinalIgnoreCase))
                ?? throw RouteError(board, route, $"the {board.Device} model has no {route.Peripheral}; its U(S)ARTs are {string.Join(", ", usartList.Select(u => u.Name))}");
            if (!TryParsePin(route.Tx, out var letter, out var pin) || portList.Find(p => p.Letter == letter) is not { } port)
            {
                throw RouteError(board, route, $"'{route.Tx}' is not a pin of the {board.Device} (expected P<port letter><0-15>, e.g. PA9)");
            }
            routes.Add(new ResolvedUartRoute(usart, port, pin, transmitAlternateFunction(usart.Name, route.Tx.ToUpperInvariant())));
        }
        return routes;
    }

    /// <summary>Parses <c>PA9</c> into port letter and pin number.</summary>
    public static bool TryParsePin(string? name, out char letter, out int pin)
    {
        letter = '\0';
        pin = -1;
        if (name is null || name.Length is < 3 or > 4 || char.ToUpperInvariant(name[0]) != 'P' || !char.IsAsciiLetter(name[1]))
        {
            return false;
        }
        letter = char.ToUpperInvariant(name[1]);
        return int.TryParse(name.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pin) && pin is >= 0 and < 16;
    }

    private static Stm32Exception RouteError(BoardDescription board, UartRoute route, string why) =>
        new(new Diagnostic(DiagnosticCodes.BoardUartRouteInvalid, DiagnosticSeverity.Error,
            $"board '{board.Name}' routes {route.Peripheral} TX on {route.Tx} to the virtual COM port, but {why}",
            File: string.IsNullOrEmpty(board.Source) ? null : board.Source));

    private void Deliver(ResolvedUartRoute route, UsartByte sent)
    {
        var configuration = route.Port.Configuration(route.Pin);
        if (configuration.Mode != PinMode.Alternate
            || (route.AlternateFunction is { } af && configuration.AlternateFunction != af))
        {
            Lost++;
            LossReason = $"{route.Usart.Name} sent data while its TX pin P{route.Port.Letter}{route.Pin} was {configuration}" +
                (route.AlternateFunction is { } expected ? $", not alternate function {expected}" : "") + ": nothing reached the virtual COM port";
            return;
        }
        if (route.AlternateFunction is null)
        {
            Report(route, $"the alternate-function number of {route.Usart.Name} TX on P{route.Port.Letter}{route.Pin} is not in the model's table: any alternate function is accepted");
        }
        if (_bytes.Count < Capacity)
        {
            _bytes.Add(sent.Value);
        }
        else
        {
            Dropped++;
        }
        Received?.Invoke(sent);
    }

    private void Report(ResolvedUartRoute route, string note)
    {
        if (_reported.Add(note))
        {
            _log.Add(new UnmodelledAccess(route.Port.Name, $"P{route.Port.Letter}{route.Pin}", route.Port.BaseAddress, 0, note));
        }
    }
}
