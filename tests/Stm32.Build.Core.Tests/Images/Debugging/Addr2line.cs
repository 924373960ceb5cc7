using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>binutils' <c>arm-none-eabi-addr2line</c>, many addresses per run: the reference the source map is compared with.</summary>
internal static partial class Addr2line
{
    private const int Batch = 2000;

    /// <summary>addr2line's file path and line for each address, null where it prints <c>??</c> or line 0/<c>?</c>.</summary>
    public static IReadOnlyList<(string File, int Line)?> Lookup(string elf, IReadOnlyList<uint> addresses)
    {
        var result = new List<(string File, int Line)?>(addresses.Count);
        for (int at = 0; at < addresses.Count; at += Batch)
        {
            var chunk = addresses.Skip(at).Take(Batch).ToList();
            var output = ArmToolchain.RunChecked(ArmToolchain.Addr2line,
                ["-e", elf, .. chunk.Select(a => "0x" + a.ToString("x", CultureInfo.InvariantCulture))]).StandardOutput;
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != chunk.Count)
            {
                throw new InvalidOperationException($"addr2line printed {lines.Length} lines for {chunk.Count} addresses");
            }
            foreach (var line in lines)
            {
                var m = Answer().Match(line.TrimEnd('\r'));
                result.Add(m.Success && m.Groups[1].Value != "??" && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > 0
                    ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
                    : null);
            }
        }
        return result;
    }

    [GeneratedRegex(@"^(.+):(\d+)(?:\s|$)")]
    private static partial Regex Answer();
}

/// <summary>binutils' <c>arm-none-eabi-addr2line -i -a</c>: the inline chain of each address.</summary>
internal static partial class Addr2lineInlines
{
    private const int Batch = 1000;

    /// <summary>For each address, the file:line frames addr2line prints (innermost first; the last is the outermost call site).</summary>
    public static IReadOnlyList<IReadOnlyList<(string File, int Line)>> Lookup(string elf, IReadOnlyList<uint> addresses)
    {
        var result = new List<IReadOnlyList<(string File, int Line)>>(addresses.Count);
        for (int at = 0; at < addresses.Count; at += Batch)
        {
            var chunk = addresses.Skip(at).Take(Batch).ToList();
            var output = ArmToolchain.RunChecked(ArmToolchain.Addr2line,
                ["-i", "-a", "-e", elf, .. chunk.Select(a => "0x" + a.ToString("x", CultureInfo.InvariantCulture))]).StandardOutput;
            List<(string, int)>? frames = null;
            foreach (var raw in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var line = raw.TrimEnd('\r');
                if (line.StartsWith("0x", StringComparison.Ordinal))
                {
                    frames = [];
                    result.Add(frames);
                    continue;
                }
                var m = Frame().Match(line);
                frames!.Add(m.Success && m.Groups[1].Value != "??" ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : ("??", 0));
            }
            if (result.Count != at + chunk.Count)
            {
                throw new InvalidOperationException($"addr2line -a printed {result.Count - at} addresses for {chunk.Count}");
            }
        }
        return result;
    }

    [GeneratedRegex(@"^(.+):(\d+)(?:\s|$)")]
    private static partial Regex Frame();
}
