namespace Stm32.Cli;

/// <summary>
/// The process exit codes of the <c>stm32</c> command, one meaning each, stable across releases. A command stopped
/// by a termination signal exits with 128 + the signal number, as shells report it: 130 SIGINT (Ctrl+C),
/// 143 SIGTERM (<c>kill</c>, <c>timeout</c>, <c>docker stop</c>, CI cancellation), 129 SIGHUP, 131 SIGQUIT.
/// </summary>
public static class ExitCodes
{
    /// <summary>Success (warnings may have been printed).</summary>
    public const int Success = 0;
    /// <summary>The operation ran and reported at least one error (e.g. validation findings), or an output could not be written.</summary>
    public const int Errors = 1;
    /// <summary>The command line was not valid (unknown command or option, a value out of range, a bad selection); nothing was done.</summary>
    public const int Usage = 2;
    /// <summary>No probe was found.</summary>
    public const int NoProbe = 3;
    /// <summary>The target did not answer.</summary>
    public const int NoTarget = 4;
    /// <summary>Stopped by SIGHUP (128 + 1).</summary>
    public const int Hangup = 129;
    /// <summary>Stopped by SIGINT, Ctrl+C (128 + 2).</summary>
    public const int Cancelled = 130;
    /// <summary>Stopped by SIGQUIT (128 + 3).</summary>
    public const int Quit = 131;
    /// <summary>Stopped by SIGTERM (128 + 15).</summary>
    public const int Terminated = 143;
}
