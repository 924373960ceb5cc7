using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks;

namespace Stm32.Build.Package.Tests;

/// <summary>The Stm32Flash task driven directly (as a custom target would), for what the targets cannot show: cancellation.</summary>
[Trait("Requires", "gcc")]
public class Stm32FlashTaskTests
{
    [Fact]
    public void A_cancelled_flash_fails_with_STM4006_and_says_the_chip_was_not_changed()
    {
        using var temp = new TempProject();
        var elf = temp.CopyBlinkyElf();
        var outcome = TaskHost.RunCancelledFlash(elf, temp.SimStateFile, temp.PathOf("report.json"));
        Assert.False(outcome.Result);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(DiagnosticCodes.FlashCancelled, error.Code);
        Assert.Contains("cancelled", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("byte(s) programmed", error.Message, StringComparison.Ordinal);
        Assert.Equal(elf, error.File);
    }
}

/// <summary>Runs tasks with a minimal build engine; MSBuild types stay here (see <see cref="ProjectRunner"/>).</summary>
internal static class TaskHost
{
    public static (bool Result, List<BuildErrorEventArgs> Errors) RunCancelledFlash(string elf, string stateFile, string report)
    {
        var engine = new Engine();
        var task = new Stm32Flash
        {
            BuildEngine = engine,
            Images = [new TaskItem(elf)],
            Device = "STM32H747XI",
            Probe = "sim",
            SimStateFile = stateFile,
            ReportPath = report,
        };
        task.Cancel(); // Ctrl+C before the first bounded step
        var result = task.Execute();
        return (result, engine.Errors);
    }

    private sealed class Engine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = [];
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.proj";
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) { }
    }
}
