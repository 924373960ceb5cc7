namespace Stm32.Cli;

/// <summary>The process exit codes of the <c>stm32</c> command, one meaning each, stable across releases.</summary>
public static class ExitCodes
{
    /// <summary>Success (warnings may have been printed).</summary>
    public const int Success = 0;
    /// <summary>The operation ran and reported at least one error (e.g. validation findings).</summary>
    public const int Errors = 1;
    /// <summary>The command line was not valid.</summary>
    public const int Usage = 2;
    /// <summary>No probe was found.</summary>
    public const int NoProbe = 3;
    /// <summary>The target did not answer.</summary>
    public const int NoTarget = 4;
    /// <summary>The operation was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
