using Stm32.Build.FaultCampaign.Tests.Support;

namespace Stm32.Build.FaultCampaign.Tests;

/// <summary>What every family of the campaign shares: the background board, the images and the table.</summary>
public sealed class CampaignFixture : IDisposable
{
    internal CampaignBoard Board { get; } = new();

    internal CampaignImages Images { get; } = new();

    internal CampaignTable Table { get; } = new();

    /// <summary>Runs the cases of one family, adds them to the table (and its file), and returns what did not hold.</summary>
    internal List<string> RunAll(IEnumerable<(string Detail, CampaignCase Case)> cases)
    {
        var failures = new List<string>();
        foreach (var (detail, c) in cases)
        {
            var caseFailures = CaseRunner.Run(Board, c);
            Table.Add(c.Family, detail, caseFailures.Count == 0);
            failures.AddRange(caseFailures);
        }
        Table.Write();
        return failures;
    }

    public void Dispose()
    {
        Table.Write();
        Images.Dispose();
        Board.Dispose();
    }
}

/// <summary>The campaign's families run one after the other (they share the <c>sim</c> probe registration and the table).</summary>
[CollectionDefinition(Name)]
public sealed class CampaignCollection : ICollectionFixture<CampaignFixture>
{
    public const string Name = "fault campaign";
}
