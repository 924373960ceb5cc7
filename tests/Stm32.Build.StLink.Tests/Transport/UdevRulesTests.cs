using Stm32.Build.StLink.Protocol;
using Stm32.Build.TestSupport;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>The udev rules shipped in docs/udev cover every ST-LINK the driver enumerates.</summary>
public sealed class UdevRulesTests
{
    [Fact]
    public void Every_known_product_id_has_a_rule()
    {
        var rules = File.ReadAllLines(RepositoryPaths.Combine("docs", "udev", "49-stm32-build-stlink.rules"))
            .Where(l => !l.TrimStart().StartsWith('#') && l.Contains("ATTRS", StringComparison.Ordinal))
            .ToList();
        foreach (var model in StLinkUsbIds.Models)
        {
            var pid = model.ProductId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(rules, l => l.Contains("ATTRS{idVendor}==\"0483\"", StringComparison.Ordinal)
                && l.Contains($"ATTRS{{idProduct}}==\"{pid}\"", StringComparison.Ordinal)
                && l.Contains("TAG+=\"uaccess\"", StringComparison.Ordinal));
        }
    }
}
