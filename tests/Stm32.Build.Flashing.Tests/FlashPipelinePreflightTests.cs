using Stm32.Build.Diagnostics;

namespace Stm32.Build.Flashing.Tests;

/// <summary>STM4501's likely causes ranked by the preflight's evidence (what the dry run saw comes first, with its words).</summary>
public sealed class FlashPipelinePreflightTests
{
    private static readonly IReadOnlyList<(HazardCause, string)> s_general =
    [
        (HazardCause.Supply, "supply"), (HazardCause.SwdPins, "swd"), (HazardCause.LowPower, "low power"), (HazardCause.OptionBytes, "bcm7"),
    ];

    [Fact]
    public void Without_evidence_the_general_order_stays()
    {
        Assert.Equal(["supply", "swd", "low power", "bcm7"], FlashPipeline.RankCauses(s_general, []));
    }

    [Fact]
    public void A_low_power_finding_moves_its_cause_first_with_the_preflights_words()
    {
        var evidence = new HazardEvidence("STM1510", DiagnosticSeverity.Error, HazardCause.LowPower, "CM7 enters low power 6.279 ms after reset in HAL_PWREx_EnterSTOPMode");
        var causes = FlashPipeline.RankCauses(s_general, [evidence]);
        Assert.Equal(4, causes.Count);
        Assert.StartsWith("CM7 enters low power 6.279 ms after reset in HAL_PWREx_EnterSTOPMode (seen by the preflight, STM1510): low power", causes[0]);
        Assert.Equal(["supply", "swd", "bcm7"], causes.Skip(1));
    }

    [Fact]
    public void Several_findings_keep_the_general_order_among_themselves_and_other_findings_do_not_reorder()
    {
        var causes = FlashPipeline.RankCauses(s_general,
        [
            new HazardEvidence("STM1505", DiagnosticSeverity.Error, HazardCause.SwdPins, "pins"),
            new HazardEvidence("STM1512", DiagnosticSeverity.Warning, HazardCause.Other, "iwdg"),
            new HazardEvidence("STM1501", DiagnosticSeverity.Warning, HazardCause.Supply, "pwr"),
        ]);
        Assert.StartsWith("pwr (seen by the preflight, STM1501)", causes[0]);
        Assert.StartsWith("pins (seen by the preflight, STM1505)", causes[1]);
        Assert.Equal(["low power", "bcm7"], causes.Skip(2));
    }
}
