using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 alternate-function I/O block (RM0008 9.4) from the register table (AFIO: EVCR, MAPR, EXTICR1-4,
/// MAPR2), with the serial-wire/JTAG configuration that decides whether the debugger can reach the chip: on the F1
/// the debug pins are not chosen by the GPIO registers but by AFIO_MAPR.SWJ_CFG (9.3.5, 9.4.2):
/// <list type="bullet">
/// <item>000 (reset) full SWJ, 001 without NJTRST, 010 JTAG-DP off and SW-DP on (what CubeMX writes for SYS &gt;
/// Debug = Serial Wire): SWD answers whatever GPIOA_CRH says about PA13/PA14;</item>
/// <item>100: JTAG-DP and SW-DP off, PA13 (SWDIO) and PA14 (SWCLK) released to GPIO: the debug port falls silent
/// until a reset puts SWJ_CFG back to 000 (NRST held low resets it, which is why connect-under-reset gets in).</item>
/// </list>
/// SWJ_CFG is write-only (it reads 0, 9.4.2). The release of the SWD pins is a
/// <see cref="ChipEventKind.DebugPinReassigned"/> event per pin, with the time and the instruction. The AFIO clock
/// (RCC_APB2ENR.AFIOEN) must run for writes to take effect. The remaps of the other peripherals are storage.
/// </summary>
public sealed class F1Afio : Peripheral, IDebugBlocker
{
    /// <summary>SWJ_CFG = 100: JTAG-DP and SW-DP disabled (RM0008 9.4.2).</summary>
    public const uint SwjDisabled = 0b100;

    private readonly PeripheralClock _clock;
    private readonly Register _mapr;
    private DebugPinChange? _swdOff;

    /// <summary>Declares AFIO from its register-table entry.</summary>
    public F1Afio(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _clock = new PeripheralClock(context, info.Name, 0);
        Registers.Declare(info);
        _mapr = Registers["MAPR"];
        _mapr["SWJ_CFG"].OnChange((_, value) => SwjChanged(value));
        _mapr.Modelled();
    }

    /// <summary>The SWJ_CFG value written since the last reset.</summary>
    public uint SwjConfiguration => _mapr["SWJ_CFG"].Value;

    /// <summary>Whether the SW-DP is switched off (SWJ_CFG = 100).</summary>
    public bool SerialWireDisabled => SwjConfiguration == SwjDisabled;

    /// <inheritdoc />
    public string? Reason => !SerialWireDisabled ? null :
        "the SWD pins were taken by firmware: AFIO_MAPR.SWJ_CFG = 100 switched off the SW-DP and released SWDIO (PA13) and SWCLK (PA14) to GPIO" +
        Origin() + ". SWD answers again after a reset restores SWJ_CFG (connect under reset: NRST held low while connecting)";

    /// <inheritdoc />
    /// <remarks>With the SW-DP switched off nothing drives SWDIO: no acknowledge at all.</remarks>
    public bool SilencesDebugPort => true;

    /// <inheritdoc />
    public string? AccessPortReason(int apIndex) => Reason;

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        _swdOff = null;
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        if (!_clock.IsRunning)
        {
            Context.Log.Add(new UnmodelledAccess(Name, Registers.At(offset)?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, value & laneMask,
                "ignored: the AFIO clock is off (RCC_APB2ENR.AFIOEN is clear)"));
            return BusStatus.Ok;
        }
        return base.WriteWord(offset, value, laneMask, initiator);
    }

    private string Origin() => _swdOff is not { } c
        ? ""
        : c.Core < 0
            ? string.Create(CultureInfo.InvariantCulture, $", written by the debugger at {c.TimeNs / 1e6:0.###} ms")
            : string.Create(CultureInfo.InvariantCulture, $", written by core {c.Core} at 0x{c.Pc:X8} at {c.TimeNs / 1e6:0.###} ms");

    private void SwjChanged(uint value)
    {
        if (value != SwjDisabled)
        {
            return; // other values keep the SW-DP (RM0008 9.3.5: 000, 001, 010; the rest change nothing)
        }
        foreach (var pin in DebugPin.SerialWireJtag.Where(p => p.Swd))
        {
            _swdOff = new DebugPinChange(pin, new PinConfiguration(PinMode.Input, 0), Context.Now, Context.CurrentCore, Context.CurrentPc);
            Context.Record(ChipEventKind.DebugPinReassigned, $"{Name}.MAPR", _mapr.Address, value << 24,
                $"{pin.Signal} ({pin.Name}) released to GPIO by AFIO_MAPR.SWJ_CFG = 100: SWD stops answering until a reset restores SWJ_CFG");
        }
    }
}
