using System.Text.Json;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Package.Tests;

/// <summary>
/// The consumer CI template (samples/ci/github-actions.yml) works when copied into a repository that only references
/// the package: a new repository with a project that references the packed package from a local feed and flashes a
/// prebuilt image gets the template in .github/workflows/, and the virtual-board job's steps run as a runner would
/// run them here — `run:` commands in bash with the workflow's and the job's env, in the repository; the actions
/// checked for what they stand for (the SDK version setup-dotnet asks for is the one here, the artifact path matches
/// the report); the apt-get step is not run (no root, no network) but every package it names must be installed.
/// </summary>
[Trait("Requires", "gcc")]
[Collection(PackedFeedCollection.Name)]
public class ConsumerCiTemplateTests(PackedFeed feed)
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(4);

    private static string Template => RepositoryPaths.Combine("samples", "ci", "github-actions.yml");

    [Fact]
    public void The_virtual_board_job_runs_in_a_new_repository_that_references_the_package()
    {
        var repository = feed.NewProject("consumer-repo", "    <Stm32Device>STM32H747XI</Stm32Device>", """    <Stm32Flash Include="firmware/app.elf" Core="CM7" />""");
        Directory.CreateDirectory(Path.Combine(repository, "firmware"));
        File.Copy(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), Path.Combine(repository, "firmware", "app.elf"));
        var workflows = Directory.CreateDirectory(Path.Combine(repository, ".github", "workflows")).FullName;
        File.Copy(Template, Path.Combine(workflows, "firmware.yml"));

        var yaml = File.ReadAllText(Path.Combine(workflows, "firmware.yml"));
        var job = WorkflowSteps.Job(yaml, "virtual-board");
        var environment = feed.Environment();
        foreach (var (name, value) in WorkflowSteps.TopEnv(yaml).Concat(job.Env))
        {
            environment[name] = value.Replace("${{ github.workspace }}", repository, StringComparison.Ordinal);
        }
        Assert.Equal(Path.Combine(repository, ".sim"), environment[Stm32.Build.VirtualBoard.Driver.SimulatorState.DirectoryVariable]);

        var ran = new List<string>();
        foreach (var step in job.Steps)
        {
            switch (step.Uses?.Split('@')[0], step.Run)
            {
                case ("actions/checkout", _):
                    break; // the repository is the working folder
                case ("actions/setup-dotnet", _):
                    var wanted = step.With["dotnet-version"];
                    var sdk = ProcessRunner.Dotnet(repository, null, s_stepTimeout, "--version");
                    Assert.StartsWith(wanted.Replace(".x", ".", StringComparison.Ordinal), sdk.Output.Trim(), StringComparison.Ordinal);
                    break;
                case ("actions/upload-artifact", _):
                    Assert.Equal("**/obj/**/stm32-report.json", step.With["path"]);
                    Assert.NotEmpty(Directory.GetFiles(Path.Combine(repository, "obj"), "stm32-report.json", SearchOption.AllDirectories));
                    break;
                case (null, { } run) when run.Contains("apt-get install", StringComparison.Ordinal):
                    foreach (var package in run[(run.LastIndexOf("--no-install-recommends", StringComparison.Ordinal) + 23)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var query = ProcessRunner.Run(ProcessRunner.StartInfo("dpkg-query", ["-W", "-f=${Status}", package], repository), s_stepTimeout);
                        Assert.True(query.Output.Contains("install ok installed", StringComparison.Ordinal), $"{package} (named by step '{step.Name}') is not installed");
                    }
                    break;
                case (null, { } run):
                    var result = ProcessRunner.Run(ProcessRunner.StartInfo("bash", ["-e", "-c", run], repository, environment), s_stepTimeout);
                    Assert.True(result.ExitCode == 0, $"step '{step.Name}' ({run}) failed:\n{result.Output}");
                    ran.Add(step.Name);
                    break;
                default:
                    Assert.Fail($"step '{step.Name}' uses {step.Uses}, which this test does not know");
                    break;
            }
        }
        Assert.Equal(["Build", "Flash the virtual board"], ran);

        // The flash step programmed the image onto the board whose state the job keeps in the workspace.
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository, "obj", "Release", "stm32", "stm32-report.json")));
        Assert.True(report.RootElement.GetProperty("succeeded").GetBoolean());
        var blinky = File.ReadAllBytes(FirmwareBuilder.Convert(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7Blinky), "binary"));
        BoardFlash.AssertStartsWith(Path.Combine(repository, ".sim", "STM32H747XI.state"), blinky);
    }

    [Fact]
    public void The_package_readme_carries_the_same_workflow_and_no_repository_paths()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("src", "Stm32.Build.Package", "README.md"));
        var start = readme.IndexOf("```yaml\n", StringComparison.Ordinal) + 8;
        var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var template = string.Concat(File.ReadAllLines(Template).SkipWhile(l => l.StartsWith('#')).Select(l => l + "\n"));
        Assert.Equal(template, block);
        // A package user has no clone: no links into the repository's folders.
        Assert.DoesNotMatch(@"\b(src|samples|tests)/|docs/[a-z-]+\.md|\]\((?!https?:)", readme);
    }
}
