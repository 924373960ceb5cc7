using System.Xml.Linq;
using Stm32.Build.Flashing;
using Stm32.Build.Tasks.Terminal;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tasks.Tests.Terminal;

/// <summary>The progress targets the probe tasks build exist in build/Stm32.Build.Progress.targets, one per step.</summary>
public class ProgressTargetsTests
{
    private static XElement[] DeclaredTargets() =>
        XDocument.Load(RepositoryPaths.Combine("build", "Stm32.Build.Progress.targets")).Root!.Elements("Target").ToArray();

    [Fact]
    public void Every_step_a_probe_task_can_show_is_a_target_that_holds_the_line_with_its_own_name()
    {
        var declared = DeclaredTargets();
        var names = declared.Select(t => (string)t.Attribute("Name")!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ProgressTargets.All().Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        foreach (var target in declared)
        {
            var step = Assert.Single(target.Elements());
            Assert.Equal("Stm32ProgressStep", step.Name.LocalName);
            Assert.Equal((string)target.Attribute("Name")!, (string)step.Attribute("Step")!);
            Assert.Equal("$(MSBuildProjectFullPath)", (string)step.Attribute("ProjectFile")!);
        }
        // MSBuild rejects these characters in target names (MSB5016).
        Assert.DoesNotContain(names, n => n.IndexOfAny(['%', '$', '@', '(', ')', '*', '?', '.', ';', '\'']) >= 0);
    }

    [Theory]
    [InlineData(FlashPhase.Program, 0, 131072, "Stm32: program 0％")]
    [InlineData(FlashPhase.Program, 65535, 131072, "Stm32: program 40％")]
    [InlineData(FlashPhase.Program, 65536, 131072, "Stm32: program 50％")]
    [InlineData(FlashPhase.Program, 131072, 131072, "Stm32: program 100％")]
    [InlineData(FlashPhase.DelayGuard, 999, 1000, "Stm32: delay guard 90％")]
    [InlineData(FlashPhase.Erase, 0, 0, "Stm32: erase")]
    [InlineData(FlashPhase.Connect, 0, 0, "Stm32: connect")]
    [InlineData(FlashPhase.ConfirmBoot, 0, 0, "Stm32: confirm boot")]
    public void A_step_is_shown_by_phase_and_by_tens_of_percent(FlashPhase phase, long done, long total, string expected)
    {
        var target = ProgressTargets.For(new FlashProgress(phase, done, total));
        Assert.Equal(expected, target);
        Assert.Contains(expected, ProgressTargets.All());
    }

    [Fact]
    public void The_end_of_an_operation_shows_no_step()
    {
        Assert.Null(ProgressTargets.For(new FlashProgress(FlashPhase.Done, 0, 0)));
    }
}
