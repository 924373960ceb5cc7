using System.Text.Json;
using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// The flashing targets (build/Stm32.Build.Flash.targets) evaluated and built in process against the virtual board:
/// defaults, Flash, design-time safety, incremental validation and coded errors.
/// </summary>
[Trait("Requires", "gcc")]
public class FlashTargetsTests
{
    private static Dictionary<string, string> Globals(TempProject temp, params (string Key, string Value)[] extra)
    {
        var globals = new Dictionary<string, string> { ["Stm32SimStateFile"] = temp.SimStateFile };
        foreach (var (key, value) in extra)
        {
            globals[key] = value;
        }
        return globals;
    }

    [Fact]
    public void Properties_get_their_defaults_only_when_empty()
    {
        using var temp = new TempProject();
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Verify>readback</Stm32Verify>
            </PropertyGroup>
            """);
        var values = ProjectRunner.Evaluate(project, new Dictionary<string, string> { ["Stm32DelayGuard"] = "250" },
            "Stm32Probe", "Stm32Connect", "Stm32Verify", "Stm32SkipUnchanged", "Stm32DelayGuard", "Stm32FlashOnBuild",
            "Stm32ConfirmRdpLevel2", "Stm32FlashProgramPath", "Stm32ReportPath", "Stm32IntermediateOutputPath");
        Assert.Equal("auto", values["Stm32Probe"]);
        Assert.Equal("auto", values["Stm32Connect"]);
        Assert.Equal("readback", values["Stm32Verify"]); // the project's value wins
        Assert.Equal("true", values["Stm32SkipUnchanged"]);
        Assert.Equal("250", values["Stm32DelayGuard"]); // the command line's value wins
        Assert.Equal("false", values["Stm32FlashOnBuild"]);
        Assert.Equal("false", values["Stm32ConfirmRdpLevel2"]);
        Assert.Equal("auto", values["Stm32FlashProgramPath"]);
        // The report lives in obj/ (the package's intermediate folder).
        Assert.StartsWith(values["Stm32IntermediateOutputPath"], values["Stm32ReportPath"], StringComparison.Ordinal);
        Assert.Contains("/obj/", values["Stm32ReportPath"].Replace('\\', '/'), StringComparison.Ordinal);
    }

    [Fact]
    public void The_Blinky_sample_defaults_to_the_virtual_board()
    {
        var values = ProjectRunner.Evaluate(RepositoryPaths.Combine("samples", "Blinky.H747", "Blinky.H747.proj"), null, "Stm32Probe", "Stm32Device");
        Assert.Equal("sim", values["Stm32Probe"]);
        Assert.Equal("STM32H747XI", values["Stm32Device"]);
    }

    [Fact]
    public void Flash_programs_Stm32Flash_items_into_the_virtual_board_and_writes_the_report()
    {
        using var temp = new TempProject();
        var elf = temp.CopyBlinkyElf();
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
              <Stm32Probe>sim</Stm32Probe>
              <Stm32ReportPath>$(MSBuildProjectDirectory)/obj/flash.json</Stm32ReportPath>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.elf" Core="CM7" />
            </ItemGroup>
            """);
        var outcome = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.True(outcome.Succeeded, outcome.Log);
        using var report = JsonDocument.Parse(File.ReadAllText(temp.PathOf("obj/flash.json")));
        Assert.True(report.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("flash", report.RootElement.GetProperty("operation").GetString());
        Assert.Equal(elf, report.RootElement.GetProperty("images")[0].GetProperty("file").GetString());
        BoardFlash.AssertStartsWith(temp.SimStateFile, File.ReadAllBytes(FirmwareBuilder.Convert(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), "binary")));
    }

    [Theory]
    [InlineData("host", "host")]
    [InlineData("loader", "loader")]
    public void Stm32FlashProgramPath_reaches_the_flash_and_the_report_says_what_ran(string value, string expected)
    {
        using var temp = new TempProject();
        temp.CopyBlinkyElf();
        var project = temp.WritePlainProject($$"""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
              <Stm32Probe>sim</Stm32Probe>
              <Stm32Preflight>false</Stm32Preflight>
              <Stm32DelayGuard>0</Stm32DelayGuard>
              <Stm32FlashProgramPath>{{value}}</Stm32FlashProgramPath>
              <Stm32ReportPath>$(MSBuildProjectDirectory)/obj/flash.json</Stm32ReportPath>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.elf" Core="CM7" />
            </ItemGroup>
            """);
        var outcome = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.True(outcome.Succeeded, outcome.Log);
        using var report = JsonDocument.Parse(File.ReadAllText(temp.PathOf("obj/flash.json")));
        Assert.Equal(expected, report.RootElement.GetProperty("programPath").GetString());
    }

    [Fact]
    public void An_unknown_Stm32FlashProgramPath_is_a_coded_error_naming_the_property()
    {
        using var temp = new TempProject();
        temp.CopyBlinkyElf();
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
              <Stm32Probe>sim</Stm32Probe>
              <Stm32Preflight>false</Stm32Preflight>
              <Stm32FlashProgramPath>fast</Stm32FlashProgramPath>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.elf" Core="CM7" />
            </ItemGroup>
            """);
        var outcome = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.False(outcome.Succeeded);
        Assert.Contains("Stm32FlashProgramPath='fast'", outcome.Log, StringComparison.Ordinal);
        Assert.Contains("auto, loader or host", outcome.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.SimStateFile), "an invalid property opened the probe");
    }

    [Fact]
    public void A_design_time_build_never_touches_the_probe()
    {
        using var temp = new TempProject();
        temp.CopyBlinkyElf();
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
              <Stm32Probe>sim</Stm32Probe>
              <Stm32FlashOnBuild>true</Stm32FlashOnBuild>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.elf" />
            </ItemGroup>
            """);
        var designTime = Globals(temp, ("DesignTimeBuild", "true"), ("BuildingProject", "false"));
        var outcome = ProjectRunner.Build(project, ["Build", "Flash", "Stm32Erase", "Stm32Reset", "Stm32Info"], designTime);
        Assert.True(outcome.Succeeded, outcome.Log);
        Assert.False(File.Exists(temp.SimStateFile), "a design-time build created the virtual board's state: it opened the probe");
        Assert.False(Directory.Exists(temp.PathOf("obj/Debug/stm32")) && Directory.GetFiles(temp.PathOf("obj/Debug/stm32"), "*.json").Length > 0);
    }

    [Fact]
    public void Stm32Validate_skips_when_its_inputs_are_unchanged()
    {
        using var temp = new TempProject();
        var elf = temp.CopyBlinkyElf();
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.elf" />
            </ItemGroup>
            """);
        var old = DateTime.UtcNow.AddDays(-1);
        File.SetLastWriteTimeUtc(elf, old);
        File.SetLastWriteTimeUtc(project, old);

        var first = ProjectRunner.Build(project, ["Stm32Validate"]);
        Assert.True(first.Succeeded, first.Log);
        var stamp = Directory.GetFiles(temp.Directory, "stm32-validate.stamp", SearchOption.AllDirectories).Single();
        var stampTime = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(stamp, stampTime);

        var second = ProjectRunner.Build(project, ["Stm32Validate"]);
        Assert.True(second.Succeeded, second.Log);
        Assert.Contains("Stm32: validate images", second.SkippedTargets);
        Assert.Equal(stampTime, File.GetLastWriteTimeUtc(stamp));

        File.SetLastWriteTimeUtc(elf, DateTime.UtcNow);
        var third = ProjectRunner.Build(project, ["Stm32Validate"]);
        Assert.True(third.Succeeded, third.Log);
        Assert.DoesNotContain("Stm32: validate images", third.SkippedTargets);
        Assert.True(File.GetLastWriteTimeUtc(stamp) > stampTime);
    }

    [Fact]
    public void A_broken_image_fails_with_its_code_at_the_image_and_nothing_is_flashed()
    {
        using var temp = new TempProject();
        var elf = temp.CopyBlinkyElf("broken.elf");
        var bytes = File.ReadAllBytes(elf);
        File.WriteAllBytes(elf, bytes.AsSpan(0, 40).ToArray()); // an ELF header cut short
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
              <Stm32Probe>sim</Stm32Probe>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="broken.elf" />
            </ItemGroup>
            """);
        var outcome = ProjectRunner.Build(project, ["Flash"], Globals(temp));
        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(DiagnosticCodes.ElfTruncated, error.Code);
        Assert.Equal(elf, error.File);
        Assert.False(File.Exists(temp.SimStateFile));
    }

    [Fact]
    public void Invalid_item_metadata_is_a_coded_error()
    {
        using var temp = new TempProject();
        File.WriteAllBytes(temp.PathOf("app.bin"), new byte[64]);
        var project = temp.WritePlainProject("""
            <PropertyGroup>
              <Stm32Device>STM32H747XI</Stm32Device>
            </PropertyGroup>
            <ItemGroup>
              <Stm32Flash Include="app.bin" Address="0xZZ" />
            </ItemGroup>
            """);
        var outcome = ProjectRunner.Build(project, ["Stm32Validate"]);
        Assert.False(outcome.Succeeded);
        Assert.Equal(DiagnosticCodes.FlashItemInvalid, Assert.Single(outcome.Errors).Code);
    }

    [Fact]
    public void Flash_without_images_or_device_says_what_is_missing()
    {
        using var temp = new TempProject();
        var project = temp.WritePlainProject("");
        var noImages = ProjectRunner.Build(project, ["Stm32Validate"], Globals(temp));
        Assert.Equal(DiagnosticCodes.NothingToFlash, Assert.Single(noImages.Errors).Code);

        temp.CopyBlinkyElf();
        var noDevice = temp.WritePlainProject("<ItemGroup><Stm32Flash Include=\"app.elf\" /></ItemGroup>");
        var outcome = ProjectRunner.Build(noDevice, ["Flash"], Globals(temp));
        Assert.Equal(DiagnosticCodes.FlashDeviceMissing, Assert.Single(outcome.Errors).Code);
    }
}
