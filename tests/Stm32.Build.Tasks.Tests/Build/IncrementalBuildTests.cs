namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>
/// Incremental builds, proven with a logging toolchain (wrappers around the real tools passed through
/// Stm32ToolchainPath): a no-op build runs no tool, a header change recompiles exactly the sources that include
/// it, and a changed flag recompiles everything that flag reaches.
/// </summary>
[Trait("Requires", "gcc")]
public class IncrementalBuildTests
{
    private static IReadOnlyList<string> CompiledSources(IEnumerable<string> log) =>
        log.Where(l => l.StartsWith("gcc ", StringComparison.Ordinal) && l.Contains(" -c ", StringComparison.Ordinal))
           .Select(l => l.Split(' ').First(w => w.EndsWith(".c", StringComparison.Ordinal) || w.EndsWith(".s", StringComparison.Ordinal)))
           .Order(StringComparer.Ordinal)
           .ToList();

    private static int Links(IEnumerable<string> log) => log.Count(l => l.StartsWith("gcc -o ", StringComparison.Ordinal));

    private static SampleCopy BuiltBlinky()
    {
        var sample = SampleCopy.Of("Blinky.H747");
        sample.UseLoggingToolchain();
        var first = sample.Build("Blinky.H747.proj");
        Assert.True(first.ExitCode == 0, first.Output);
        var log = sample.ReadToolLog();
        Assert.Equal(["Core/Src/led.c", "Core/Src/main.c", "Core/Src/system.c", "Core/Startup/startup_stm32h747xihx.s"], CompiledSources(log));
        Assert.Equal(1, Links(log));
        Assert.Equal(2, log.Count(l => l.StartsWith("objcopy ", StringComparison.Ordinal)));
        sample.ClearToolLog();
        return sample;
    }

    private static void Touch(string file) =>
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));

    [Fact]
    public void No_op_build_runs_no_compiler_no_linker_and_no_objcopy()
    {
        using var sample = BuiltBlinky();
        var elfTime = File.GetLastWriteTimeUtc(sample.File("bin", "Debug", "Blinky.H747.elf"));
        var second = sample.Build("Blinky.H747.proj");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Empty(sample.ReadToolLog());
        Assert.Contains("all 4 objects are up to date", second.Output, StringComparison.Ordinal);
        Assert.Equal(elfTime, File.GetLastWriteTimeUtc(sample.File("bin", "Debug", "Blinky.H747.elf")));
    }

    [Fact]
    public void Header_change_rebuilds_exactly_the_sources_that_include_it()
    {
        using var sample = BuiltBlinky();

        // main.h is included by main.c only.
        Touch(sample.File("Core", "Inc", "main.h"));
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["Core/Src/main.c"], CompiledSources(sample.ReadToolLog()));
        Assert.Equal(1, Links(sample.ReadToolLog()));

        // led.h is included by led.c and main.c; board.h by both as well (main.h includes it).
        sample.ClearToolLog();
        Touch(sample.File("Core", "Inc", "led.h"));
        run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["Core/Src/led.c", "Core/Src/main.c"], CompiledSources(sample.ReadToolLog()));
    }

    [Fact]
    public void Changed_flags_rebuild_what_they_reach()
    {
        using var sample = BuiltBlinky();
        // The optimization level reaches C files, not the assembler.
        var run = sample.Build("Blinky.H747.proj", "-p:Stm32Optimization=-O2");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["Core/Src/led.c", "Core/Src/main.c", "Core/Src/system.c"], CompiledSources(sample.ReadToolLog()));
        Assert.Equal(1, Links(sample.ReadToolLog()));
    }

    [Fact]
    public void Deleted_object_is_rebuilt_alone()
    {
        using var sample = BuiltBlinky();
        File.Delete(sample.File("obj", "Debug", "stm32", "Core", "Src", "system.o"));
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(["Core/Src/system.c"], CompiledSources(sample.ReadToolLog()));
    }
}
