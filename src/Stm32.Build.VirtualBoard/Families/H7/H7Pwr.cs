using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The STM32H7 power controller (RM0399 chapter 7; RM0433/RM0468 chapter 7 where they differ), declared from the
/// register table: the supply configuration latched once per power-on in PWR_CR3 and checked against the board's
/// wiring (<see cref="H7Pwr"/>.Supply), voltage scaling (PWR_D3CR VOS with VOSRDY, VOS0 through SYSCFG_PWRCR.ODEN,
/// PWR_CSR1 ACTVOS/ACTVOSRDY), the backup-domain write protection (PWR_CR1.DBP) and the per-CPU low-power control
/// (PWR_CPUCR, PWR_CPU2CR: PDDS_Dx, RUN_D3, the Stop/Standby flags and CSSF) read by <see cref="H7DomainPower"/>.
/// </summary>
public sealed partial class H7Pwr : Peripheral
{
    // PWR_CPUCR / PWR_CPU2CR bit positions (RM0399 7.8, PWR_CPUCR).
    private const int PddsD1 = 0, RunD3 = 11, StopF = 5, Sbf = 6, SbfD1 = 7, SbfD2 = 8, Cssf = 9;
    private const uint LowPowerFlags = (1u << StopF) | (1u << Sbf) | (1u << SbfD1) | (1u << SbfD2);

    private readonly Register _cr1;
    private readonly Register _d3cr;
    private readonly List<Register> _cpuControl = [];
    private readonly bool _vos00IsScale0;
    private long _vosReadyAt = long.MinValue;
    private uint _appliedVos = 1;
    private bool _appliedOverdrive;
    private bool _overdriveRequested;
    private int _epoch;

    /// <summary>Declares PWR from its register-table entry and attaches its behaviour.</summary>
    public H7Pwr(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        Registers.Declare(info);
        HasSmps = H7SupplyConfiguration.HasSmps(context.Device);
        // RM0468 (STM32H723/733) PWR_D3CR VOS: 00 selects scale 0; RM0399/RM0433: 00 is reserved, VOS0 is scale 1 + ODEN.
        _vos00IsScale0 = context.Device.DevId != 0x450;

        _cr1 = Registers["CR1"];
        _cr1.Bit(0, "LPDS");
        _cr1.Bit(8, "DBP");
        _cr1.Bit(4, "PVDE").Unmodelled("the programmable voltage detector is not modelled (PVDO stays 0)");
        _cr1.Bit(16, "AVDEN").Unmodelled("the analog voltage detector is not modelled");
        Registers["CR2"].Bit(0, "BREN").Unmodelled("the backup regulator is not modelled (backup SRAM is kept while powered)");

        var csr1 = Registers["CSR1"];
        csr1.Bit(13, "ACTVOSRDY", FieldAccess.ReadOnly).WithFlag(() => ActiveVoltageReady);
        csr1.Field(14, 2, "ACTVOS", FieldAccess.ReadOnly).WithValue(() => _appliedVos);

        _d3cr = Registers["D3CR"];
        _d3cr.Bit(13, "VOSRDY", FieldAccess.ReadOnly).WithFlag(() => Context.Now >= _vosReadyAt);
        _d3cr.Field(14, 2, "VOS").OnChange((_, _) => BeginVoltageTransition());

        _cpuControl.Add(Registers["CPUCR"]);
        if (context.Device.Cores.Count > 1)
        {
            _cpuControl.Add(Registers.Ensure(0x14, "CPU2CR", Registers["CPUCR"]));
        }
        foreach (var cpucr in _cpuControl)
        {
            for (var bit = StopF; bit <= SbfD2; bit++)
            {
                cpucr.Bit(bit, bit switch { StopF => "STOPF", Sbf => "SBF", SbfD1 => "SBF_D1", _ => "SBF_D2" }).As(FieldAccess.ReadOnly);
            }
            var register = cpucr;
            cpucr.Bit(Cssf, "CSSF").As(FieldAccess.WriteOnly).OnWrite(set =>
            {
                if (set != 0)
                {
                    register.Value &= ~(LowPowerFlags | (1u << Cssf)); // CSSF: clears this CPU's Stop and Standby flags
                }
            });
            cpucr.Modelled();
        }
        foreach (var name in new[] { "WKUPCR", "WKUPFR", "WKUPEPR" })
        {
            if (Registers.Find(name) is { } wakeup)
            {
                foreach (var field in wakeup.Fields)
                {
                    field.Unmodelled("wake-up pins are not modelled");
                }
            }
        }
        DeclareSupply();
        ApplyReset(ResetKind.PowerOn);
    }

    /// <summary>Whether the part has the SMPS step-down converter (H745/H747/H755/H757).</summary>
    public bool HasSmps { get; }

    /// <summary>The voltage scale in effect (0 to 3): VOS applied, VOS0 when scale 1 and the overdrive are both applied.</summary>
    public int ActiveScale => _appliedVos switch
    {
        3 => _appliedOverdrive ? 0 : 1,
        2 => 2,
        1 => 3,
        _ => _vos00IsScale0 ? 0 : 3,
    };

    /// <summary>Whether software may write the backup domain (RCC_BDCR, RTC, backup SRAM): PWR_CR1.DBP (RM0399 7.8, PWR_CR1).</summary>
    public bool BackupDomainWritable => (_cr1.Value & (1u << 8)) != 0;

    /// <summary>Raised when the applied voltage scale changed (the flash wait-state check listens).</summary>
    internal event Action? ScaleChanged;

    /// <summary>PWR_CPUCR (<paramref name="cpu"/> 0) or PWR_CPU2CR (1).</summary>
    internal Register CpuControl(int cpu) => _cpuControl[Math.Min(cpu, _cpuControl.Count - 1)];

    /// <summary>Whether every CPU selects DStandby for domain <paramref name="domain"/> (1–3) through PDDS_Dx (RM0399 7.7.x: the domain enters DStandby only if all CPUs allow it).</summary>
    internal bool StandbySelected(int domain) => _cpuControl.All(r => (r.Value & (1u << (PddsD1 + domain - 1))) != 0);

    /// <summary>Whether a CPU keeps D3 running (PWR_CPUCR/CPU2CR RUN_D3).</summary>
    internal bool D3KeptRunning => _cpuControl.Any(r => (r.Value & (1u << RunD3)) != 0);

    /// <summary>Sets Stop/Standby flags (bit positions of PWR_CPUCR) in every CPU's register: each CPU clears its own with CSSF.</summary>
    internal void SetLowPowerFlags(uint flags)
    {
        foreach (var register in _cpuControl)
        {
            register.Value |= flags & LowPowerFlags;
        }
    }

    /// <summary>SYSCFG_PWRCR.ODEN changed (RM0399 7.6.2 "VOS0 activation/deactivation sequence").</summary>
    internal void OverdriveWritten(bool on)
    {
        if (on != _overdriveRequested)
        {
            _overdriveRequested = on;
            BeginVoltageTransition();
        }
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        // PWR_CR3 (the supply configuration) and the Stop/Standby flags are reset by a power-on reset only
        // (RM0399 7.8, PWR_CR3 and PWR_CPUCR: "cleared by ... POR or by CSSF").
        var cr3 = _cr3.Value;
        var flags = _cpuControl.Select(r => r.Value & LowPowerFlags).ToArray();
        base.Reset(kind);
        if (kind != ResetKind.PowerOn)
        {
            _cr3.Value = cr3;
            for (var i = 0; i < flags.Length; i++)
            {
                _cpuControl[i].Value |= flags[i];
            }
        }
        ApplyReset(kind);
    }

    private void ApplyReset(ResetKind kind)
    {
        _epoch++;
        _vosReadyAt = long.MinValue;
        _appliedVos = (_d3cr.Value >> 14) & 3;
        _appliedOverdrive = false;
        _overdriveRequested = false;
        if (kind == ResetKind.PowerOn)
        {
            _reportedVos0OnSmps = false;
        }
        ResetSupply(kind);
    }

    /// <summary>
    /// A VOS or ODEN change: VOSRDY drops and rises again after the transition; the new scale applies then. Scale 0
    /// needs VOS = scale 1 and ODEN (RM0399 7.6.2; "VOSRDY ... set when the voltage regulator has reached the level").
    /// </summary>
    private void BeginVoltageTransition()
    {
        var readyAt = Context.Now + H7Timings.VosTransitionNs;
        _vosReadyAt = readyAt;
        var epoch = _epoch;
        Context.Scheduler.Schedule(readyAt, () =>
        {
            if (epoch != _epoch || _vosReadyAt != readyAt)
            {
                return;
            }
            _appliedVos = (_d3cr.Value >> 14) & 3;
            _appliedOverdrive = _overdriveRequested && _appliedVos == 3;
            CheckScaleAgainstSupply();
            ScaleChanged?.Invoke();
        }, "PWR VOS ready");
    }

    /// <summary>
    /// VOS0 is only available when the LDO supplies VCORE: with the SMPS supplying it directly (direct SMPS, or SMPS
    /// for external circuits with the LDO bypassed) VCORE overshoots the absolute maximum (ST's HAL
    /// stm32h7xx_hal_pwr.h: "configuring Voltage Scale 0 is only possible when Vcore is supplied from LDO"; DS12930
    /// general operating conditions: no VOS0 with the SMPS; measured 1.51 V on a NUCLEO-H745ZI-Q in Zephyr issue
    /// #108941). The model applies the scale, as silicon does, and records it once per power-on.
    /// </summary>
    private void CheckScaleAgainstSupply()
    {
        if (ActiveScale != 0 || _reportedVos0OnSmps || LatchedSupply is not { } supply
            || (supply & (H7SupplyConfiguration.SmpsEnable | H7SupplyConfiguration.LdoEnable)) != H7SupplyConfiguration.SmpsEnable)
        {
            return;
        }
        _reportedVos0OnSmps = true;
        Context.Record(ChipEventKind.OutOfSpec, "PWR.D3CR", BaseAddress + 0x18, _d3cr.Value,
            $"VOS0 with the SMPS supplying VCORE directly ({H7SupplyConfiguration.Describe(supply, HasSmps)}): VOS0 is only available " +
            "when the LDO supplies VCORE; VCORE exceeds its maximum rating");
    }

    private bool _reportedVos0OnSmps;

    /// <summary>The chip this block belongs to (for the supply it can collapse).</summary>
    private VirtualChip? Chip => Context.Chip as VirtualChip;
}
