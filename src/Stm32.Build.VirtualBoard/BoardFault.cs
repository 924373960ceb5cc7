using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard;

/// <summary>The kinds of board-level fault the virtual board can have, as properties of the board (never of a driver).</summary>
public enum BoardFaultKind
{
    /// <summary><c>debug-lost-after-run=MS</c>: once the firmware has run for MS milliseconds the debug port stops answering until NRST is asserted (SWD pins reassigned, low-power entry).</summary>
    DebugLostAfterRun,
    /// <summary><c>supply-lockup</c>: after the firmware runs, the debug port stops answering until a power cycle with BOOT0 high (power-supply configuration not matching the board: SMPS vs LDO).</summary>
    SupplyLockup,
    /// <summary><c>nrst-unwired</c>: the probe's NRST line is not connected to the chip.</summary>
    NrstUnwired,
    /// <summary><c>unplug-after=N</c>: the probe disappears from USB after N commands.</summary>
    UnplugAfter,
    /// <summary><c>no-target-power</c>: the target is unpowered; the probe reads 0 V and nothing answers.</summary>
    NoTargetPower,
}

/// <summary>One board fault with its parameter, parsed from and printed as the names used in the API and the CLI.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="Value">Milliseconds for <see cref="BoardFaultKind.DebugLostAfterRun"/>, commands for <see cref="BoardFaultKind.UnplugAfter"/>, otherwise 0.</param>
public sealed record BoardFault(BoardFaultKind Kind, long Value = 0)
{
    private static readonly (string Name, BoardFaultKind Kind, bool HasValue)[] s_names =
    [
        ("debug-lost-after-run", BoardFaultKind.DebugLostAfterRun, true),
        ("supply-lockup", BoardFaultKind.SupplyLockup, false),
        ("nrst-unwired", BoardFaultKind.NrstUnwired, false),
        ("unplug-after", BoardFaultKind.UnplugAfter, true),
        ("no-target-power", BoardFaultKind.NoTargetPower, false),
    ];

    /// <summary>The names accepted by <see cref="Parse"/>, with <c>=N</c> where a value is required.</summary>
    public static IEnumerable<string> Names => s_names.Select(n => n.HasValue ? n.Name + "=N" : n.Name);

    /// <summary>Parses a fault such as <c>debug-lost-after-run=50</c>; a bad name or value is a coded error.</summary>
    public static BoardFault Parse(string text)
    {
        var parts = text.Trim().Split('=', 2);
        var entry = s_names.FirstOrDefault(n => string.Equals(n.Name, parts[0], StringComparison.OrdinalIgnoreCase));
        if (entry.Name is null)
        {
            throw Invalid($"unknown board fault '{text}'; known faults: {string.Join(", ", Names)}");
        }
        if (entry.HasValue)
        {
            if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                throw Invalid($"board fault '{entry.Name}' needs a non-negative whole number: {entry.Name}=N");
            }
            return new BoardFault(entry.Kind, value);
        }
        if (parts.Length == 2)
        {
            throw Invalid($"board fault '{entry.Name}' takes no value");
        }
        return new BoardFault(entry.Kind);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var entry = s_names.First(n => n.Kind == Kind);
        return entry.HasValue ? string.Create(CultureInfo.InvariantCulture, $"{entry.Name}={Value}") : entry.Name;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
