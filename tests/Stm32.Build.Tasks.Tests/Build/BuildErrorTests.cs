namespace Stm32.Build.Tasks.Tests.Build;

/// <summary>Errors of a firmware build are coded MSBuild errors at the right place, never a stack trace.</summary>
[Trait("Requires", "gcc")]
public class BuildErrorTests
{
    [Fact]
    public void Gcc_error_maps_to_file_line_and_column_with_gcc_text()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var main = sample.File("Core", "Src", "main.c");
        var lines = File.ReadAllLines(main).ToList();
        var at = lines.FindIndex(l => l.Contains("led_init();", StringComparison.Ordinal));
        lines.Insert(at + 1, "    not_declared_anywhere = 3;");
        File.WriteAllLines(main, lines);
        var run = sample.Build("Blinky.H747.proj");
        Assert.NotEqual(0, run.ExitCode);
        // Line is 1-based: the inserted line is at index at+1; the identifier starts in column 5.
        var expected = $"{main}({at + 2},5): error STM6201: 'not_declared_anywhere' undeclared";
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at Stm32.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Gcc_warning_is_an_msbuild_warning_and_the_build_goes_on()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var led = sample.File("Core", "Src", "led.c");
        File.AppendAllText(led, "\nint unused_function_with_warning(void)\n{\n    int unused_local;\n    return 0;\n}\n");
        var lineCount = File.ReadAllLines(led).Length;
        var run = sample.Build("Blinky.H747.proj");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"{led}({lineCount - 2},9): warning STM6202: unused variable 'unused_local' [-Wunused-variable]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_reference_is_a_linker_error()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var main = sample.File("Core", "Src", "main.c");
        File.WriteAllText(main, File.ReadAllText(main).Replace("led_init();", "led_init(); extern void no_such_function(void); no_such_function();", StringComparison.Ordinal));
        var run = sample.Build("Blinky.H747.proj");
        Assert.NotEqual(0, run.ExitCode);
        var line = File.ReadAllLines(main).ToList().FindIndex(l => l.Contains("no_such_function();", StringComparison.Ordinal)) + 1;
        Assert.Contains($"{main}({line}): error STM6204: undefined reference to `no_such_function'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_toolchain_names_the_searched_path_and_how_to_install()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var nowhere = Path.Combine(sample.Root, "no-toolchain-here");
        var run = sample.Build("Blinky.H747.proj", "-p:Stm32ToolchainPath=" + nowhere);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error STM6001: No arm-none-eabi-gcc toolchain was found. Searched: " + nowhere, run.Output, StringComparison.Ordinal);
        Assert.Contains("apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_linker_script_is_a_coded_error_naming_it()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var script = sample.File("STM32H747XIHX_FLASH.ld");
        File.Delete(script);
        var run = sample.Build("Blinky.H747.proj");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{script} : error STM6003: The linker script does not exist.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_source_is_a_coded_error_naming_it()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        File.Delete(sample.File(".cproject"));
        var project = sample.File("Blinky.H747.proj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</PropertyGroup>", "</PropertyGroup>\n  <ItemGroup><Stm32Source Include=\"Core/Src/not_there.c\" /></ItemGroup>", StringComparison.Ordinal));
        var run = sample.Build("Blinky.H747.proj");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{sample.File("Core", "Src", "not_there.c")} : error STM6002: The source file does not exist.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_outside_the_device_flash_fails_validation_after_link()
    {
        using var sample = SampleCopy.Of("Blinky.H747");
        var script = sample.File("STM32H747XIHX_FLASH.ld");
        // 0x08200000 is past the STM32H747XI's 2 MB of flash (RM0399 memory map: 0x08000000-0x081FFFFF).
        File.WriteAllText(script, File.ReadAllText(script).Replace("ORIGIN = 0x08000000, LENGTH = 1024K", "ORIGIN = 0x08200000, LENGTH = 1024K", StringComparison.Ordinal));
        var run = sample.Build("Blinky.H747.proj");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(sample.File("bin", "Debug", "Blinky.H747.elf") + " : error STM1", run.Output, StringComparison.Ordinal);
        Assert.Contains("0x08200000", run.Output, StringComparison.Ordinal);

        // Turned off, the same image links and the build succeeds.
        var unchecked_ = sample.Build("Blinky.H747.proj", "-p:Stm32ValidateAfterLink=false");
        Assert.True(unchecked_.ExitCode == 0, unchecked_.Output);
    }
}
