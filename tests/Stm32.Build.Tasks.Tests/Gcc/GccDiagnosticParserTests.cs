using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.Tests.Gcc;

public class GccDiagnosticParserTests
{
    [Fact]
    public void Gcc_error_with_line_and_column()
    {
        var m = GccDiagnosticParser.Parse("Core/Src/main.c:12:5: error: 'x' undeclared (first use in this function)");
        Assert.Equal(new GccMessage(GccMessageKind.Error, "Core/Src/main.c", 12, 5, "'x' undeclared (first use in this function)", m.Text), m);
    }

    [Fact]
    public void Gcc_warning_keeps_the_option_name_in_its_text()
    {
        var m = GccDiagnosticParser.Parse("Core/Src/led.c:7:14: warning: unused variable 'y' [-Wunused-variable]");
        Assert.Equal((GccMessageKind.Warning, "Core/Src/led.c", 7, 14), (m.Kind, m.File, m.Line, m.Column));
        Assert.Equal("unused variable 'y' [-Wunused-variable]", m.Message);
    }

    [Fact]
    public void Fatal_error_and_windows_paths()
    {
        var m = GccDiagnosticParser.Parse("C:/fw/Core/Src/main.c:3:10: fatal error: missing.h: No such file or directory");
        Assert.Equal((GccMessageKind.Error, "C:/fw/Core/Src/main.c", 3, 10), (m.Kind, m.File, m.Line, m.Column));
    }

    [Fact]
    public void Assembler_error_has_a_line_and_no_column()
    {
        var m = GccDiagnosticParser.Parse("Core/Startup/startup.s:42: Error: bad instruction `foo r0'");
        Assert.Equal((GccMessageKind.Error, "Core/Startup/startup.s", 42, 0), (m.Kind, m.File, m.Line, m.Column));
    }

    [Fact]
    public void Note_and_context_lines_are_not_errors()
    {
        Assert.Equal(GccMessageKind.Note, GccDiagnosticParser.Parse("Core/Src/main.c:12:5: note: each undeclared identifier is reported only once").Kind);
        Assert.Equal(GccMessageKind.Other, GccDiagnosticParser.Parse("Core/Src/main.c: In function 'main':").Kind);
    }

    [Fact]
    public void Linker_undefined_reference_and_region_overflow_are_errors()
    {
        var undefined = GccDiagnosticParser.Parse("/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: obj/main.o: in function `main':");
        Assert.Equal(GccMessageKind.Other, undefined.Kind);
        var reference = GccDiagnosticParser.Parse("main.c:(.text.main+0x8): undefined reference to `missing_function'");
        Assert.Equal((GccMessageKind.Error, "main.c"), (reference.Kind, reference.File));
        var located = GccDiagnosticParser.Parse("  /fw/Core/Src/main.c:18: undefined reference to `no_such_function'");
        Assert.Equal((GccMessageKind.Error, "/fw/Core/Src/main.c", 18, "undefined reference to `no_such_function'"), (located.Kind, located.File, located.Line, located.Message));
        var prefixed = GccDiagnosticParser.Parse("/usr/lib/arm-none-eabi/bin/ld: /fw/Core/Src/main.c:21: undefined reference to `led_set'");
        Assert.Equal(("/fw/Core/Src/main.c", 21), (prefixed.File, prefixed.Line));
        var overflow = GccDiagnosticParser.Parse("/usr/bin/arm-none-eabi-ld: region `FLASH' overflowed by 1024 bytes");
        Assert.Equal(GccMessageKind.Error, overflow.Kind);
        var tool = GccDiagnosticParser.Parse("arm-none-eabi-gcc: error: nothing.c: No such file or directory");
        Assert.Equal((GccMessageKind.Error, "nothing.c: No such file or directory"), (tool.Kind, tool.Message));
        Assert.Equal(GccMessageKind.Other, GccDiagnosticParser.Parse("collect2: note: something").Kind);
    }
}
