using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 extended interrupt and event controller (RM0399 chapter 20 EXTI; RM0433/RM0468 for the single-core
/// parts, whose per-CPU registers are named CPUIMRx/CPUEMRx/CPUPRx), with one register set per CPU:
/// <list type="bullet">
/// <item>Configurable event inputs (lines 0–21, 49, 51, 82, 84–86: RM0399 table "EXTI event input mapping",
/// cross-checked with ST's HAL IS_HAL_EXTI_CONFIG_LINE): a rising edge with its RTSR bit, a falling edge with its
/// FTSR bit, or a 1 written to SWIER (which reads 0) triggers the line. For each CPU n, a trigger sets CnPR (rc_w1)
/// when CnIMR unmasks it, and sends an event to CPU n's RXEV when CnEMR does. Lines 0–15 come from the GPIO pin
/// SYSCFG_EXTICRx selects (port A = 0 … K = 10).</item>
/// <item>Direct event inputs (every other line): the peripheral's own signal; its rising edge sends an event to each
/// CPU whose CnEMR bit is set (the HSEM interrupt of CPU1 on line 77 and of CPU2 on line 78 — the dual-core
/// boot's wake-up of the Cortex-M4 from WFE; ST's dual-core SystemInit sets EXTI_C2EMR3 bit 14). The peripheral's
/// interrupt reaches the NVIC directly.</item>
/// <item>NVIC outputs per CPU, asserted while CnPR &amp; CnIMR has a bit of the group: EXTI0…EXTI4, EXTI9_5,
/// EXTI15_10, PVD_PVM (line 16), by the register tables' interrupt names.</item>
/// </list>
/// D3PMR/D3PCR (the D3 domain's autonomous pending and wake-up) are stored, logged, not modelled; wake-up of a
/// domain from Stop is announced through <see cref="CpuWakeup"/> for the power model.
/// </summary>
public sealed class H7Exti : Peripheral
{
    /// <summary>The EXTI line of CPU1's HSEM interrupt (RM0399 EXTI event input mapping: 77).</summary>
    public const int HsemCpu1Line = 77;

    /// <summary>The EXTI line of CPU2's HSEM interrupt (RM0399 EXTI event input mapping: 78).</summary>
    public const int HsemCpu2Line = 78;

    private static readonly int[] s_configurableAbove21 = [49, 51, 82, 84, 85, 86];

    private readonly Register?[] _rtsr = new Register?[3];
    private readonly Register?[] _ftsr = new Register?[3];
    private readonly Register?[] _swier = new Register?[3];
    private readonly Register?[,] _imr = new Register?[2, 3];
    private readonly Register?[,] _emr = new Register?[2, 3];
    private readonly Register?[,] _pr = new Register?[2, 3];
    private readonly bool[] _directLevels = new bool[96];
    private readonly PerCoreInterrupt[] _groups;
    private Peripheral? _syscfg;

    /// <summary>Declares the EXTI from its register-table entry.</summary>
    public H7Exti(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        for (var group = 0; group < 3; group++)
        {
            var n = group + 1;
            _rtsr[group] = Registers.Find($"RTSR{n}")?.Modelled();
            _ftsr[group] = Registers.Find($"FTSR{n}")?.Modelled();
            if (Registers.Find($"SWIER{n}") is { } swier)
            {
                var g = group;
                _swier[group] = swier.OnWrite((_, value) => SoftwareTrigger(g, value));
            }
            for (var cpu = 0; cpu < 2; cpu++)
            {
                var prefix = cpu == 0 ? "C1" : "C2";
                _imr[cpu, group] = (Registers.Find($"{prefix}IMR{n}") ?? (cpu == 0 ? Registers.Find($"CPUIMR{n}") : null))?.OnWrite((_, _) => UpdateNvic());
                _emr[cpu, group] = (Registers.Find($"{prefix}EMR{n}") ?? (cpu == 0 ? Registers.Find($"CPUEMR{n}") : null))?.Modelled();
                _pr[cpu, group] = (Registers.Find($"{prefix}PR{n}") ?? (cpu == 0 ? Registers.Find($"CPUPR{n}") : null))?.OnWrite((_, _) => UpdateNvic());
            }
        }
        foreach (var register in Registers.Registers.Where(r => r.Name.StartsWith("D3P", StringComparison.Ordinal)))
        {
            register.OnWrite((_, value) =>
            {
                if (value != 0)
                {
                    Context.Log.Add(new UnmodelledAccess(Name, register.Name, register.Address, value,
                        "stored; the D3 domain's autonomous pending and wake-up (D3PMR/D3PCR) are not modelled"));
                }
            });
        }
        _groups =
        [
            new(context, "EXTI0"), new(context, "EXTI1"), new(context, "EXTI2"), new(context, "EXTI3"), new(context, "EXTI4"),
            new(context, "EXTI9_5"), new(context, "EXTI15_10"), new(context, "PVD_PVM"),
        ];
    }

    /// <summary>Raised when an unmasked interrupt or event reaches CPU n (its wake-up signal to the power controller): CPU, line.</summary>
    public event Action<int, int>? CpuWakeup;

    /// <summary>Whether <paramref name="line"/> is a configurable event input (edge detection, pending bits).</summary>
    public static bool IsConfigurable(int line) => line is >= 0 and <= 21 || s_configurableAbove21.Contains(line);

    /// <summary>Whether line <paramref name="line"/> is pending for CPU <paramref name="cpu"/> (CnPR).</summary>
    public bool IsPending(int cpu, int line) => Bit(_pr[cpu, line / 32], line);

    /// <summary>The level of input <paramref name="line"/> changed (a GPIO through SYSCFG, a peripheral's signal).</summary>
    public void SetInput(int line, bool level)
    {
        if (line is < 0 or >= 96)
        {
            throw new ArgumentOutOfRangeException(nameof(line), line, "the H7 EXTI has event inputs 0 to 95");
        }
        if (_directLevels[line] == level)
        {
            return;
        }
        Edge(line, level);
    }

    /// <summary>A GPIO pin's input changed: lines 0–15 follow the port SYSCFG_EXTICRx selects for them.</summary>
    public void GpioInputChanged(GpioPort port, int pin, bool level)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (pin is >= 0 and < 16 && SelectedPort(pin) == port.Index)
        {
            Edge(pin, level); // the port reports a change of the pin: an edge in that direction
        }
    }

    private void Edge(int line, bool level)
    {
        _directLevels[line] = level;
        if (IsConfigurable(line))
        {
            if ((level && Bit(_rtsr[line / 32], line)) || (!level && Bit(_ftsr[line / 32], line)))
            {
                Trigger(line);
            }
        }
        else if (level)
        {
            DirectEvent(line);
        }
    }

    /// <summary>The port index SYSCFG_EXTICRx selects for line <paramref name="line"/> (0–15); 0 (port A) without SYSCFG.</summary>
    public int SelectedPort(int line)
    {
        _syscfg ??= Context.Chip.FindAll<Peripheral>().FirstOrDefault(p => string.Equals(p.Name, "SYSCFG", StringComparison.OrdinalIgnoreCase));
        if (_syscfg?.Registers.Find($"EXTICR{line / 4 + 1}") is not { } exticr)
        {
            return 0;
        }
        return (int)((exticr.Value >> (4 * (line % 4))) & 0xF);
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        Array.Clear(_directLevels);
        foreach (var group in _groups)
        {
            group.Clear();
        }
    }

    private void SoftwareTrigger(int group, uint value)
    {
        _swier[group]!.Value = 0; // the bits are cleared by hardware once the trigger is taken
        for (var bit = 0; bit < 32; bit++)
        {
            var line = group * 32 + bit;
            if ((value & (1u << bit)) != 0 && IsConfigurable(line))
            {
                Trigger(line);
            }
        }
    }

    private void Trigger(int line)
    {
        var group = line / 32;
        for (var cpu = 0; cpu < Math.Min(2, Context.Chip.Cores.Count); cpu++)
        {
            var unmasked = Bit(_imr[cpu, group], line);
            if (unmasked && _pr[cpu, group] is { } pr)
            {
                pr.Value |= 1u << (line % 32);
            }
            var evented = Bit(_emr[cpu, group], line);
            if (evented)
            {
                Context.Scheduler.DeliverEvent(Context.Chip.Cores[cpu]);
            }
            if (unmasked || evented)
            {
                CpuWakeup?.Invoke(cpu, line);
            }
        }
        UpdateNvic();
    }

    private void DirectEvent(int line)
    {
        for (var cpu = 0; cpu < Math.Min(2, Context.Chip.Cores.Count); cpu++)
        {
            var evented = Bit(_emr[cpu, line / 32], line);
            if (evented)
            {
                Context.Scheduler.DeliverEvent(Context.Chip.Cores[cpu]);
            }
            if (evented || Bit(_imr[cpu, line / 32], line))
            {
                CpuWakeup?.Invoke(cpu, line);
            }
        }
    }

    /// <summary>Drives each CPU's EXTI interrupt outputs from its pending and mask bits.</summary>
    private void UpdateNvic()
    {
        for (var cpu = 0; cpu < Math.Min(2, Context.Chip.Cores.Count); cpu++)
        {
            var pending = (_pr[cpu, 0]?.Value ?? 0) & (_imr[cpu, 0]?.Value ?? 0);
            for (var i = 0; i < 5; i++)
            {
                _groups[i].Set(cpu, (pending & (1u << i)) != 0);
            }
            _groups[5].Set(cpu, (pending & 0x0000_03E0) != 0);
            _groups[6].Set(cpu, (pending & 0x0000_FC00) != 0);
            _groups[7].Set(cpu, (pending & 0x0001_0000) != 0);
        }
    }

    private static bool Bit(Register? register, int line) => register is not null && (register.Value & (1u << (line % 32))) != 0;
}
