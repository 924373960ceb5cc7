using System.Globalization;
using Stm32.Build.FaultCampaign.Tests.Support;
using Xunit.Abstractions;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>
/// The probe leaves the bus (board fault <c>unplug-after=N</c>) at command N of every phase of a flash, single- and
/// dual-core, in process and behind an ST-LINK server: a probe error (never the firmware diagnosis STM4501 or advice
/// that erases), exit 1, the flash locked, nothing outside the images erased, the option bytes as asked or as they
/// were, and after the probe is plugged in again the same flash reaches a verified image.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class ProbeUnplugCampaignTests(CampaignFixture campaign, ITestOutputHelper output)
{
    private const string Family = "probe unplugged after N commands";

    private static readonly Expected s_expected = new(true, new Dictionary<string, int>
    {
        ["STM3008"] = 1, // the probe is no longer on the bus
        ["STM3007"] = 1, // behind a server: listed but silent
    })
    {
        Forbidden = ["STM4501", "stm32 recover"],
    };

    [Fact]
    public void An_unplug_in_any_phase_loses_nothing_and_a_rerun_verifies()
    {
        var cases = new List<(string, CampaignCase)>();
        foreach (var transport in new[] { CaseTransport.InProcess, CaseTransport.Tcp })
        {
            foreach (var flash in CampaignFlash.All(campaign.Images))
            {
                foreach (var window in flash.Phases(campaign.Board, transport))
                {
                    foreach (var n in SweepSettings.Spread(window.Start, window.End))
                    {
                        var c = flash.Case(Family, string.Create(CultureInfo.InvariantCulture, $"{window.Phase}, unplug after {n} commands"), transport, s_expected)
                            with { Faults = [string.Create(CultureInfo.InvariantCulture, $"unplug-after={n}")] };
                        cases.Add((window.Phase, c));
                    }
                }
            }
        }

        var failures = campaign.RunAll(cases);

        output.WriteLine(campaign.Table.Render(Family));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
