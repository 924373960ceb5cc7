using Stm32.Build.FaultCampaign.Tests.Support;
using Xunit.Abstractions;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>
/// Protection states of the chip, set in its option bytes before the flash: a write-protected sector the images
/// touch (refused before anything is erased, STM4110, exit 1; the user removes the protection and the flash
/// succeeds), a write-protected sector elsewhere (the flash succeeds and the protected sector is as it was), and
/// readout protection level 1 (refused before anything is erased, STM4310, exit 1; the user regresses RDP with
/// <c>stm32 recover --rdp-regression --confirm-mass-erase</c>, which erases everything as asked, and the flash
/// succeeds).
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class ProtectionCampaignTests(CampaignFixture campaign, ITestOutputHelper output)
{
    private const string Family = "protection state";

    [Fact]
    public void Write_and_readout_protection_refuse_before_erasing_and_a_rerun_after_removing_them_verifies()
    {
        var refusedWrp = new Expected(false, new Dictionary<string, int> { ["STM4110"] = 1 });
        var refusedRdp = new Expected(false, new Dictionary<string, int> { ["STM4310"] = 1 });
        var succeeds = new Expected(true, new Dictionary<string, int>());
        var cases = new List<(string, CampaignCase)>();
        foreach (var transport in new[] { CaseTransport.InProcess, CaseTransport.Tcp })
        {
            foreach (var images in campaign.Images.All)
            {
                var flash = new CampaignFlash(images, [], null, null);
                var (bank, sector) = images.Images.Count > 1 ? (2, 0) : (1, 1); // a sector of the last image
                cases.Add(("WRP on a sector of the image", flash.Case(Family, $"WRP {bank}:{sector}", transport, refusedWrp) with
                {
                    Variant = BoardVariant.WriteProtected(bank, sector),
                    NothingErased = true,
                    BeforeRerun = (board, _) => { BoardVariant.RemoveWriteProtection(board); return null; },
                }));
                cases.Add(("WRP on another sector", flash.Case(Family, "WRP 1:5", transport, succeeds) with { Variant = BoardVariant.WriteProtected(1, 5) }));
                cases.Add(("RDP level 1", flash.Case(Family, "RDP 1", transport, refusedRdp) with
                {
                    Variant = BoardVariant.RdpLevel1,
                    NothingErased = true,
                    BeforeRerun = (board, t) =>
                    {
                        var recover = CampaignCli.Run(board, t, [], "recover", ["--rdp-regression", "--confirm-mass-erase"]);
                        return recover.ExitCode == 0 && board.Chip.Flash.ReadoutLevel == 0 ? null : $"recover --rdp-regression exit {recover.ExitCode}:\n{recover.All}";
                    },
                }));
            }
        }

        var failures = campaign.RunAll(cases);

        output.WriteLine(campaign.Table.Render(Family));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
