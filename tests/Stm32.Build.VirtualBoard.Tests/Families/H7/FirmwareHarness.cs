using Stm32.Build.Execution;
using Stm32.Build.Images;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>Reads a firmware variable through the Cortex-M7's access port, as a debugger's watch window does.</summary>
internal static class FirmwareHarnessExtensions
{
    public static uint Variable(this H7IoHarness h, FirmwareImage image, string name, int accessPort = 0)
    {
        var symbol = image.FindSymbol(name) ?? throw new InvalidOperationException($"no variable {name}");
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(accessPort)!.Read(symbol.Address, AccessSize.Word, out var value));
        return value;
    }
}
