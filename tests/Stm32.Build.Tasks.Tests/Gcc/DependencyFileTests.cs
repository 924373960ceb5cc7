using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.Tests.Gcc;

public class DependencyFileTests
{
    [Fact]
    public void Reads_the_first_rule_with_continuations_and_ignores_the_MP_rules()
    {
        var text = "obj/Core/Src/main.o: Core/Src/main.c Core/Inc/main.h \\\n Core/Inc/board.h Core/Inc/led.h\nCore/Inc/main.h:\nCore/Inc/board.h:\nCore/Inc/led.h:\n";
        Assert.Equal(["Core/Src/main.c", "Core/Inc/main.h", "Core/Inc/board.h", "Core/Inc/led.h"], DependencyFile.ReadPrerequisites(text));
    }

    [Fact]
    public void Keeps_escaped_spaces_and_drive_letters()
    {
        var text = "C:/fw/obj/a.o: C:/fw/My\\ Src/a.c C:/fw/inc/a.h\n";
        Assert.Equal(["C:/fw/My Src/a.c", "C:/fw/inc/a.h"], DependencyFile.ReadPrerequisites(text));
    }

    [Fact]
    public void Empty_or_ruleless_text_has_no_prerequisites()
    {
        Assert.Empty(DependencyFile.ReadPrerequisites(string.Empty));
        Assert.Empty(DependencyFile.ReadPrerequisites("garbage without a rule"));
    }
}
