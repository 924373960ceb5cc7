using System.Text;

namespace Stm32.Build.Tasks.Gcc;

/// <summary>
/// Reads the make rules gcc writes with <c>-MMD -MP</c>: the first rule lists the object's prerequisites
/// (the source and every user header it included); <c>-MP</c> adds an empty rule per header, ignored here.
/// </summary>
public static class DependencyFile
{
    /// <summary>The prerequisites of the first rule, as written (relative to gcc's working directory).</summary>
    public static IReadOnlyList<string> ReadPrerequisites(string text)
    {
        // Join continuation lines of the first rule.
        var sb = new StringBuilder();
        using (var reader = new StringReader(text))
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var continued = line.EndsWith('\\') && !line.EndsWith(@"\\", StringComparison.Ordinal);
                sb.Append(continued ? line[..^1] : line).Append(' ');
                if (!continued)
                {
                    break;
                }
            }
        }
        var rule = sb.ToString();
        var colon = FindRuleColon(rule);
        if (colon < 0)
        {
            return [];
        }
        return SplitWords(rule[(colon + 1)..]);
    }

    /// <summary>The colon ending the targets: the first ':' followed by whitespace or the end (so C:/x is kept).</summary>
    private static int FindRuleColon(string rule)
    {
        for (var i = 0; i < rule.Length; i++)
        {
            if (rule[i] == ':' && (i + 1 == rule.Length || char.IsWhiteSpace(rule[i + 1])))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Splits make words: whitespace separates, <c>\ </c> is a space in a name, <c>$$</c> is <c>$</c>.</summary>
    private static List<string> SplitWords(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (ch == '\\' && i + 1 < s.Length && (s[i + 1] == ' ' || s[i + 1] == '#'))
            {
                current.Append(s[i + 1]);
                i++;
            }
            else if (ch == '$' && i + 1 < s.Length && s[i + 1] == '$')
            {
                current.Append('$');
                i++;
            }
            else if (char.IsWhiteSpace(ch))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(ch);
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
