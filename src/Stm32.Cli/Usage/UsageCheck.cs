using System.CommandLine;
using System.CommandLine.Parsing;
using Stm32.Build.Diagnostics;

namespace Stm32.Cli.Usage;

/// <summary>
/// Finds what the parser lets through or words poorly: a mistyped option taken as a file name
/// (<c>stm32 flash --verfy none app.elf</c>), an option the command does not have, an unknown or missing command.
/// Each becomes a usage error (STM0006) with the nearest names as suggestions. Words after <c>--</c> are never
/// options, and an existing file whose name starts with '-' is a file.
/// </summary>
internal static class UsageCheck
{
    /// <summary>The usage errors of <paramref name="parse"/>; empty when the command line is usable.</summary>
    public static IReadOnlyList<Diagnostic> Find(ParseResult parse, IReadOnlyList<string> args)
    {
        var found = new List<Diagnostic>();
        var dash = IndexOf(args, "--");
        var literal = dash < 0 ? [] : args.Skip(dash + 1).ToHashSet(StringComparer.Ordinal);
        var command = parse.CommandResult.Command;
        var names = OptionNames(parse.CommandResult);

        var suspects = parse.UnmatchedTokens
            .Concat(command.Arguments.SelectMany(a => parse.GetResult(a)?.Tokens.Select(t => t.Value) ?? []));
        foreach (var token in suspects.Distinct(StringComparer.Ordinal))
        {
            if (LooksLikeOption(token) && !literal.Contains(token) && !File.Exists(token))
            {
                var name = token.Split('=', 2)[0];
                found.Add(Error($"unknown option '{name}' for '{Path(parse.CommandResult)}'{Suggestions.DidYouMean(name, names)}"));
            }
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            var word = parse.UnmatchedTokens.FirstOrDefault(t => !LooksLikeOption(t));
            found.Add(word is not null
                ? Error($"unknown command '{word}' for '{Path(parse.CommandResult)}' (commands: {string.Join(", ", commands)}){Suggestions.DidYouMean(word, commands)}")
                : Error($"'{Path(parse.CommandResult)}' needs a command: {string.Join(", ", commands)} (see '{Path(parse.CommandResult)} --help')"));
        }
        return found;
    }

    /// <summary>Whether a word is written like an option: <c>-x</c>, <c>--name</c>, not <c>-</c>, <c>--</c> or a negative number.</summary>
    internal static bool LooksLikeOption(string token) =>
        token.Length >= 2 && token[0] == '-' && token != "--" && !char.IsDigit(token[1]) && token[1] != '.';

    /// <summary>The option names and aliases that apply to a command: its own and its ancestors' recursive ones.</summary>
    private static List<string> OptionNames(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (var option in c.Command.Options.Where(o => r == result || o.Recursive))
                {
                    names.Add(option.Name);
                    names.AddRange(option.Aliases);
                }
            }
        }
        return names;
    }

    private static string Path(CommandResult result)
    {
        var parts = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                parts.Insert(0, c.Parent is null ? "stm32" : c.Command.Name);
            }
        }
        return string.Join(' ', parts);
    }

    private static int IndexOf(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static Diagnostic Error(string message) => new(DiagnosticCodes.UnknownCommandOrOption, DiagnosticSeverity.Error, message);
}
