using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;

namespace Stm32.Build.VirtualBoard.Families.H7;

public sealed partial class H7Rcc
{
    /// <summary>The generic per-core window (RCC_RSR at 0x0D0 to RCC_APB4LPENR at 0x11C) and its copies per core (RM0399 8.7 register map).</summary>
    private const uint CoreWindowStart = 0x0D0, CoreWindowEnd = 0x120, C1Offset = 0x60, C2Offset = 0xC0;

    // RCC_RSR bit positions (RM0399 8.7, RCC_RSR; RM0433 names C1RSTF CPURSTF and SFT1RSTF SFTRSTF).
    private const int Rmvf = 16, C1RstF = 17, C2RstF = 18, D1RstF = 19, D2RstF = 20, BorRstF = 21, PinRstF = 22, PorRstF = 23;
    private const int Sft1RstF = 24, Sft2RstF = 25, Iwdg1RstF = 26, Iwdg2RstF = 27, Wwdg1RstF = 28, Wwdg2RstF = 29;
    private const uint ResetFlagMask = 0xFFFE_0000;

    private static readonly string[] s_enableRegisters =
        ["AHB3ENR", "AHB1ENR", "AHB2ENR", "AHB4ENR", "APB3ENR", "APB1LENR", "APB1HENR", "APB2ENR", "APB4ENR"];

    private static readonly string[] s_d2EnableRegisters = ["AHB1ENR", "AHB2ENR", "APB1LENR", "APB1HENR", "APB2ENR"];

    private readonly List<Register> _resetFlagRegisters = [];
    private readonly Dictionary<string, (string Register, uint Mask)> _enables = new(StringComparer.OrdinalIgnoreCase);
    private bool _perCore;
    private string? _watchdogSource;

    /// <summary>
    /// The per-core registers (RM0399 8.5.10 "Peripheral allocation" and 8.7): RCC_RSR and the enable registers exist
    /// once per CPU (RCC_C1_xxx at +0x60, RCC_C2_xxx at +0xC0 from the generic ones); the generic addresses reach the
    /// accessing CPU's copy (a debugger's through a core's access port reaches that core's). RCC_GCR BOOT_C1/BOOT_C2
    /// release a core gated by BCM7/BCM4 = 0.
    /// </summary>
    private void DeclareCoreRegisters()
    {
        var device = Context.Device;
        _perCore = device.Cores.Count > 1 && Registers.Find("C1_RSR") is not null;
        if (_perCore)
        {
            for (var offset = CoreWindowStart; offset < CoreWindowEnd; offset += 4)
            {
                if (Registers.At(offset + C1Offset) is { } c1 && c1.Offset == offset + C1Offset)
                {
                    Registers.Ensure(offset + C2Offset, "C2_" + c1.Name[3..], c1);
                }
            }
            _resetFlagRegisters.Add(Registers["C1_RSR"]);
            _resetFlagRegisters.Add(Registers["C2_RSR"]);
        }
        else
        {
            _resetFlagRegisters.Add(Registers["RSR"]);
        }
        foreach (var rsr in _resetFlagRegisters.Append(Registers["RSR"]).Distinct())
        {
            for (var bit = C1RstF; bit <= 31; bit++)
            {
                if (!_perCore && bit is C2RstF or Sft2RstF or Iwdg2RstF or Wwdg2RstF or 31)
                {
                    continue; // the second CPU's flags exist on dual-core parts only
                }
                rsr.Bit(bit, ResetFlagName(bit)).As(FieldAccess.ReadOnly);
            }
            var target = rsr;
            rsr.Bit(Rmvf, "RMVF").OnWrite(set =>
            {
                if (set != 0)
                {
                    target.Value &= ~(ResetFlagMask | (1u << Rmvf)); // RMVF: clears the reset flags of this CPU's register
                }
            });
        }
        foreach (var name in s_enableRegisters)
        {
            foreach (var register in new[] { Registers.Find(name), Registers.Find("C1_" + name), Registers.Find("C2_" + name) })
            {
                register?.Modelled();
            }
            if (Registers.Find(name) is not { } generic)
            {
                continue;
            }
            foreach (var field in generic.Fields.Where(f => f.Name.EndsWith("EN", StringComparison.OrdinalIgnoreCase)))
            {
                _enables.TryAdd(field.Name[..^2], (name, field.Mask));
            }
        }
        var gcr = Registers["GCR"];
        gcr.Bit(0, "WW1RSC");
        gcr.Modelled();
        if (_perCore)
        {
            gcr.Bit(1, "WW2RSC");
            gcr.Bit(2, "BOOT_C1", FieldAccess.SetOnly).OnChange((_, on) => ReleaseCore(0, on));
            gcr.Bit(3, "BOOT_C2", FieldAccess.SetOnly).OnChange((_, on) => ReleaseCore(1, on));
        }
        Context.Chip.ResetApplied += ResetApplied;
    }

    private static string ResetFlagName(int bit) => bit switch
    {
        C1RstF => "C1RSTF", C2RstF => "C2RSTF", D1RstF => "D1RSTF", D2RstF => "D2RSTF", BorRstF => "BORRSTF",
        PinRstF => "PINRSTF", PorRstF => "PORRSTF", Sft1RstF => "SFT1RSTF", Sft2RstF => "SFT2RSTF",
        Iwdg1RstF => "IWDG1RSTF", Iwdg2RstF => "IWDG2RSTF", Wwdg1RstF => "WWDG1RSTF", Wwdg2RstF => "WWDG2RSTF",
        30 => "LPWR1RSTF", _ => "LPWR2RSTF",
    };

    /// <summary>
    /// The next watchdog-caused system reset comes from <paramref name="watchdog"/> (<c>IWDG2</c>, <c>WWDG2</c>):
    /// a watchdog model calls this before <see cref="IChipServices.RequestSystemReset"/> when it is not watchdog 1.
    /// </summary>
    public void NoteWatchdogReset(string watchdog) => _watchdogSource = watchdog;

    /// <summary>
    /// Sets the reset flags of every CPU for a reset (RM0399 8.4.4, table "Reset source identification (RCC_RSR)"):
    /// a power-on reset sets PORRSTF, BORRSTF, PINRSTF, D1RSTF, D2RSTF and the CPU flags; every system reset drives
    /// NRST (PINRSTF) and resets both CPUs (C1RSTF, C2RSTF), plus its source's flag (SFTxRSTF for the CPU that wrote
    /// AIRCR.SYSRESETREQ, IWDGxRSTF, WWDGxRSTF).
    /// </summary>
    private void ResetApplied(ResetCause cause)
    {
        var flags = (1u << PinRstF) | (1u << C1RstF) | (_perCore ? 1u << C2RstF : 0);
        var second = _watchdogSource is { } w && w.EndsWith('2');
        _watchdogSource = null;
        flags |= cause switch
        {
            ResetCause.PowerOn => (1u << PorRstF) | (1u << BorRstF) | (1u << D1RstF) | (1u << D2RstF),
            ResetCause.Software => 1u << (Context.CurrentCore == 1 && _perCore ? Sft2RstF : Sft1RstF),
            ResetCause.IndependentWatchdog => 1u << (second && _perCore ? Iwdg2RstF : Iwdg1RstF),
            ResetCause.WindowWatchdog => 1u << (second && _perCore ? Wwdg2RstF : Wwdg1RstF),
            _ => 0u,
        };
        foreach (var rsr in _resetFlagRegisters)
        {
            rsr.Value |= flags;
        }
    }

    private uint[] SaveResetFlags() => _resetFlagRegisters.Select(r => r.Value).ToArray();

    private void RestoreResetFlags(uint[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _resetFlagRegisters[i].Value = values[i];
        }
    }

    private void ResetCoreState() => _watchdogSource = null;

    /// <summary>RCC_GCR BOOT_Cx set: the other core releases a core its option byte (BCMx = 0) keeps gated (RM0399 RCC_GCR, 2.6).</summary>
    private void ReleaseCore(int index, uint on)
    {
        if (on != 0 && index < Context.Device.Cores.Count && Context.Chip is VirtualChip chip)
        {
            chip.ReleaseGatedCore(Context.Device.Cores[index].Name);
        }
    }

    /// <summary>Whether <paramref name="peripheral"/>'s enable bit (e.g. <c>USART1</c> for USART1EN) is set for any core.</summary>
    public bool IsEnabled(string peripheral)
    {
        if (!_enables.TryGetValue(peripheral, out var enable))
        {
            return peripheral.StartsWith("iwdg", StringComparison.OrdinalIgnoreCase); // the IWDGs have no enable bit: LSI-clocked
        }
        return CoreEnableValues(enable.Register).Any(v => (v & enable.Mask) != 0);
    }

    /// <summary>Whether core <paramref name="core"/> has a peripheral of the D2 domain allocated (any D2 enable bit set in its registers).</summary>
    internal bool HasD2Allocation(int core) =>
        s_d2EnableRegisters.Any(name => CoreRegister(name, core) is { } r && r.Value != 0);

    private IEnumerable<uint> CoreEnableValues(string name)
    {
        for (var core = 0; core < (_perCore ? 2 : 1); core++)
        {
            if (CoreRegister(name, core) is { } register)
            {
                yield return register.Value;
            }
        }
    }

    private Register? CoreRegister(string name, int core) =>
        _perCore ? Registers.Find((core == 0 ? "C1_" : "C2_") + name) : core == 0 ? Registers.Find(name) : null;

    /// <summary>The bus clock of a peripheral's enable register: AHBx = hclk, APB1L/H = pclk1, APB2 = pclk2, APB3 = pclk3, APB4 = pclk4.</summary>
    private string? EnableBus(string peripheral) => _enables.TryGetValue(peripheral, out var enable)
        ? enable.Register switch
        {
            "APB1LENR" or "APB1HENR" => "pclk1",
            "APB2ENR" => "pclk2",
            "APB3ENR" => "pclk3",
            "APB4ENR" => "pclk4",
            _ => "hclk",
        }
        : null;

    /// <summary>The core an access comes from: a core's own, or the core behind a debugger's access port (else CPU1).</summary>
    private int AccessingCore(BusInitiator initiator)
    {
        if (initiator.Kind == BusInitiatorKind.Core)
        {
            return initiator.Index;
        }
        var cores = Context.Device.Cores;
        for (var i = 0; i < cores.Count; i++)
        {
            if (cores[i].AccessPort == initiator.Index)
            {
                return i;
            }
        }
        return 0;
    }

    private uint MapCoreWindow(uint offset, BusInitiator initiator) =>
        _perCore && offset is >= CoreWindowStart and < CoreWindowEnd && Registers.At(offset + C1Offset) is not null
            ? offset + (AccessingCore(initiator) == 1 ? C2Offset : C1Offset)
            : offset;

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value) =>
        base.ReadWord(MapCoreWindow(offset, initiator), initiator, out value);

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator) =>
        base.WriteWord(MapCoreWindow(offset, initiator), value, laneMask, initiator);
}
