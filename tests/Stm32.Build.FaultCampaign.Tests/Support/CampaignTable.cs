using System.Globalization;
using System.Text;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>The campaign's result: per case family and detail, how many cases were tried and how many held.</summary>
internal sealed class CampaignTable
{
    private readonly object _sync = new();
    private readonly List<(string Family, string Detail)> _order = [];
    private readonly Dictionary<(string, string), (int Tried, int Held)> _rows = [];

    /// <summary>Where the table is written: the test's output folder.</summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "fault-campaign.md");

    public void Add(string family, string detail, bool held)
    {
        lock (_sync)
        {
            if (!_rows.TryGetValue((family, detail), out var row))
            {
                _order.Add((family, detail));
            }
            _rows[(family, detail)] = (row.Tried + 1, row.Held + (held ? 1 : 0));
        }
    }

    /// <summary>The table as Markdown, with a total line.</summary>
    public string Render(string? family = null)
    {
        lock (_sync)
        {
            var text = new StringBuilder();
            text.AppendLine("| case family | detail | tried | held |").AppendLine("|---|---|---:|---:|");
            int tried = 0, held = 0;
            foreach (var key in _order.Where(k => family is null || k.Family == family))
            {
                var (t, h) = _rows[key];
                tried += t;
                held += h;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {key.Family} | {key.Detail} | {t} | {h} |");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"| **total** | | **{tried}** | **{held}** |");
            return text.ToString();
        }
    }

    /// <summary>Writes the whole table (so far) to <see cref="FilePath"/>, with the sweep setting it was run with.</summary>
    public void Write()
    {
        var header = $"Fault campaign on the virtual STM32H747 ({SweepSettings.Describe()})\n\n";
        File.WriteAllText(FilePath, header + Render());
    }
}
