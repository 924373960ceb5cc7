using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard;

/// <summary>
/// The kinds of board-level fault the virtual board can have: electrical properties of the board and the probe
/// (never of a driver). What firmware does to the board — a supply configuration the wiring cannot take, SWD pins
/// reassigned, low-power modes — is never scripted: it arises from the firmware running on the emulated cores.
/// </summary>
public enum BoardFaultKind
{
    /// <summary><c>nrst-unwired</c>: the probe's NRST line is not connected to the chip.</summary>
    NrstUnwired,
    /// <summary><c>unplug-after=N</c>: the probe disappears from USB after N commands.</summary>
    UnplugAfter,
    /// <summary><c>no-target-power</c>: the target is unpowered; the probe reads 0 V and nothing answers.</summary>
    NoTargetPower,
    /// <summary>
    /// <c>flash-error=FLAG</c>: a failing flash array — the next program or erase operation ends with FLAG set in
    /// FLASH_SR instead of EOP and leaves the array unchanged (FLAG: WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR,
    /// RDSERR, SNECCERR, DBECCERR). <see cref="BoardFault.Value"/> holds the flag's bit in FLASH_SR.
    /// </summary>
    FlashError,
}

/// <summary>One board fault with its parameter, parsed from and printed as the names used in the API and the CLI.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="Value">Commands for <see cref="BoardFaultKind.UnplugAfter"/>, the FLASH_SR bit for <see cref="BoardFaultKind.FlashError"/>, otherwise 0.</param>
public sealed record BoardFault(BoardFaultKind Kind, long Value = 0)
{
    private static readonly (string Name, BoardFaultKind Kind, bool HasValue)[] s_names =
    [
        ("nrst-unwired", BoardFaultKind.NrstUnwired, false),
        ("unplug-after", BoardFaultKind.UnplugAfter, true),
        ("no-target-power", BoardFaultKind.NoTargetPower, false),
        ("flash-error", BoardFaultKind.FlashError, true),
    ];

    /// <summary>The FLASH_SR error flags <c>flash-error=FLAG</c> accepts, with their bit (RM0399 4.9.5, FLASH_SR1/2).</summary>
    public static IReadOnlyDictionary<string, int> FlashErrorFlags { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["WRPERR"] = 17, ["PGSERR"] = 18, ["STRBERR"] = 19, ["INCERR"] = 21, ["OPERR"] = 22,
        ["RDPERR"] = 23, ["RDSERR"] = 24, ["SNECCERR"] = 25, ["DBECCERR"] = 26,
    };

    /// <summary>Names of scripted faults that were retired, with where the failure comes from now.</summary>
    private static readonly (string Name, string Instead)[] s_retired =
    [
        ("supply-lockup", "the lost core supply arises from firmware that writes a supply configuration the board is not wired for (a direct-SMPS image on --board custom-h747-ldo, or --supply)"),
        ("debug-lost-after-run", "a silent debug port arises from firmware that reassigns PA13/PA14 or enters Stop/Standby without the DBGMCU bits"),
    ];

    /// <summary>The names accepted by <see cref="Parse"/>, with <c>=N</c> where a value is required.</summary>
    public static IEnumerable<string> Names => s_names.Select(n => n.Kind == BoardFaultKind.FlashError ? n.Name + "=FLAG" : n.HasValue ? n.Name + "=N" : n.Name);

    /// <summary>Parses a fault such as <c>unplug-after=50</c>; a bad name or value is a coded error.</summary>
    public static BoardFault Parse(string text)
    {
        var parts = text.Trim().Split('=', 2);
        var entry = s_names.FirstOrDefault(n => string.Equals(n.Name, parts[0], StringComparison.OrdinalIgnoreCase));
        if (entry.Name is null)
        {
            var retired = s_retired.FirstOrDefault(r => string.Equals(r.Name, parts[0], StringComparison.OrdinalIgnoreCase));
            if (retired.Name is not null)
            {
                throw Invalid($"board fault '{retired.Name}' is no longer scripted: {retired.Instead}; known faults: {string.Join(", ", Names)}");
            }
            throw Invalid($"unknown board fault '{text}'; known faults: {string.Join(", ", Names)}");
        }
        if (entry.Kind == BoardFaultKind.FlashError)
        {
            if (parts.Length != 2 || !FlashErrorFlags.TryGetValue(parts[1], out var bit))
            {
                throw Invalid($"board fault 'flash-error' needs a FLASH_SR error flag: flash-error=FLAG with FLAG one of {string.Join(", ", FlashErrorFlags.Keys)}");
            }
            return new BoardFault(entry.Kind, 1L << bit);
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
        if (Kind == BoardFaultKind.FlashError)
        {
            var flag = FlashErrorFlags.FirstOrDefault(f => 1L << f.Value == Value).Key ?? "?";
            return entry.Name + "=" + flag;
        }
        return entry.HasValue ? string.Create(CultureInfo.InvariantCulture, $"{entry.Name}={Value}") : entry.Name;
    }

    private static Stm32Exception Invalid(string message) =>
        new(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message));
}
