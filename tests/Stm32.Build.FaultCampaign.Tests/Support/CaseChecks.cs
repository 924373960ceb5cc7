using System.Text.RegularExpressions;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// The assertions every case makes, gathered as messages (an empty list: the case held), so one case that does not
/// hold is reported with the others instead of stopping the sweep.
/// </summary>
internal static partial class CaseChecks
{
    private const uint CrPg = 1u << 1; // FLASH_CRx.PG, RM0399 4.9.4

    /// <summary>A coded error (STMxxxx) or success, with the exit code that belongs to it; no stack trace, no internal error.</summary>
    public static void Outcome(CliResult run, Expected expected, List<string> failures, string what)
    {
        var codes = ErrorCode().Matches(run.All).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (run.ExitCode == 0)
        {
            if (!expected.SuccessAllowed)
            {
                failures.Add($"{what}: exit 0, but this case must fail with {string.Join(" or ", expected.Errors.Keys)}");
            }
            if (!run.Out.Contains("stm32 flash: ok", StringComparison.Ordinal) || codes.Count > 0)
            {
                failures.Add($"{what}: exit 0 without 'stm32 flash: ok' or with an error line ({string.Join(", ", codes)})");
            }
        }
        else if (codes.Count == 0)
        {
            failures.Add($"{what}: exit {run.ExitCode} without a coded error line");
        }
        else if (!codes.Any(c => expected.Errors.TryGetValue(c, out var exit) && exit == run.ExitCode))
        {
            failures.Add($"{what}: exit {run.ExitCode} with {string.Join(", ", codes)}; expected "
                + string.Join(" or ", expected.Errors.Select(e => $"{e.Key} (exit {e.Value})")) + (expected.SuccessAllowed ? " or success" : ""));
        }
        if (codes.Contains("STM0009") || run.All.Contains("Unhandled exception", StringComparison.Ordinal) || StackFrame().IsMatch(run.All))
        {
            failures.Add($"{what}: an internal error or a stack trace was printed");
        }
        foreach (var text in expected.Forbidden.Where(t => run.All.Contains(t, StringComparison.Ordinal)))
        {
            failures.Add($"{what}: printed '{text}'");
        }
        foreach (var text in expected.Required.Where(t => !run.All.Contains(t, StringComparison.Ordinal)))
        {
            failures.Add($"{what}: did not print '{text}'");
        }
    }

    /// <summary>
    /// FLASH_CR1 and FLASH_CR2 read LOCK set and PG clear (the board's flash controller, not the driver). When the
    /// run lost its way to the chip while the flash was unlocked (<paramref name="run"/> reports the probe left
    /// the bus), nobody can lock it: then the run must have said so (warning STM4105), and the re-run must lock it.
    /// </summary>
    public static void Locked(Board board, CliResult? run, List<string> failures, string what)
    {
        foreach (var bank in CampaignBoard.Device.FlashBanks)
        {
            var cr = board.Chip.Flash.Control(bank.Number);
            var unlocked = board.Chip.Flash.IsUnlocked(bank.Number) || (cr & CrPg) != 0;
            if (unlocked && !(run is not null && run.All.Contains("warning STM4105: the flash could not be locked again", StringComparison.Ordinal)
                && (run.All.Contains("error STM3008", StringComparison.Ordinal) || run.All.Contains("error STM3007", StringComparison.Ordinal))))
            {
                failures.Add($"{what}: FLASH_CR{bank.Number} reads 0x{cr:X8} (LOCK clear or PG set)");
            }
        }
    }

    /// <summary>Every sector the images do not touch holds what it held before.</summary>
    public static void OutsideUntouched(Board board, ImageSet images, BoardSnapshot before, List<string> failures, string what)
    {
        var now = BoardSnapshot.Of(board);
        var touched = images.Sectors(CampaignBoard.Device);
        foreach (var bank in CampaignBoard.Device.FlashBanks)
        {
            for (var s = 0; s < bank.SectorCount; s++)
            {
                if (!touched.Contains((bank.Number, s)) && !now.Sector(bank.Number, s).SequenceEqual(before.Sector(bank.Number, s)))
                {
                    failures.Add($"{what}: sector {bank.Number}:{s}, outside the images, was changed");
                }
            }
        }
    }

    /// <summary>The option bytes are the ones before, or (when some were asked for) the ones asked for.</summary>
    public static void Options(Board board, BoardSnapshot before, CampaignCase c, bool mustBeApplied, List<string> failures, string what)
    {
        var now = board.Chip.Flash.Options;
        var asked = c.Requested?.Invoke(before.Options.Copy());
        var ok = mustBeApplied
            ? BoardSnapshot.SameOptions(now, asked ?? before.Options)
            : BoardSnapshot.SameOptions(now, before.Options) || (asked is not null && BoardSnapshot.SameOptions(now, asked));
        if (!ok)
        {
            failures.Add($"{what}: option bytes changed (OPTSR 0x{before.Options.Optsr:X8} -> 0x{now.Optsr:X8}, BOOT7 0x{before.Options.Boot7:X8} -> 0x{now.Boot7:X8}, BOOT4 0x{before.Options.Boot4:X8} -> 0x{now.Boot4:X8}, WPSN {string.Join("/", now.Wpsn.Select(w => w.ToString("X2")))})");
        }
    }

    /// <summary>The sectors the images touch hold the images (and the erased value around them).</summary>
    public static void ImagesProgrammed(Board board, ImageSet images, List<string> failures, string what)
    {
        var now = BoardSnapshot.Of(board);
        foreach (var (bank, sector) in images.Sectors(CampaignBoard.Device))
        {
            if (!now.Sector(bank, sector).SequenceEqual(images.Expected(CampaignBoard.Device, bank, sector)))
            {
                failures.Add($"{what}: sector {bank}:{sector} does not hold the image");
            }
        }
    }

    [GeneratedRegex(@"error (STM\d{4}):")]
    private static partial Regex ErrorCode();

    [GeneratedRegex(@"^\s+at [\w.<>`]+[.(]", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
