using System.Collections.Concurrent;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>A phase of a flash as command numbers of the board's probe: [Start, End).</summary>
internal sealed record PhaseWindow(string Phase, long Start, long End);

/// <summary>
/// Where each phase of a flash lies in the stream of probe commands, measured on a healthy run of the same flash
/// (same images, transport and options) on a fresh board: a phase starts at the command count when the CLI prints
/// its first progress line (<c>-v</c>); the protection check starts at the first read of FLASH_OPTSR_CUR (RM0399
/// 4.9.9, 0x5200201C), where the option bytes and the protection state are read before anything is erased.
/// </summary>
internal static class PhaseMap
{
    /// <summary>The phases in the order a flash runs them, as the CLI prints them (the protection check has no line).</summary>
    public static IReadOnlyList<string> Order { get; } = ["connect", "protection-check", "compare", "erase", "program", "verify", "option-bytes", "confirm-boot", "delay-guard"];

    private const uint FlashOptsrCur = 0x5200_201C;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<PhaseWindow>> s_cache = new();

    /// <summary>The windows of the flash <paramref name="images"/> + <paramref name="options"/> over <paramref name="transport"/>.</summary>
    public static IReadOnlyList<PhaseWindow> Of(CampaignBoard campaign, ImageSet images, CaseTransport transport, IReadOnlyList<string> options, BoardVariant? variant = null) =>
        s_cache.GetOrAdd($"{images.Name}|{transport}|{string.Join(' ', options)}|{variant?.Name}", _ => Measure(campaign, images, transport, options, variant));

    private static List<PhaseWindow> Measure(CampaignBoard campaign, ImageSet images, CaseTransport transport, IReadOnlyList<string> options, BoardVariant? variant)
    {
        using var board = campaign.NewBoard(variant);
        var starts = new Dictionary<string, long>();
        var optsr = new FirstReadOf(board, FlashOptsrCur);
        var run = CampaignCli.Run(board, transport, [optsr], "flash", [.. CaseRunner.SharedOptions, .. options, .. images.Arguments], line =>
        {
            if (line.StartsWith("stm32: ", StringComparison.Ordinal))
            {
                var name = line["stm32: ".Length..].Split(':')[0];
                starts.TryAdd(name, board.Counters.UsbRoundTrips);
            }
        });
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"the healthy flash that measures the phases failed (exit {run.ExitCode}):\n{run.All}");
        }
        if (optsr.Command is long protection)
        {
            starts["protection-check"] = protection;
        }
        var end = board.Counters.UsbRoundTrips;
        var known = Order.Where(starts.ContainsKey).Select(p => (Phase: p, Start: starts[p])).ToList();
        return known.Select((p, i) => new PhaseWindow(p.Phase, p.Start, i + 1 < known.Count ? known[i + 1].Start : end)).ToList();
    }
}
