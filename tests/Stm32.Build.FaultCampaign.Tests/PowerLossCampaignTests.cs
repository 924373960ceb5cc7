using System.Globalization;
using Stm32.Build.FaultCampaign.Tests.Support;
using Xunit.Abstractions;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>
/// The target loses power in the middle of erasing or programming (the board's supply switched off when the probe
/// reaches command N; the flash operation in flight never finishes): the target does not answer (exit 4) with a
/// coded error, never the recovery procedure that erases; once the board has power again, the same flash reaches a
/// verified image with nothing outside the images erased.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class PowerLossCampaignTests(CampaignFixture campaign, ITestOutputHelper output)
{
    private const string Family = "power loss";

    private static readonly Expected s_expected = new(false, new Dictionary<string, int>
    {
        ["STM3020"] = 4, // the target has no power
        ["STM3021"] = 4, // the debug port does not answer
    })
    {
        Forbidden = ["STM4501", "stm32 recover"],
    };

    [Fact]
    public void Power_lost_mid_erase_or_mid_program_loses_nothing_and_a_rerun_verifies()
    {
        var cases = new List<(string, CampaignCase)>();
        foreach (var transport in new[] { CaseTransport.InProcess, CaseTransport.Tcp })
        {
            foreach (var images in campaign.Images.All)
            {
                foreach (var window in PhaseMap.Of(campaign.Board, images, transport, []).Where(w => w.Phase is "erase" or "program"))
                {
                    foreach (var n in SweepSettings.Spread(window.Start, window.End))
                    {
                        var c = new CampaignFlash(images, [], null, null)
                            .Case(Family, string.Create(CultureInfo.InvariantCulture, $"{window.Phase}, power off at command {n}"), transport, s_expected)
                            with { Taps = board => [new CommandTrigger(board, n, () => { board.Chip.PowerOff(); board.DebugPort.PowerCycled(board.Boot0High); })] };
                        cases.Add(("mid-" + window.Phase, c));
                    }
                }
            }
        }

        var failures = campaign.RunAll(cases);

        output.WriteLine(campaign.Table.Render(Family));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
