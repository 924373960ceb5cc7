using System.Text;

namespace Stm32.Build.Tasks.Tests;

/// <summary>Splits a shell command line the way /bin/sh does for plain words and double quotes.</summary>
internal static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (ch == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(ch);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
