using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>Every STM32H7 in the device data gets its clock, power and debug blocks from its register tables (or runs on the reset clock without one).</summary>
public sealed class H7CompositionTests
{
    public static TheoryData<string> H7Devices()
    {
        var data = new TheoryData<string>();
        foreach (var device in DeviceCatalog.BuiltIn.Devices.Where(d => d.Family == "STM32H7").OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            data.Add(device.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(H7Devices))]
    public void Each_h7_runs_from_the_64_mhz_hsi_after_reset_with_its_blocks_composed(string name)
    {
        var board = new VirtualBoard(new VirtualBoardOptions { Device = name });
        var family = (H7Family)board.Chip.Family;
        Assert.Equal(64_000_000, board.Chip.Family.CoreClockHz(0));
        Assert.NotNull(board.Chip.Find<IDebugFreeze>());
        if (board.Chip.Context.TablePeripheral("RCC") is null)
        {
            Assert.Null(family.Rcc); // no register table for this part: reset clock, no RCC model
            return;
        }
        Assert.Same(family.Rcc, board.Chip.Find<IClockTree>());
        Assert.Equal(64_000_000, family.Rcc!.ClockHz("hclk"));
        Assert.NotNull(family.Pwr);
        Assert.Equal(3, family.Pwr!.ActiveScale);
        Assert.NotNull(family.Domains);
        Assert.Equal(family.Pwr.HasSmps, name.StartsWith("STM32H745", StringComparison.Ordinal) || name.StartsWith("STM32H747", StringComparison.Ordinal)
            || name.StartsWith("STM32H755", StringComparison.Ordinal) || name.StartsWith("STM32H757", StringComparison.Ordinal));
    }
}
