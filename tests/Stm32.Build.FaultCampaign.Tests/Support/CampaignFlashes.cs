using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// The flashes the campaign puts faults into: each image set plain, and each image set asking for an option-byte
/// change that leaves the board bootable (single-core: <c>--bcm4 off</c>; dual-core, on a board whose Cortex-M4 is
/// gated: <c>--bcm4 on</c>), so the option-bytes phase exists.
/// </summary>
internal sealed record CampaignFlash(ImageSet Images, IReadOnlyList<string> Options, Func<OptionByteValues, OptionByteValues>? Requested, BoardVariant? Variant)
{
    public bool AsksForOptionBytes => Requested is not null;

    public string Name => Images.Name + (AsksForOptionBytes ? $" {string.Join(' ', Options)}" : "");

    public static IEnumerable<CampaignFlash> All(CampaignImages images) =>
    [
        new(images.Single, [], null, null),
        new(images.Dual, [], null, null),
        new(images.Single, ["--bcm4", "off"], o => o with { Optsr = o.Optsr & ~BoardVariant.Bcm4Bit }, null),
        new(images.Dual, ["--bcm4", "on"], o => o with { Optsr = o.Optsr | BoardVariant.Bcm4Bit }, BoardVariant.Cm4Gated),
    ];

    /// <summary>A case of this flash.</summary>
    public CampaignCase Case(string family, string label, CaseTransport transport, Expected expected) => new()
    {
        Family = family,
        Label = $"{label}, {Name}, {CampaignCli.Name(transport)}",
        Images = Images,
        Transport = transport,
        Expect = expected,
        Options = Options,
        Requested = Requested,
        Variant = Variant,
    };

    /// <summary>The phases of this flash over <paramref name="transport"/> (the option-byte flashes: only their option-bytes phase, the others cover the rest).</summary>
    public IEnumerable<PhaseWindow> Phases(CampaignBoard campaign, CaseTransport transport) =>
        PhaseMap.Of(campaign, Images, transport, Options, Variant).Where(w => AsksForOptionBytes == (w.Phase == "option-bytes"));
}
