namespace Stm32.Cli.Tests;

/// <summary>Runs the stm32 command tree in process and captures what it prints.</summary>
internal static class CliRun
{
    /// <summary>The exit code and the standard output and error of one run.</summary>
    internal sealed record Result(int ExitCode, string Out, string Err)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
