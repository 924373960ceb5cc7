using System.Globalization;
using Stm32.Build.Flashing;

namespace Stm32.Build.Tasks.Terminal;

/// <summary>
/// The names of the empty targets (build/Stm32.Build.Progress.targets) that make the terminal logger's live line
/// show what a probe task is doing. The terminal logger of the .NET SDK shows, for each project being built, the
/// name of the target that started last (MSBuild's TerminalLogger, TargetStarted) and nothing a task logs at
/// default verbosity; so the task builds, through its build engine, one empty target per step:
/// <c>Blinky  Stm32: program 40％ (1.2s)</c>. Phases that count bytes (or, for the delay guard, milliseconds) are
/// shown in steps of 10 percent. MSBuild does not allow <c>%</c> in a target name; the full-width percent sign
/// <c>％</c> (U+FF05) stands in.
/// </summary>
internal static class ProgressTargets
{
    /// <summary>The prefix of every progress target.</summary>
    public const string Prefix = "Stm32: ";

    /// <summary>The percent sign of the target names (U+FF05 FULLWIDTH PERCENT SIGN).</summary>
    public const char Percent = '\uFF05';

    /// <summary>The step of the percentages shown.</summary>
    public const int StepPercent = 10;

    /// <summary>The phases whose progress counts bytes or milliseconds (shown with a percentage).</summary>
    public static readonly IReadOnlyList<FlashPhase> CountedPhases =
        [FlashPhase.Compare, FlashPhase.Erase, FlashPhase.Program, FlashPhase.Verify, FlashPhase.DelayGuard, FlashPhase.Read];

    /// <summary>The phases shown by name only.</summary>
    public static readonly IReadOnlyList<FlashPhase> NamedPhases =
        [FlashPhase.Validate, FlashPhase.Connect, FlashPhase.OptionBytes, FlashPhase.ConfirmBoot, FlashPhase.Recover];

    /// <summary>The target to show for <paramref name="progress"/>, or null when nothing is shown (Done).</summary>
    public static string? For(FlashProgress progress)
    {
        if (progress.Phase == FlashPhase.Done)
        {
            return null;
        }
        var name = Name(progress.Phase);
        if (progress.BytesTotal <= 0 || !CountedPhases.Contains(progress.Phase))
        {
            return NamedPhases.Contains(progress.Phase) || CountedPhases.Contains(progress.Phase) ? Prefix + name : null;
        }
        var done = Math.Clamp(progress.BytesDone, 0, progress.BytesTotal);
        var percent = (int)(done * 100 / progress.BytesTotal) / StepPercent * StepPercent;
        return Prefix + name + " " + percent.ToString(CultureInfo.InvariantCulture) + Percent;
    }

    /// <summary>Every target name <see cref="For"/> can return (the content of build/Stm32.Build.Progress.targets).</summary>
    public static IEnumerable<string> All()
    {
        foreach (var phase in NamedPhases.Concat(CountedPhases))
        {
            yield return Prefix + Name(phase);
        }
        foreach (var phase in CountedPhases)
        {
            for (var p = 0; p <= 100; p += StepPercent)
            {
                yield return Prefix + Name(phase) + " " + p.ToString(CultureInfo.InvariantCulture) + Percent;
            }
        }
    }

    /// <summary>The phase as a person reads it.</summary>
    public static string Name(FlashPhase phase) => phase switch
    {
        FlashPhase.Validate => "validate",
        FlashPhase.Connect => "connect",
        FlashPhase.Compare => "compare",
        FlashPhase.Erase => "erase",
        FlashPhase.Program => "program",
        FlashPhase.Verify => "verify",
        FlashPhase.OptionBytes => "option bytes",
        FlashPhase.ConfirmBoot => "confirm boot",
        FlashPhase.DelayGuard => "delay guard",
        FlashPhase.Recover => "recover",
        FlashPhase.Read => "read",
        _ => phase.ToString().ToLowerInvariant(),
    };
}
