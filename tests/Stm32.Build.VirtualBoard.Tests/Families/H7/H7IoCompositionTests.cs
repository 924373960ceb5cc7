using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;
using Stm32.Build.VirtualBoard.Families.H7;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>The I/O blocks composed from each H7 part's register tables, and USART3 on the Nucleo's console.</summary>
public sealed class H7IoCompositionTests
{
    [Theory]
    [InlineData("STM32H747XI", 11, 2, 2, 8)]  // RM0399: GPIOA-K, IWDG1/2, WWDG1/2, USART1-3/6, UART4/5/7/8
    [InlineData("STM32H743ZI", 11, 1, 1, 8)]  // RM0433: one IWDG, one WWDG
    [InlineData("STM32H723ZG", 10, 1, 1, 10)] // RM0468: no GPIOI; UART9, USART10
    public void Every_part_gets_its_ports_watchdogs_and_usarts(string device, int ports, int iwdgs, int wwdgs, int usarts)
    {
        var chip = new VirtualChip(DeviceCatalog.BuiltIn.Get(device), new VirtualClock(), new BoardCounters());
        var io = ((H7Family)chip.Family).Io;
        Assert.Equal(ports, io.Ports.Count);
        Assert.Equal(iwdgs, io.IndependentWatchdogs.Count);
        Assert.Equal(wwdgs, io.WindowWatchdogs.Count);
        Assert.Equal(usarts, io.Usarts.Count);
        Assert.NotNull(io.Exti);
        Assert.NotNull(io.Hsem);
        Assert.Same(io.Ports[0], chip.FindPeripheral("GPIOA"));
    }

    [Fact]
    public void The_nucleo_h743_console_is_usart3_on_pd8_in_af7()
    {
        var board = BoardCatalog.Resolve("NUCLEO-H743ZI2");
        var device = DeviceCatalog.BuiltIn.Get(board.Device);
        var clock = new VirtualClock();
        var chip = new VirtualChip(device, clock, new BoardCounters(), RecordingCore.Factory, board);
        var bus = chip.SystemBus(device.Cores[0].Name);
        H7IoHarness.EnableClocks(bus);
        const uint gpioD = 0x5802_0C00, usart3 = 0x4000_4800;
        bus.Write(gpioD + 0x00, Stm32.Build.Execution.AccessSize.Word, 0xFFFE_FFFF); // PD8 alternate function
        bus.Write(gpioD + 0x24, Stm32.Build.Execution.AccessSize.Word, 0x0000_0007); // PD8 AF7
        bus.Write(usart3 + 0x0C, Stm32.Build.Execution.AccessSize.Word, 556);
        bus.Write(usart3 + 0x00, Stm32.Build.Execution.AccessSize.Word, (1u << 3) | 1);
        bus.Write(usart3 + 0x28, Stm32.Build.Execution.AccessSize.Word, 'N');
        clock.Advance(1_000_000);
        chip.AdvanceTo(clock.Nanoseconds);
        Assert.Equal("N", chip.ConsoleText);
        var route = Assert.Single(chip.Console!.Routes);
        Assert.Equal(("USART3", 'D', 8, (int?)7), (route.Usart.Name, route.Port.Letter, route.Pin, route.AlternateFunction));
    }
}
