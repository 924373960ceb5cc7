using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// An STM32H7 window watchdog, WWDG1 (APB3, CPU1) or WWDG2 (APB1, CPU2) (RM0399 chapter 45 WWDG; RM0433/RM0468): the
/// shared <see cref="WindowWatchdog"/> with the H7's CFR.WDGTB (bits 13:11, PCLK / 4096 / 2^WDGTB up to ÷128), the
/// debug freeze through <see cref="H7WatchdogFreeze"/>, and the reset scope (RCC_GCR WW1RSC bit 0 / WW2RSC bit 1, read
/// by name from the RCC): 1 = a system reset (ResetCause.WindowWatchdog); 0 (the reset value) = a reset of the
/// watchdog's own CPU only (ST's HAL: "system reset not only CPUx reset (default)"), which the model applies as that
/// core restarting from its boot address with the watchdog reset too. Single-core parts always reset the system.
/// </summary>
public sealed class H7Wwdg : WindowWatchdog
{
    /// <summary>The PCLK without a clock tree (HSI 64 MHz, bus prescalers 1 after reset).</summary>
    public const long ResetPclkHz = 64_000_000;

    private readonly int _number;

    /// <summary>Declares WWDG <paramref name="number"/> (1 or 2) from its register-table entry.</summary>
    public H7Wwdg(PeripheralContext context, PeripheralInfo info, int number) : base(context, info, ProfileFor(context, number))
    {
        _number = number;
    }

    private static WindowWatchdogProfile ProfileFor(PeripheralContext context, int number)
    {
        var freeze = H7WatchdogFreeze.Wwdg(context, number);
        return new WindowWatchdogProfile
        {
            PrescalerPosition = 11,
            PrescalerWidth = 3,
            ClockName = $"wwdg{number}",
            ResetPclkHz = ResetPclkHz,
            InterruptName = $"WWDG{number}",
            IsFrozen = freeze.IsFrozen,
            DescribeFreeze = freeze.Describe,
        };
    }

    /// <inheritdoc />
    protected override void Expired(string why)
    {
        var system = Context.Chip.Cores.Count < 2 || SystemScope();
        Context.Record(ChipEventKind.WatchdogReset, Name, BaseAddress, Load,
            $"{Name} {why}: {(system ? "system reset" : $"reset of {Context.Device.Cores[_number - 1].Name} (RCC_GCR.WW{_number}RSC = 0)")}");
        if (system)
        {
            if (_number == 2)
            {
                Context.Chip.Find<H7Rcc>()?.NoteWatchdogReset("WWDG2"); // RCC_RSR.WWDG2RSTF rather than WWDG1RSTF
            }
            Context.Chip.RequestSystemReset(ResetCause.WindowWatchdog);
            return;
        }
        Reset(ResetKind.System);
        var core = _number - 1;
        Context.Scheduler.ScheduleIn(0, () =>
        {
            if (Context.Chip is VirtualChip chip)
            {
                chip.Cores[core].Reset(CoreResetKind.System, chip.BootAddress(chip.Device.Cores[core].Name));
            }
        }, Name + " CPU reset");
    }

    /// <summary>RCC_GCR.WWxRSC: whether this watchdog resets the whole system.</summary>
    private bool SystemScope()
    {
        var rcc = Context.Chip.FindAll<Peripheral>().FirstOrDefault(p => string.Equals(p.Name, "RCC", StringComparison.OrdinalIgnoreCase));
        return rcc?.Registers.Find("GCR") is { } gcr && (gcr.Value & (1u << (_number - 1))) != 0;
    }
}
