namespace Stm32.Cli.Usage;

/// <summary>"Did you mean" for mistyped commands, options and values: the candidates nearest by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>
    /// The candidates closest to <paramref name="typed"/> (Damerau–Levenshtein distance, case-insensitive), best
    /// first; only those within half the word's length (at least 1, at most 3 edits), or that start with it.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string typed, IEnumerable<string> candidates, int max = 2)
    {
        var word = typed.TrimStart('-').ToLowerInvariant();
        var limit = Math.Clamp((word.Length + 1) / 2, 1, 3);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(word, c.TrimStart('-').ToLowerInvariant())))
            .Where(x => x.Distance <= limit || (word.Length >= 3 && x.Candidate.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Candidate)
            .ToList();
    }

    /// <summary>" did you mean 'X'?" or " did you mean 'X' or 'Y'?", empty when nothing is near.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var near = Nearest(typed, candidates);
        return near.Count == 0 ? "" : "; did you mean " + string.Join(" or ", near.Select(n => $"'{n}'")) + "?";
    }

    /// <summary>The optimal-string-alignment distance (insertions, deletions, substitutions, adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
