using System.Text.RegularExpressions;
using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// <c>-t:Flash</c> boots the images on the virtual board once per image set and board: the after-link validation's
/// dry run (Stm32PreflightResultFile) is the Flash target's gate; a changed image boots again; a hazard still stops the
/// flash before the probe is opened. Boots are counted from the "Stm32.Build: booted" line each dry run logs.
/// </summary>
[Trait("Requires", "gcc")]
public class FlashPreflightOnceTests
{
    private static int Boots(BuildOutcome outcome) => Regex.Matches(outcome.Log, "Stm32\\.Build: booted ").Count;

    private static string Project(TempProject temp) => temp.WritePlainProject("""
        <PropertyGroup>
          <Stm32Device>STM32H747XI</Stm32Device>
          <Stm32Probe>sim</Stm32Probe>
          <Stm32Board>custom-h747-ldo</Stm32Board>
          <Stm32DelayGuard>100</Stm32DelayGuard>
          <Stm32BoardStoreDirectory>$(MSBuildProjectDirectory)/boards</Stm32BoardStoreDirectory>
        </PropertyGroup>
        <ItemGroup>
          <Stm32Flash Include="app.elf" Core="CM7" />
        </ItemGroup>
        """);

    private static Dictionary<string, string> Globals(TempProject temp) => new() { ["Stm32SimStateFile"] = temp.SimStateFile };

    [Fact]
    public void Flash_boots_the_images_once_and_again_only_when_an_image_changes()
    {
        using var temp = new TempProject();
        var elf = temp.PathOf("app.elf");
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.Clean), elf);
        var project = Project(temp);
        var old = DateTime.UtcNow.AddDays(-1);
        File.SetLastWriteTimeUtc(elf, old);
        File.SetLastWriteTimeUtc(project, old);

        var first = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.True(first.Succeeded, first.Log);
        Assert.Equal(1, Boots(first));                                   // the validation's; the gate reuses it
        Assert.Contains("not booted again", first.Log, StringComparison.Ordinal);
        Assert.Contains("delay guard passed", first.Log, StringComparison.Ordinal);

        // Nothing changed: the validation is up to date and the gate still has its result (the board, now remembered
        // with the LDO the image latches, does not change the dry run).
        var again = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.True(again.Succeeded, again.Log);
        Assert.Contains("Stm32: validate images", again.SkippedTargets);
        Assert.Equal(0, Boots(again));
        Assert.Single(Directory.GetFiles(temp.PathOf("boards"), "*.json"));

        // Another image: validated (booted) once more, and the gate uses that.
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.IwdgFrozen), elf, overwrite: true);
        File.SetLastWriteTimeUtc(elf, DateTime.UtcNow);
        var changed = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.True(changed.Succeeded, changed.Log);
        Assert.DoesNotContain("Stm32: validate images", changed.SkippedTargets);
        Assert.Equal(1, Boots(changed));
        Assert.Contains("not booted again", changed.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_for_other_images_is_not_used_and_the_gate_boots_itself()
    {
        using var temp = new TempProject();
        var elf = temp.PathOf("app.elf");
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.Clean), elf);
        var project = Project(temp);
        var first = ProjectRunner.Build(project, ["Stm32Validate"], Globals(temp));
        Assert.True(first.Succeeded, first.Log);
        Assert.Equal(1, Boots(first));

        // The image changes behind the validation's back (its stamp says up to date): the record's key no longer matches.
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo), elf, overwrite: true);
        File.SetLastWriteTimeUtc(elf, DateTime.UtcNow.AddDays(-1));
        var flash = ProjectRunner.Build(project, ["Flash"], Globals(temp));

        Assert.False(flash.Succeeded);
        Assert.Contains("Stm32: validate images", flash.SkippedTargets);
        Assert.Equal(1, Boots(flash));                                    // the gate's own dry run
        Assert.Contains(flash.Errors, e => e.Code == DiagnosticCodes.PreflightSupplyMismatch);
        Assert.Contains(flash.Errors, e => e.Code == DiagnosticCodes.PreflightFlashStopped);
        Assert.DoesNotContain("not booted again", flash.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hazard_stops_Flash_after_one_boot_before_the_probe_is_opened()
    {
        using var temp = new TempProject();
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo), temp.PathOf("app.elf"));
        var project = Project(temp);

        var outcome = ProjectRunner.Build(project, ["Flash"], Globals(temp));

        Assert.False(outcome.Succeeded);
        Assert.Equal(1, Boots(outcome));
        Assert.Contains(outcome.Errors, e => e.Code == DiagnosticCodes.PreflightSupplyMismatch);
        Assert.False(File.Exists(temp.SimStateFile), "the probe was opened although the preflight found a hazard");
    }
}
