using System.CommandLine;
using Stm32.Build.Diagnostics;

namespace Stm32.Cli;

/// <summary>Runs the command tree and turns the product's coded exceptions into canonical messages and exit codes.</summary>
public static class CommandRunner
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                config.Error.WriteLine(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error, error.Message).ToCanonicalString());
            }
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (Stm32Exception ex)
        {
            config.Error.WriteLine(ex.Diagnostic.ToCanonicalString());
            return ExitCodes.Errors;
        }
        catch (OperationCanceledException)
        {
            config.Error.WriteLine("stm32: cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
