using System.Globalization;
using System.Text.RegularExpressions;

namespace Stm32.SvdGen.Output;

/// <summary>
/// Folds runs of elements that differ only by an index in their name and a constant step in position into one
/// line: <c>MODE0</c>..<c>MODE15</c> at bits 1:0, 3:2 … becomes <c>MODE{0-15}</c> with step 2. A run needs at
/// least <see cref="MinimumRun"/> elements, names whose last number counts up by one (no leading zeros), identical
/// remaining text and a constant positive step. The table reader expands them back (docs/registers.md).
/// </summary>
internal static partial class ArrayRoller
{
    /// <summary>The shortest run worth folding.</summary>
    public const int MinimumRun = 3;

    /// <summary>One element: its name, its position (bit or offset), and everything else about it as text.</summary>
    /// <param name="Name">The element's name.</param>
    /// <param name="Position">Bit position (fields) or offset (registers).</param>
    /// <param name="Rest">What must be identical for elements to fold together (attributes, and for registers their fields).</param>
    public readonly record struct Item(string Name, long Position, string Rest);

    /// <summary>A folded run: the first item's index, the rolled name, the count and the step (count 1: not folded).</summary>
    /// <param name="Start">The index of the run's first element.</param>
    /// <param name="Name">The name to write: the element's own, or <c>PREFIX{FIRST-LAST}SUFFIX</c>.</param>
    /// <param name="Count">How many elements the run holds.</param>
    /// <param name="Step">The position step between elements (0 when <paramref name="Count"/> is 1).</param>
    public readonly record struct Run(int Start, string Name, int Count, long Step);

    /// <summary>Folds an ordered list of elements.</summary>
    public static List<Run> Roll(IReadOnlyList<Item> items)
    {
        var runs = new List<Run>();
        var i = 0;
        while (i < items.Count)
        {
            var length = RunLength(items, i, out var prefix, out var first, out var suffix, out var step);
            if (length >= MinimumRun)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{{{first}-{first + length - 1}}}{suffix}");
                runs.Add(new Run(i, name, length, step));
                i += length;
            }
            else
            {
                runs.Add(new Run(i, items[i].Name, 1, 0));
                i++;
            }
        }
        return runs;
    }

    private static int RunLength(IReadOnlyList<Item> items, int start, out string prefix, out int first, out string suffix, out long step)
    {
        step = 0;
        if (!TrySplit(items[start].Name, out prefix, out first, out suffix) || start + 1 >= items.Count)
        {
            return 1;
        }
        step = items[start + 1].Position - items[start].Position;
        if (step <= 0)
        {
            return 1;
        }
        var length = 1;
        while (start + length < items.Count)
        {
            var next = items[start + length];
            if (!TrySplit(next.Name, out var p, out var n, out var s)
                || p != prefix || s != suffix || n != first + length
                || next.Position != items[start].Position + step * length
                || next.Rest != items[start].Rest)
            {
                break;
            }
            length++;
        }
        return length;
    }

    /// <summary>Splits <c>PREFIX NUMBER SUFFIX</c> at the name's last number (no leading zeros, SUFFIX without digits).</summary>
    private static bool TrySplit(string name, out string prefix, out int number, out string suffix)
    {
        var match = IndexedName().Match(name);
        prefix = match.Groups["p"].Value;
        suffix = match.Groups["s"].Value;
        number = 0;
        return match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    [GeneratedRegex(@"^(?<p>.*?)(?<n>0|[1-9][0-9]{0,5})(?<s>[^0-9]*)$")]
    private static partial Regex IndexedName();
}
