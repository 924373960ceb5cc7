using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// What a person sees in a terminal: `dotnet build` runs under a pseudo-terminal (util-linux `script`, with a
/// window size, so MSBuild picks its default terminal logger), and the test reads the screen output as written,
/// escape sequences removed. The live line must name the flash step and its percentage while the flash runs, the
/// project's finished line must carry the one-line result, and Stm32Info/Stm32Probes must show their results.
/// </summary>
[Trait("Requires", "gcc")]
[Collection(PackedFeedCollection.Name)]
public partial class TerminalLoggerTests(PackedFeed feed)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[=>])")]
    private static partial Regex AnsiSequence();

    /// <summary>Runs `dotnet ARGS` in a 160x50 pseudo-terminal and returns its screen output without escape sequences.</summary>
    private string InTerminal(string directory, string arguments)
    {
        var environment = feed.Environment();
        environment[Stm32.Build.VirtualBoard.Driver.SimulatorState.DirectoryVariable] = Path.Combine(directory, "sim");
        environment["TERM"] = "xterm-256color";
        // `script` gives the build a terminal of its own; `stty` sets its size (a 0x0 terminal turns the terminal logger
        // off). -tl:on rather than the default auto: auto also looks at the host (CI runners without a controlling
        // terminal, CI variables) and falls back to the console logger there, while what is tested is how the terminal
        // logger draws our steps and results, the same on every machine.
        var info = ProcessRunner.StartInfo("script", ["-q", "-e", "-c", $"stty cols 160 rows 50; dotnet {arguments} -tl:on", "/dev/null"], directory, environment);
        // `dotnet test` gives its children MSBUILDENSURESTDOUTFORTASKPROCESSES=1, which turns the terminal logger off; a
        // person's shell has neither it nor the test host's _MSBUILDTLENABLED.
        info.Environment.Remove("MSBUILDENSURESTDOUTFORTASKPROCESSES");
        info.Environment.Remove("_MSBUILDTLENABLED");
        foreach (var ci in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS", "MSBUILDTERMINALLOGGER", "DOTNET_CLI_CONFIGURE_MSBUILD_TERMINAL_LOGGER" })
        {
            info.Environment.Remove(ci);
        }
        var result = ProcessRunner.Run(info, s_timeout);
        var screen = AnsiSequence().Replace(result.Output, string.Empty).Replace("\r", "\n", StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, screen);
        return screen;
    }

    private string NewProject(string name)
    {
        var directory = feed.NewProject(name, "    <Stm32Device>STM32H747XI</Stm32Device>", """    <Stm32Flash Include="app.elf" Core="CM7" />""");
        File.Copy(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), Path.Combine(directory, "app.elf"));
        return directory;
    }

    /// <summary>
    /// A project flashing a raw image of 960 KiB into bank 1: the blinky (its vector table boots) followed by a
    /// pseudo-random payload, so programming lasts long enough for the logger's refresh to draw several steps.
    /// </summary>
    private string NewLargeProject(string name)
    {
        var directory = feed.NewProject(name, "    <Stm32Device>STM32H747XI</Stm32Device>", """    <Stm32Flash Include="app.bin" Core="CM7" Address="0x08000000" />""");
        var image = new byte[960 * 1024];
        new Random(1747).NextBytes(image);
        var blinky = File.ReadAllBytes(FirmwareBuilder.Convert(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), "binary"));
        blinky.CopyTo(image, 0);
        File.WriteAllBytes(Path.Combine(directory, "app.bin"), image);
        return directory;
    }

    [Fact]
    public void A_flash_shows_its_step_and_percentage_live_and_the_result_on_the_finished_line()
    {
        var directory = NewLargeProject("tl-flash");
        var screen = InTerminal(directory, "build -nologo -t:Flash -p:Stm32Probe=sim");

        // The live line: "App net10.0 Stm32: program 40％ (0.3s)" (project, target framework, step, time in the step).
        Assert.Matches(@"App net10\.0 +Stm32: connect \(", screen);
        var steps = Regex.Matches(screen, @"App net10\.0 +Stm32: (erase|program|verify|compare) \d+％ \(").Select(m => m.Value).Distinct().ToList();
        Assert.True(steps.Count >= 2, "live steps with a percentage: " + string.Join(" | ", steps) + "\n" + screen);
        // The finished line of the project carries the result (the terminal logger's "→ output" slot).
        var finished = Regex.Match(screen, @"App net10\.0 succeeded \([0-9.]+s\) → (flashed STM32H747XI: .*)");
        Assert.True(finished.Success, screen);
        Assert.Matches(@"^flashed STM32H747XI: \d+ sector\(s\) erased, 0 unchanged, \d+ bytes programmed, verify passed, boot confirmed, delay guard passed\.$", finished.Groups[1].Value.TrimEnd());
        // Every byte of the 960 KiB image was programmed into 8 sectors of 128 KiB.
        Assert.Contains("8 sector(s) erased, 0 unchanged, 983040 bytes programmed", finished.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Stm32Info_and_Stm32Probes_show_their_results()
    {
        var directory = NewProject("tl-info");
        var info = InTerminal(directory, "build -nologo -t:Stm32Info -p:Stm32Probe=sim");
        Assert.Matches(@"App net10\.0 succeeded \([0-9.]+s\) → target STM32H747XI through sim", info);
        Assert.Matches(@"\n +DEV_ID: +0x450, REV_ID 0x[0-9A-F]{4}", info);
        Assert.Matches(@"\n +flash size: +2048 KiB", info);

        var probes = InTerminal(directory, "build -nologo -t:Stm32Probes");
        Assert.Matches(@"App net10\.0 succeeded \([0-9.]+s\) → \d+ ST-LINK probe\(s\) found, and the virtual board", probes);
        Assert.Matches(@"\n +sim +virtual ST-LINK/V3 \+ STM32H747XI", probes);
    }
}
