using Stm32.Build.FaultCampaign.Tests.Support;
using Stm32.Build.VirtualBoard;
using Xunit.Abstractions;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>
/// The flash array fails with each error flag the STM32H7 flash controller can raise (RM0399 4.9.5 FLASH_SRx:
/// WRPERR, PGSERR, STRBERR, INCERR, OPERR, RDPERR, RDSERR, SNECCERR, DBECCERR): at the first erase (board fault
/// <c>flash-error=FLAG</c>) and in the middle of programming (the same property armed when the probe reaches
/// command N). Every case: STM4102 naming the flag, exit 1, the flash locked, nothing outside the images erased,
/// and the same flash run again (the array no longer failing) reaches a verified image.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class FlashErrorCampaignTests(CampaignFixture campaign, ITestOutputHelper output)
{
    private const string Family = "flash error flag";

    [Fact]
    public void Every_flash_error_flag_at_erase_and_during_programming_loses_nothing_and_a_rerun_verifies()
    {
        var full = SweepSettings.Points >= 4;
        var combinations = new (ImageSet Images, CaseTransport Transport)[]
        {
            (campaign.Images.Single, CaseTransport.InProcess), (campaign.Images.Dual, CaseTransport.Tcp),
            (campaign.Images.Dual, CaseTransport.InProcess), (campaign.Images.Single, CaseTransport.Tcp),
        };
        var cases = new List<(string, CampaignCase)>();
        foreach (var flag in BoardFault.FlashErrorFlags.Keys.Order(StringComparer.Ordinal))
        {
            var expected = new Expected(false, new Dictionary<string, int> { ["STM4102"] = 1 }) { Forbidden = ["stm32 recover"] };
            foreach (var phase in new[] { "erase", "program" })
            {
                // Default: each flag in each phase once, image sets and transports alternating; the full sweep: every combination.
                var picks = full ? combinations : phase == "erase" ? combinations[..2] : combinations[2..];
                foreach (var (images, transport) in picks)
                {
                    var flash = new CampaignFlash(images, [], null, null);
                    var c = flash.Case(Family, $"{flag} at {phase}", transport, expected);
                    if (phase == "erase")
                    {
                        c = c with { Faults = ["flash-error=" + flag] };
                    }
                    else
                    {
                        var window = PhaseMap.Of(campaign.Board, images, transport, []).Single(w => w.Phase == "program");
                        var bit = 1u << BoardFault.FlashErrorFlags[flag];
                        c = c with { Taps = board => [new CommandTrigger(board, (window.Start + window.End) / 2, () => board.Chip.FailNextFlashOperation(bit))] };
                    }
                    cases.Add(($"{flag} at {phase}", c));
                }
            }
        }

        var failures = campaign.RunAll(cases);

        output.WriteLine(campaign.Table.Render(Family));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
