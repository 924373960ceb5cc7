using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// End to end as a new user: the package packed into a local feed, a fresh `dotnet new classlib` project with the
/// PackageReference and a &lt;Stm32Flash&gt; item, `dotnet build -t:Flash` as a subprocess against the virtual
/// board (in process: Stm32Probe=sim; over TCP: `stm32 sim serve`), and a broken image.
/// </summary>
[Trait("Requires", "gcc")]
[Collection(PackedFeedCollection.Name)]
public class PackageEndToEndTests(PackedFeed feed)
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(4);

    private static string CliAssembly => RepositoryPaths.Combine("src", "Stm32.Cli", "bin", MSBuildSetup.Configuration, "net8.0", "stm32.dll");

    private static byte[] BlinkyBinary() => File.ReadAllBytes(FirmwareBuilder.Convert(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), "binary"));

    private string NewFlashProject(string name, string image = "app.elf")
    {
        var directory = feed.NewProject(name, "    <Stm32Device>STM32H747XI</Stm32Device>", $"""    <Stm32Flash Include="{image}" Core="CM7" />""");
        File.Copy(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), Path.Combine(directory, image));
        return directory;
    }

    private ProcessResult Build(string directory, params string[] arguments)
    {
        var environment = feed.Environment();
        environment[Stm32.Build.VirtualBoard.Driver.SimulatorState.DirectoryVariable] = Path.Combine(directory, "sim");
        return ProcessRunner.Dotnet(directory, environment, s_buildTimeout, ["build", "-nologo", "-nodeReuse:false", "-tl:off", .. arguments]);
    }

    [Fact]
    public void The_package_has_the_conventional_layout_and_no_MSBuild_assemblies()
    {
        using var zip = ZipFile.OpenRead(feed.Package);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("build/Stm32.Build.props", names);
        Assert.Contains("build/Stm32.Build.targets", names);
        Assert.Contains("build/Stm32.Build.Flash.targets", names);
        Assert.Contains("THIRD-PARTY-NOTICES.md", names);
        foreach (var assembly in new[] { "Tasks", "Core", "Flashing", "StLink", "VirtualBoard", "Preflight" })
        {
            Assert.Contains($"tools/net8.0/Stm32.Build.{assembly}.dll", names);
        }
        Assert.DoesNotContain(names, n => n.Contains("Microsoft.Build", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var metadata = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", metadata, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", metadata, StringComparison.Ordinal);
        // The udev rules at the path the readme gives, the outer-build targets of multi-targeted projects.
        Assert.Contains("docs/udev/49-stm32-build-stlink.rules", names);
        Assert.Contains("buildMultiTargeting/Stm32.Build.targets", names);
        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        Assert.Contains("docs/udev/49-stm32-build-stlink.rules", readme.ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_project_flashes_the_virtual_board_with_dotnet_build_t_Flash()
    {
        var directory = NewFlashProject("sim");
        var result = Build(directory, "-t:Flash", "-p:Stm32Probe=sim");
        Assert.True(result.ExitCode == 0, result.Output);

        var reportFile = Path.Combine(directory, "obj", "Debug", "stm32", "stm32-report.json");
        using var report = JsonDocument.Parse(File.ReadAllText(reportFile));
        Assert.True(report.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("STM32H747XI", report.RootElement.GetProperty("device").GetString());
        Assert.Equal(Path.Combine(directory, "app.elf"), report.RootElement.GetProperty("images")[0].GetProperty("file").GetString());
        Assert.True(report.RootElement.GetProperty("boot")[0].GetProperty("confirmed").GetBoolean());
        BoardFlash.AssertStartsWith(Path.Combine(directory, "sim", "STM32H747XI.state"), BlinkyBinary());
    }

    [Fact]
    public async Task A_fresh_project_flashes_a_board_served_over_TCP_by_stm32_sim_serve()
    {
        var directory = NewFlashProject("tcp");
        var state = Path.Combine(directory, "served.state");
        var info = ProcessRunner.StartInfo("dotnet", [CliAssembly, "sim", "serve", "--port", "0", "--state", state], directory);
        using var server = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverOutput = new System.Text.StringBuilder();
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetResult(0);
                return;
            }
            lock (serverOutput)
            {
                serverOutput.AppendLine(e.Data);
            }
            var match = Regex.Match(e.Data, @"listening on 127\.0\.0\.1:(\d+)");
            if (match.Success)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        server.OutputDataReceived += onLine;
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (serverOutput) { serverOutput.AppendLine(e.Data); } } };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(port != 0, "stm32 sim serve ended before listening: " + serverOutput);

            var result = Build(directory, "-t:Flash", $"-p:Stm32Probe=tcp://127.0.0.1:{port}");
            Assert.True(result.ExitCode == 0, result.Output);
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "obj", "Debug", "stm32", "stm32-report.json")));
            Assert.True(report.RootElement.GetProperty("succeeded").GetBoolean());
            Assert.Contains($"tcp://127.0.0.1:{port}", report.RootElement.GetProperty("probe").GetString(), StringComparison.Ordinal);

            await server.StandardInput.WriteLineAsync("quit");
            await server.StandardInput.FlushAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(stopped.Token);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
        BoardFlash.AssertStartsWith(state, BlinkyBinary());
    }

    [Fact]
    public void A_broken_image_fails_the_build_with_its_STM_code_and_a_nonzero_exit_code()
    {
        var directory = NewFlashProject("broken", "broken.elf");
        var elf = Path.Combine(directory, "broken.elf");
        File.WriteAllBytes(elf, File.ReadAllBytes(elf).AsSpan(0, 40).ToArray());
        var result = Build(directory, "-t:Flash", "-p:Stm32Probe=sim");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {DiagnosticCodes.ElfTruncated}", result.Output, StringComparison.Ordinal);
        Assert.Contains("broken.elf", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "sim", "STM32H747XI.state")), "the probe was opened for an image that failed validation");
    }

    [Fact]
    public void A_hazard_stops_dotnet_build_t_Flash_with_its_STM15xx_code_and_the_board_untouched()
    {
        // The HAL firmware that selects direct SMPS (tests/firmware/h747hal, supply-smps-on-ldo), for a board wired for the LDO.
        var directory = feed.NewProject("hazard", "    <Stm32Device>STM32H747XI</Stm32Device>", """    <Stm32Flash Include="smps.elf" Core="CM7" />""");
        File.Copy(FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo), Path.Combine(directory, "smps.elf"));
        var result = Build(directory, "-t:Flash", "-p:Stm32Probe=sim", "-p:Stm32Board=custom-h747-ldo");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"error {DiagnosticCodes.PreflightSupplyMismatch}", result.Output, StringComparison.Ordinal);
        Assert.Contains("HAL_PWREx_ConfigSupply", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "sim", "STM32H747XI.state")), "the probe was opened although the preflight found a hazard");
    }
}
