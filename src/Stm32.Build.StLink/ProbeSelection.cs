using System.Globalization;

namespace Stm32.Build.StLink;

/// <summary>The kinds of probe selection.</summary>
public enum ProbeSelectionKind
{
    /// <summary><c>auto</c>: the one ST-LINK attached over USB (an error when there are none or several).</summary>
    Auto,
    /// <summary><c>usb</c> or <c>usb:SERIAL</c>: an ST-LINK on USB, optionally by serial number.</summary>
    Usb,
    /// <summary><c>tcp://HOST:PORT[/SERIAL]</c>: an ST-LINK shared by ST's ST-LINK server.</summary>
    Tcp,
    /// <summary><c>sim</c>: the in-process virtual board.</summary>
    Simulator,
}

/// <summary>
/// A parsed probe selection string. One syntax everywhere (CLI <c>--probe</c>, MSBuild <c>Stm32Probe</c>, the API):
/// <c>auto</c> | <c>usb</c> | <c>usb:SERIAL</c> | <c>tcp://HOST[:PORT][/SERIAL]</c> (port 7184, stlink-server's
/// default, when omitted) | <c>sim</c>. Invalid text is a coded error (STM3004).
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="SerialNumber">The serial number asked for, when given.</param>
/// <param name="Host">The ST-LINK server host (TCP only).</param>
/// <param name="Port">The ST-LINK server port (TCP only).</param>
public sealed record ProbeSelection(ProbeSelectionKind Kind, string? SerialNumber = null, string? Host = null, int Port = 0)
{
    /// <summary>The TCP port stlink-server listens on by default (OpenOCD's default for <c>st-link backend tcp</c>).</summary>
    public const int DefaultServerPort = 7184;

    /// <summary>The syntax, for error messages and help texts.</summary>
    public const string Syntax = "auto | usb | usb:SERIAL | tcp://HOST[:PORT][/SERIAL] | sim";

    /// <summary>Parses <paramref name="text"/> (case-insensitive keywords; serial numbers are letters and digits).</summary>
    public static ProbeSelection Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || t.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeSelection(ProbeSelectionKind.Auto);
        }
        if (t.Equals("sim", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeSelection(ProbeSelectionKind.Simulator);
        }
        if (t.Equals("usb", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeSelection(ProbeSelectionKind.Usb);
        }
        if (t.StartsWith("usb:", StringComparison.OrdinalIgnoreCase))
        {
            return new ProbeSelection(ProbeSelectionKind.Usb, Serial(t[4..], t));
        }
        if (t.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseTcp(t[6..], t);
        }
        throw Invalid(t, "expected one of: " + Syntax);
    }

    private static ProbeSelection ParseTcp(string rest, string original)
    {
        string? serial = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            serial = Serial(rest[(slash + 1)..], original);
            rest = rest[..slash];
        }
        string host;
        var port = DefaultServerPort;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(original, "an IPv6 host needs a closing ']'");
            }
            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw Invalid(original, "expected ':PORT' after the host");
                }
                port = ParsePort(rest[1..], original);
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            if (colon >= 0)
            {
                port = ParsePort(rest[(colon + 1)..], original);
            }
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@'))
        {
            throw Invalid(original, "the host is missing or not valid");
        }
        return new ProbeSelection(ProbeSelectionKind.Tcp, serial, host, port);
    }

    private static int ParsePort(string text, string original)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Invalid(original, $"'{text}' is not a TCP port (1-65535)");
        }
        return port;
    }

    private static string Serial(string text, string original)
    {
        if (text.Length == 0 || text.Length > 64 || !text.All(char.IsAsciiLetterOrDigit))
        {
            throw Invalid(original, "a serial number is 1 to 64 letters and digits, as `stm32 probes` lists it");
        }
        return text;
    }

    private static ProbeException Invalid(string text, string why) =>
        ProbeErrors.Selection($"probe selection '{text}' is not valid: {why} (syntax: {Syntax})");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ProbeSelectionKind.Auto => "auto",
        ProbeSelectionKind.Simulator => "sim",
        ProbeSelectionKind.Usb => SerialNumber is null ? "usb" : "usb:" + SerialNumber,
        _ => string.Create(CultureInfo.InvariantCulture,
            $"tcp://{(Host!.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port}{(SerialNumber is null ? "" : "/" + SerialNumber)}"),
    };
}
