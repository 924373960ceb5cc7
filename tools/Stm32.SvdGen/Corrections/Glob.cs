using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Stm32.SvdGen.Corrections;

/// <summary>Shell-style name patterns: <c>*</c> any run, <c>?</c> one character, <c>[A-K]</c> one of a set; case-insensitive.</summary>
internal static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> s_cache = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string name) => s_cache.GetOrAdd(pattern, Compile).IsMatch(name);

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    regex.Append('[').Append(pattern.AsSpan(i + 1, end - i - 1)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
