using System.Text.RegularExpressions;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 I/O blocks composed onto the chip from its register tables: GPIO ports A–K with the serial-wire/JTAG
/// pin monitor, EXTI, HSEM, IWDG1/2, WWDG1/2 and the U(S)ARTs, wired together (GPIO inputs and the HSEM interrupts
/// into the EXTI) and to the board's virtual COM port. A block the tables do not have (a smaller part) is skipped.
/// </summary>
public sealed partial class H7IoBlocks
{
    private H7IoBlocks()
    {
    }

    /// <summary>The GPIO ports, A first.</summary>
    public IReadOnlyList<GpioPort> Ports { get; private init; } = [];

    /// <summary>The serial-wire/JTAG pin monitor (a debug blocker of the chip).</summary>
    public DebugPinMonitor? DebugPins { get; private init; }

    /// <summary>The EXTI, or null.</summary>
    public H7Exti? Exti { get; private init; }

    /// <summary>The HSEM, or null.</summary>
    public H7Hsem? Hsem { get; private init; }

    /// <summary>IWDG1 and IWDG2 (IWDG on single-core parts).</summary>
    public IReadOnlyList<H7Iwdg> IndependentWatchdogs { get; private init; } = [];

    /// <summary>WWDG1 and WWDG2 (WWDG on single-core parts).</summary>
    public IReadOnlyList<H7Wwdg> WindowWatchdogs { get; private init; } = [];

    /// <summary>The U(S)ARTs (USART1–3, 6, UART4/5/7/8 and more where the part has them).</summary>
    public IReadOnlyList<Usart> Usarts { get; private init; } = [];

    /// <summary>The board's virtual COM port.</summary>
    public VirtualComPort Console { get; private init; } = null!;

    /// <summary>Builds the blocks from the register tables and composes them onto <paramref name="chip"/>.</summary>
    internal static H7IoBlocks Compose(VirtualChip chip, PeripheralContext context)
    {
        var table = context.Tables.FirstOrDefault(t => t is not null);
        var infos = table?.Peripherals.ToList() ?? [];
        var ports = infos.Where(p => GpioName().IsMatch(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new GpioPort(context, p)).ToList();
        var exti = context.TablePeripheral("EXTI") is { } e ? new H7Exti(context, e) : null;
        var hsem = context.TablePeripheral("HSEM") is { } h ? new H7Hsem(context, h) : null;
        var iwdgs = Numbered(infos, "IWDG").Select(x => new H7Iwdg(context, x.Info, x.Number)).ToList();
        var wwdgs = Numbered(infos, "WWDG").Select(x => new H7Wwdg(context, x.Info, x.Number)).ToList();
        var usarts = infos.Where(p => UsartName().IsMatch(p.Name)).Select(p => new Usart(context, p, H7Family.ResetClockHz)).ToList();
        foreach (var peripheral in ports.Cast<Peripheral>().Concat(usarts).Concat(iwdgs).Concat(wwdgs)
                     .Concat(new Peripheral?[] { exti, hsem }.OfType<Peripheral>()))
        {
            chip.Compose(peripheral);
        }
        var monitor = ports.Count > 0 ? new DebugPinMonitor(context, ports, DebugPin.SerialWireJtag) : null;
        if (monitor is not null)
        {
            chip.AddDebugBlocker(monitor);
        }
        if (exti is not null)
        {
            foreach (var port in ports)
            {
                port.InputChanged += exti.GpioInputChanged;
            }
            if (hsem is not null)
            {
                hsem.InterruptOutputChanged += (cpu, level) => exti.SetInput(cpu == 0 ? H7Exti.HsemCpu1Line : H7Exti.HsemCpu2Line, level);
            }
        }
        var routes = VirtualComPort.Resolve(context.Board, usarts, ports, H7UartPins.TransmitAlternateFunction);
        return new H7IoBlocks
        {
            Ports = ports,
            DebugPins = monitor,
            Exti = exti,
            Hsem = hsem,
            IndependentWatchdogs = iwdgs,
            WindowWatchdogs = wwdgs,
            Usarts = usarts,
            Console = new VirtualComPort(routes, context.Log),
        };
    }

    /// <summary>The peripherals named NAME, NAME1, NAME2 with their number (NAME alone is number 1).</summary>
    private static IEnumerable<(Stm32.Build.Registers.PeripheralInfo Info, int Number)> Numbered(
        IEnumerable<Stm32.Build.Registers.PeripheralInfo> infos, string name) =>
        infos.Where(p => p.Name == name || p.Name == name + "1" || p.Name == name + "2")
            .Select(p => (p, p.Name.Length == name.Length ? 1 : p.Name[^1] - '0'))
            .OrderBy(x => x.Item2);

    [GeneratedRegex("^GPIO[A-K]$")]
    private static partial Regex GpioName();

    [GeneratedRegex("^U(S)?ART[0-9]+$")]
    private static partial Regex UsartName();
}
