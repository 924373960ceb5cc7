using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.F4;

[Trait("Requires", "gcc")]
public sealed class F4FirmwareTests
{
    [Fact]
    public void Probe()
    {
        var b = new F4Bench();
        b.Load(FirmwareBuilder.BuildFamily(FamilyPart.F407));
        b.Chip.SystemReset();
        b.Advance(TimeSpan.FromMilliseconds(600));
        var text = b.Family.Usarts.First(u => u.Name == "USART2").Text;
        Assert.Fail(text + "\n" + string.Join("\n", b.Chip.Trace.Events.Take(30)) + "\n" + string.Join("\n", b.Chip.UnmodelledAccesses.Entries.Take(40)));
    }
}
