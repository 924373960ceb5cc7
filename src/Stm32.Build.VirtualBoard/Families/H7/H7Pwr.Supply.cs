using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Boards;

namespace Stm32.Build.VirtualBoard.Families.H7;

public sealed partial class H7Pwr
{
    private const uint Cr3Offset = 0x0C;

    private Register _cr3 = null!;
    private uint _configurationMask;
    private bool _latchPending;
    private long _supplyReadyAt = long.MinValue;

    /// <summary>The supply configuration bits firmware latched in PWR_CR3 since the last power-on, or null when none was written yet.</summary>
    public uint? LatchedSupply { get; private set; }

    /// <summary>Whether the board's wiring takes the latched configuration (true while none is latched).</summary>
    public bool SupplyAccepted { get; private set; } = true;

    /// <summary>Whether the supply and the voltage scale have settled (PWR_CSR1.ACTVOSRDY).</summary>
    public bool ActiveVoltageReady => SupplyAccepted && Context.Now >= _supplyReadyAt && Context.Now >= _vosReadyAt;

    /// <summary>
    /// PWR_CR3 (RM0399 7.8 PWR_CR3; RM0433 7.8 PWR_CR3 with SCUEN): the supply configuration bits are written once
    /// after a power-on reset — the first write latches them and later writes leave them unchanged until the next
    /// power-on (on parts without SMPS, SCUEN reads 1 until then). A configuration the board's wiring does not take
    /// collapses the core supply: the cores stop and the debug port goes silent until the board is power-cycled.
    /// </summary>
    private void DeclareSupply()
    {
        _cr3 = Registers["CR3"];
        _configurationMask = HasSmps ? H7SupplyConfiguration.SmpsConfigurationMask : H7SupplyConfiguration.LdoConfigurationMask;
        if (Context.Board.Supply is { } wiring && !H7SupplyConfiguration.Available(HasSmps).Contains(wiring))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.SupplyNotOnDevice, DiagnosticSeverity.Error,
                $"board '{Context.Board.Name}' is wired for the {SupplyWiringNames.Name(wiring)} supply, which the {Context.Device.Name} does not have " +
                $"(it has no SMPS: {string.Join(", ", H7SupplyConfiguration.Available(HasSmps).Select(SupplyWiringNames.Name))})",
                File: string.IsNullOrEmpty(Context.Board.Source) ? null : Context.Board.Source));
        }
        if (HasSmps)
        {
            _cr3.Bit(2, "SDEN");
            _cr3.Bit(3, "SDEXTHP");
            _cr3.Field(4, 2, "SDLEVEL");
            _cr3.Bit(16, "SDEXTRDY", FieldAccess.ReadOnly).As(FieldAccess.ReadOnly)
                .WithFlag(() => LatchedSupply is { } s && (s & H7SupplyConfiguration.SmpsExternal) != 0 && ActiveVoltageReady);
        }
        else
        {
            _cr3.Bit(2, "SCUEN", FieldAccess.ReadOnly).As(FieldAccess.ReadOnly).WithFlag(() => LatchedSupply is null);
        }
        _cr3.Bit(24, "USB33DEN").Unmodelled("the USB regulator and detector are not modelled");
        _cr3.Bit(25, "USBREGEN").Unmodelled("the USB regulator is not modelled");
        _cr3.Bit(8, "VBE").Unmodelled("VBAT charging is not modelled");
        _cr3.OnWrite(Cr3Written);
        Context.Chip.AddDebugBlocker(new SupplyBlocker(this));
    }

    private void ResetSupply(ResetKind kind)
    {
        if (kind == ResetKind.PowerOn)
        {
            LatchedSupply = null;
            SupplyAccepted = true;
            _supplyReadyAt = long.MinValue;
        }
        _latchPending = false;
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        // The supply bits all sit in the low byte: a write covering it is the one that latches them.
        _latchPending = offset == Cr3Offset && LatchedSupply is null && (laneMask & 0xFF) != 0;
        try
        {
            return base.WriteWord(offset, value, laneMask, initiator);
        }
        finally
        {
            _latchPending = false;
        }
    }

    private void Cr3Written(uint old, uint value)
    {
        if (LatchedSupply is { } latched)
        {
            _cr3.Value = (value & ~_configurationMask) | latched; // written once per power-on: the supply bits stay
            return;
        }
        if (!_latchPending)
        {
            return;
        }
        var configuration = value & _configurationMask;
        LatchedSupply = configuration;
        var wiring = Context.Board.Supply;
        var described = H7SupplyConfiguration.Describe(configuration, HasSmps);
        Context.Record(ChipEventKind.SupplyConfigured, "PWR.CR3", BaseAddress + Cr3Offset, configuration,
            $"supply configuration latched: {described}; the board is wired for {(wiring is { } w ? SupplyWiringNames.Name(w) : "an unspecified supply")}");
        SupplyAccepted = H7SupplyConfiguration.Accepts(wiring, configuration, HasSmps);
        if (!SupplyAccepted)
        {
            Context.Record(ChipEventKind.SupplyLost, "PWR.CR3", BaseAddress + Cr3Offset, configuration,
                $"the core supply collapsed: {described} on a board wired for {SupplyWiringNames.Name(wiring!.Value)} leaves VCORE without a " +
                "working regulator (RM0399 7.4); the cores stop and the debug port stops answering until the board is power-cycled");
            if (Chip is { } chip)
            {
                chip.SupplyLost = true;
            }
            Context.Scheduler.RequestSync(); // the running core stops at this store
            return;
        }
        CheckScaleAgainstSupply();
        var readyAt = Context.Now + H7Timings.SupplySettleNs;
        _supplyReadyAt = readyAt;
        var epoch = _epoch;
        Context.Scheduler.Schedule(readyAt, () =>
        {
            if (epoch == _epoch)
            {
                ScaleChanged?.Invoke();
            }
        }, "PWR supply settled");
    }

    /// <summary>Silences the debug port while the core supply is collapsed.</summary>
    private sealed class SupplyBlocker(H7Pwr pwr) : IDebugBlocker
    {
        public string? Reason => pwr.Chip is { SupplyLost: true } && pwr.LatchedSupply is { } latched
            ? $"the core supply collapsed: firmware latched PWR_CR3 = {H7SupplyConfiguration.Describe(latched, pwr.HasSmps)} on a board wired for " +
              $"{(pwr.Context.Board.Supply is { } w ? SupplyWiringNames.Name(w) : "another supply")}; only a power cycle restores it (with BOOT0 high the firmware does not run again)"
            : null;

        public bool SilencesDebugPort => true;

        public string? AccessPortReason(int apIndex) => Reason;
    }
}
