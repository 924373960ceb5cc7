using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using Stm32.Build.Diagnostics;
using Stm32.Cli.Usage;

namespace Stm32.Cli;

/// <summary>
/// Runs the command tree: usage errors (exit 2) before anything runs, the product's coded exceptions as canonical
/// messages, and a safety net that turns any unexpected exception into one coded line (STM0009, its stack trace only
/// with <c>-v</c>/<c>--verbose</c>) and exit 1 — never an unhandled-exception crash.
/// </summary>
public static partial class CommandRunner
{
    /// <summary>Codes of failures that are the command line's fault (a bad value or selection): exit 2, nothing was done.</summary>
    internal static readonly IReadOnlySet<string> UsageCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        DiagnosticCodes.InvalidArgument, DiagnosticCodes.UnknownDevice, DiagnosticCodes.UnknownCore,
        DiagnosticCodes.InvalidProbeSelection, DiagnosticCodes.UnknownCommandOrOption, DiagnosticCodes.OptionOutOfRange,
        DiagnosticCodes.SwdFrequencyNotSupported,
        DiagnosticCodes.ProbeTransportProperty, DiagnosticCodes.SimUsbInvalidOption,
        DiagnosticCodes.BoardNotFound, DiagnosticCodes.BoardDeviceMismatch, DiagnosticCodes.UnknownSupplyConfiguration,
        DiagnosticCodes.SupplyNotOnDevice,
    };

    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        var verbose = IsVerbose(args);
        try
        {
            var parse = root.Parse(args);
            if (!IsInformational(parse))
            {
                var usage = UsageCheck.Find(parse, args);
                if (usage.Count > 0)
                {
                    foreach (var d in usage)
                    {
                        error.WriteLine(d.ToCanonicalString());
                    }
                    return ExitCodes.Usage;
                }
            }
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors.DistinctBy(e => e.Message))
                {
                    error.WriteLine(ParseErrorDiagnostic(e.Message).ToCanonicalString());
                }
                return ExitCodes.Usage;
            }
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return parse.Invoke(config);
        }
        catch (Stm32Exception ex)
        {
            error.WriteLine(ex.Diagnostic.ToCanonicalString());
            return UsageCodes.Contains(ex.Code) ? ExitCodes.Usage : ExitCodes.Errors;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(new Diagnostic(DiagnosticCodes.StoppedBySignal, DiagnosticSeverity.Error, "cancelled").ToCanonicalString());
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            // A bug: say so in one coded line; the stack trace is for -v.
            error.WriteLine(new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error,
                $"internal error: {ex.GetType().Name}: {ex.Message} (run again with -v for the stack trace, and please report it)").ToCanonicalString());
            if (verbose)
            {
                error.WriteLine(ex.ToString());
            }
            return ExitCodes.Errors;
        }
    }

    /// <summary>A parser error as a diagnostic: a validator's message may start with its own code (<c>STM0007: ...</c>).</summary>
    internal static Diagnostic ParseErrorDiagnostic(string message)
    {
        var m = CodePrefix().Match(message);
        return m.Success
            ? new Diagnostic(m.Groups[1].Value, DiagnosticSeverity.Error, message[m.Length..])
            : new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, message);
    }

    /// <summary>--help, --version and the [suggest] directive print what they print; no usage check applies.</summary>
    private static bool IsInformational(ParseResult parse) =>
        parse.Action is HelpAction || parse.Tokens.Any(t => t.Value is "--version" or "--help" or "-h" or "-?" || t.Value.StartsWith('['));

    private static bool IsVerbose(string[] args)
    {
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                return false;
            }
            if (arg is "-v" or "--verbose")
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^(STM\d{4}): ")]
    private static partial Regex CodePrefix();
}
