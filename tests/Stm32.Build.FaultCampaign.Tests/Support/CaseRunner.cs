namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// Runs one case: a fresh board holding the background, the case's setup, the flash with the fault, the checks; then
/// what a user does next (replug the probe, power the board again, undo a protection state) and the same flash again,
/// which must reach a verified image with nothing else changed.
/// </summary>
internal static class CaseRunner
{
    /// <summary>The delay guard of every case, in ms: long enough for several polls of the debug port, short enough for the budget.</summary>
    public const int GuardMs = 20;

    /// <summary>The options every campaign flash has before its own: progress on standard error, the delay guard.</summary>
    public static IReadOnlyList<string> SharedOptions { get; } = ["-v", "--delay-guard", GuardMs.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private static readonly Expected s_rerunSucceeds = new(true, new Dictionary<string, int>());

    /// <summary>Runs <paramref name="c"/> and returns what did not hold (empty: it held).</summary>
    public static List<string> Run(CampaignBoard campaign, CampaignCase c)
    {
        var failures = new List<string>();
        using var board = campaign.NewBoard(c.Variant, [.. c.Faults]);
        var before = BoardSnapshot.Of(board);
        string[] args = [.. SharedOptions, .. c.Options, .. c.Images.Arguments];

        var run = c.Signal is int signal
            ? SignalledProcess.Flash(board, signal, c.SignalPhase, c.SignalOffset, args)
            : CampaignCli.Run(board, c.Transport, c.Taps(board), "flash", args);
        CaseChecks.Outcome(run, c.Expect, failures, "flash");
        Restore(board);
        CaseChecks.Locked(board, run, failures, "after the flash");
        CaseChecks.OutsideUntouched(board, c.Images, before, failures, "after the flash");
        if (c.NothingErased && !BoardSnapshot.Of(board).Banks.All(b => b.Value.AsSpan().SequenceEqual(before.Banks[b.Key])))
        {
            failures.Add("after the flash: the flash was refused, but a sector changed");
        }
        CaseChecks.Options(board, before, c, mustBeApplied: false, failures, "after the flash");

        if (c.BeforeRerun?.Invoke(board, c.Transport) is { } prepared)
        {
            failures.Add("before the re-run: " + prepared);
        }
        var beforeRerun = BoardSnapshot.Of(board);
        var rerun = CampaignCli.Run(board, c.Transport, [], "flash", args);
        CaseChecks.Outcome(rerun, s_rerunSucceeds, failures, "re-run");
        if (!rerun.Out.Contains("boot CM7: confirmed", StringComparison.Ordinal))
        {
            failures.Add("re-run: the boot was not confirmed");
        }
        CaseChecks.ImagesProgrammed(board, c.Images, failures, "after the re-run");
        CaseChecks.OutsideUntouched(board, c.Images, beforeRerun, failures, "after the re-run");
        CaseChecks.Locked(board, null, failures, "after the re-run");
        CaseChecks.Options(board, beforeRerun, c, mustBeApplied: true, failures, "after the re-run");
        if (failures.Count > 0)
        {
            failures.Insert(0, $"--- {c.Family}: {c.Label}\nflash exit {run.ExitCode}:\n{Tail(run.All)}\nre-run exit {rerun.ExitCode}:\n{Tail(rerun.All)}");
        }
        return failures;
    }

    /// <summary>What a person does after a failed flash: plug the probe back in, switch the board on again.</summary>
    public static void Restore(Stm32.Build.VirtualBoard.VirtualBoard board)
    {
        board.Replug();
        if (!board.Chip.Powered)
        {
            board.PowerCycle();
        }
        board.Chip.FailNextFlashOperation(0); // a transient array failure that had not happened yet does not outlive the run
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Length <= 14 ? lines : lines[^14..]);
    }
}
