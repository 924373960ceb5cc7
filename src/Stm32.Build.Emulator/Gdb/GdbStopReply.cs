using System.Globalization;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>What a stop reply packet says happened.</summary>
public enum GdbStopKind
{
    /// <summary><c>S</c>/<c>T</c>: the target stopped with a signal (5 = SIGTRAP for a step or breakpoint).</summary>
    Signal,
    /// <summary><c>W</c>: the process exited with a status.</summary>
    Exited,
    /// <summary><c>X</c>: the process was terminated by a signal.</summary>
    Terminated,
}

/// <summary>A parsed stop reply (<c>S05</c>, <c>T05thread:p01.01;</c>, <c>W00</c>, <c>X09</c>).</summary>
/// <param name="Kind">Signal, exit or termination.</param>
/// <param name="Code">The signal number or exit status.</param>
/// <param name="Pairs">The <c>n:r;</c> pairs of a <c>T</c> reply (register numbers in hex, <c>thread</c>, <c>swbreak</c>...).</param>
public sealed record GdbStopReply(GdbStopKind Kind, int Code, IReadOnlyDictionary<string, string> Pairs)
{
    /// <summary>SIGTRAP, which GDB stubs report after a single step or at a breakpoint.</summary>
    public const int SigTrap = 5;

    /// <summary>Parses a stop reply; throws a protocol error for anything else.</summary>
    public static GdbStopReply Parse(string packet)
    {
        if (packet.Length < 3 || !int.TryParse(packet.AsSpan(1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw GdbException.Protocol($"'{packet}' is not a stop reply");
        }
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (packet[0])
        {
            case 'S':
                return new GdbStopReply(GdbStopKind.Signal, code, pairs);
            case 'T':
                foreach (var part in packet[3..].Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = part.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0)
                    {
                        pairs[part] = string.Empty;
                    }
                    else
                    {
                        pairs[part[..colon]] = part[(colon + 1)..];
                    }
                }
                return new GdbStopReply(GdbStopKind.Signal, code, pairs);
            case 'W':
                return new GdbStopReply(GdbStopKind.Exited, code, pairs);
            case 'X':
                return new GdbStopReply(GdbStopKind.Terminated, code, pairs);
            default:
                throw GdbException.Protocol($"'{packet}' is not a stop reply");
        }
    }
}
