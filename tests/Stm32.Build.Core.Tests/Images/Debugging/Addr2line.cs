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
