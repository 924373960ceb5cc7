using System.Globalization;
using Stm32.Build.FaultCampaign.Tests.Support;
using Xunit.Abstractions;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>
/// SIGINT and SIGTERM reach a real <c>stm32 flash</c> process in each phase of a flash over an ST-LINK server (the
/// signal is sent when the board's probe reaches a command of that phase): STM0010 saying where it stopped, exit
/// 128 + the signal, the flash locked (read from the board, which outlives the process), nothing outside the images
/// erased, the option bytes as they were or as asked, and the same flash run again reaches a verified image.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class SignalCampaignTests(CampaignFixture campaign, ITestOutputHelper output)
{
    private const string Family = "termination signal";

    [Fact]
    public void SIGINT_and_SIGTERM_in_any_phase_lose_nothing_and_a_rerun_verifies()
    {
        var full = SweepSettings.Points >= 4;
        var cases = new List<(string, CampaignCase)>();
        foreach (var flash in CampaignFlash.All(campaign.Images))
        {
            foreach (var window in flash.Phases(campaign.Board, CaseTransport.Tcp))
            {
                // Default: SIGTERM into the single-core flashes, SIGINT into the dual-core ones; the full sweep: both into both.
                var signals = full ? [2, 15] : flash.Images.Images.Count == 1 ? new[] { 15 } : [2];
                foreach (var signal in signals)
                {
                    var name = signal == 2 ? "SIGINT" : "SIGTERM";
                    // Counted from the phase's start in the case's own run, and early in it: how many polls a phase
                    // takes varies from run to run (the delay guard over TCP is paced by wall time), so a command
                    // number measured on another run, or the middle of a phase, may never come.
                    var offset = Math.Min(8, (window.End - window.Start) / 4);
                    // The stop names the phase it came in, except where phases interleave: streaming erases the next
                    // sector while programming, and the protection check prints no phase of its own.
                    var stop = window.Phase is "erase" or "program" or "protection-check" ? $"error STM0010: stopped by {name} " : $"error STM0010: stopped by {name} during {window.Phase}:";
                    var expected = new Expected(false, new Dictionary<string, int> { ["STM0010"] = 128 + signal }) { Required = [stop] };
                    var c = flash.Case(Family, string.Create(CultureInfo.InvariantCulture, $"{name} {offset} commands into {window.Phase}"), CaseTransport.Tcp, expected)
                        with { Signal = signal, SignalPhase = window.Phase, SignalOffset = offset };
                    cases.Add(($"{name}, {window.Phase}", c));
                }
            }
        }

        var failures = campaign.RunAll(cases);

        output.WriteLine(campaign.Table.Render(Family));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
