using Stm32.Build.Devices;

namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>
/// The STM32H7's SW-DP (DPv2, ADIv5.2 IHI0031 chapters B2 and B4) with its MEM-APs, over the chip.
/// Models: the JTAG-to-SWD switch and line reset (the DP answers nothing until then, and only a DPIDR read right
/// after it); ABORT; CTRL/STAT with the CDBGPWRUPREQ/ACK and CSYSPWRUPREQ/ACK handshake, STICKYERR, STICKYORUN,
/// STICKYCMP, WDATAERR and READOK; SELECT (APSEL, APBANKSEL, DPBANKSEL); RESEND; RDBUFF; TARGETID and DLPIDR in
/// banks 2 and 3; posted AP reads; a failed AP transaction sets STICKYERR and every later AP access (and every DP
/// access except DPIDR/CTRL-STAT/RESEND reads and ABORT writes) is answered FAULT until ABORT.STKERRCLR.
/// Board-level faults (<see cref="BoardFault"/>) act here: a DP that does not drive the line answers
/// <see cref="SwdAck.NoResponse"/>.
/// </summary>
public sealed class SwDebugPort : ISwdTarget
{
    /// <summary>TARGETID (ADIv5.2 B2.2.11): TPARTNO = DEV_ID, TDESIGNER = ST (JEP106 bank 0, code 0x20), bit 0 = 1.</summary>
    private readonly uint _targetId;

    /// <summary>DLPIDR (B2.2.4): PROTVSN = 1 (SWD protocol version 2), TINSTANCE = 0.</summary>
    public const uint DlpidrValue = 0x00000001;

    private const uint SelectApSelMask = 0xFF000000;
    private const uint SelectApBankMask = 0x000000F0;
    private const uint SelectDpBankMask = 0x0000000F;
    private const uint CtrlStatWritable = (uint)(DpCtrlStat.OrunDetect | DpCtrlStat.CDbgRstReq | DpCtrlStat.CDbgPwrUpReq | DpCtrlStat.CSysPwrUpReq);
    private const DpCtrlStat StickyFlags = DpCtrlStat.StickyErr | DpCtrlStat.StickyCmp | DpCtrlStat.StickyOrun | DpCtrlStat.WDataErr;

    private readonly IDebugPortTarget _target;
    private readonly VirtualClock _clock;
    private readonly Dictionary<int, MemAccessPort> _aps = [];
    private readonly uint _dpidr;
    private DpCtrlStat _ctrlStat;
    private uint _select;
    private uint _apReadBuffer;
    private uint _lastRead;
    private bool _swdSelected;
    private bool _awaitingIdRead;
    private bool _nrstDrivenLow;

    /// <summary>Creates the debug port of <paramref name="device"/> over <paramref name="target"/>.</summary>
    public SwDebugPort(DeviceDescription device, IDebugPortTarget target, VirtualClock clock, BoardFaultSet faults, double supplyVoltage)
    {
        ArgumentNullException.ThrowIfNull(device);
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Faults = faults ?? throw new ArgumentNullException(nameof(faults));
        SupplyVoltage = supplyVoltage;
        _dpidr = device.DpIdcode;
        _targetId = ((uint)(device.DevId & 0xFFFF) << 12) | (0x020u << 1) | 1u;
        foreach (var ap in device.AccessPorts)
        {
            _aps[ap.Index] = new MemAccessPort(ap.Index, ap.Kind, target);
        }
    }

    /// <summary>The board-level faults acting on the debug port.</summary>
    public BoardFaultSet Faults { get; }

    /// <summary>The supply voltage of the board when the target is powered.</summary>
    public double SupplyVoltage { get; }

    /// <summary>The access port with index <paramref name="index"/>, or null.</summary>
    public MemAccessPort? AccessPort(int index) => _aps.GetValueOrDefault(index);

    /// <summary>The CTRL/STAT value a debugger reads now.</summary>
    public uint CtrlStat => (uint)_ctrlStat;

    /// <summary>Whether the DP currently drives the SWDIO line (powered, no board fault silencing it).</summary>
    public bool IsResponding
    {
        get
        {
            _target.AdvanceTo(_clock.Nanoseconds);
            return _target.Powered && _target.DebugPortSilentReason is null && !Faults.SilencesDebugPort;
        }
    }

    /// <inheritdoc />
    public double TargetVoltage => _target.Powered ? SupplyVoltage : 0.0;

    /// <inheritdoc />
    public bool NrstDrivenLow
    {
        get => _nrstDrivenLow;
        set
        {
            _nrstDrivenLow = value;
            if (!Faults.Has(BoardFaultKind.NrstUnwired))
            {
                _target.AdvanceTo(_clock.Nanoseconds);
                _target.NrstLow = value;
            }
        }
    }

    /// <summary>The chip lost power or was power-cycled: the debug logic is reset and SWD must be selected again.</summary>
    public void PowerCycled(bool boot0High)
    {
        _swdSelected = false;
        _awaitingIdRead = false;
        _ctrlStat = 0;
        _select = 0;
        _apReadBuffer = 0;
        _lastRead = 0;
        foreach (var ap in _aps.Values)
        {
            ap.Reset();
        }
    }

    /// <inheritdoc />
    public void LineReset()
    {
        if (!IsResponding)
        {
            return;
        }
        // ADIv5.2 B4.3.3: after the JTAG-to-SWD sequence and a line reset the DP is in the reset state and the first
        // transfer must be a DPIDR read. The model clears DPBANKSEL and keeps APSEL, APBANKSEL and the sticky flags.
        _swdSelected = true;
        _awaitingIdRead = true;
        _select &= ~SelectDpBankMask;
    }

    /// <inheritdoc />
    public SwdAck ReadDp(byte address, out uint value)
    {
        value = 0;
        if (!Ready(isDpidrRead: address == (byte)DpRegister.DpidrAbort))
        {
            return SwdAck.NoResponse;
        }
        var allowedWhileSticky = address is (byte)DpRegister.DpidrAbort or (byte)DpRegister.ResendSelect
            || (address == (byte)DpRegister.Banked && (_select & SelectDpBankMask) == 0);
        if (HasSticky && !allowedWhileSticky)
        {
            return SwdAck.Fault;
        }
        switch ((DpRegister)address)
        {
            case DpRegister.DpidrAbort:
                value = _dpidr;
                break;
            case DpRegister.Banked:
                value = (_select & SelectDpBankMask) switch
                {
                    0 => ReadCtrlStat(),
                    1 => 0,                 // DLCR: TURNROUND = 1 cycle, MODE = 0 (synchronous)
                    2 => _targetId,
                    3 => DlpidrValue,
                    4 => 0,                 // EVENTSTAT: no event
                    _ => 0,
                };
                break;
            case DpRegister.ResendSelect:
                value = _lastRead;
                return SwdAck.Ok;
            case DpRegister.RdbuffTargetsel:
                value = _apReadBuffer;
                _ctrlStat |= DpCtrlStat.ReadOk;
                break;
        }
        _lastRead = value;
        return SwdAck.Ok;
    }

    /// <inheritdoc />
    public SwdAck WriteDp(byte address, uint value)
    {
        if (!Ready(isDpidrRead: false))
        {
            return SwdAck.NoResponse;
        }
        if (HasSticky && address != (byte)DpRegister.DpidrAbort)
        {
            return SwdAck.Fault;
        }
        switch ((DpRegister)address)
        {
            case DpRegister.DpidrAbort:
                var abort = (DpAbort)value;
                if (abort.HasFlag(DpAbort.StkErrClr)) _ctrlStat &= ~DpCtrlStat.StickyErr;
                if (abort.HasFlag(DpAbort.StkCmpClr)) _ctrlStat &= ~DpCtrlStat.StickyCmp;
                if (abort.HasFlag(DpAbort.WdErrClr)) _ctrlStat &= ~DpCtrlStat.WDataErr;
                if (abort.HasFlag(DpAbort.OrunErrClr)) _ctrlStat &= ~DpCtrlStat.StickyOrun;
                break;
            case DpRegister.Banked:
                if ((_select & SelectDpBankMask) == 0)
                {
                    WriteCtrlStat(value);
                }
                // DLCR and the read-only banks: writes ignored (DLCR TURNROUND other than 1 is not modelled).
                break;
            case DpRegister.ResendSelect:
                _select = value;
                break;
            case DpRegister.RdbuffTargetsel:
                // TARGETSEL is only acted on right after a line reset in multi-drop; the H7 DP is single-drop.
                break;
        }
        return SwdAck.Ok;
    }

    /// <inheritdoc />
    public SwdAck ReadAp(byte address, out uint value)
    {
        value = 0;
        if (!Ready(isDpidrRead: false))
        {
            return SwdAck.NoResponse;
        }
        if (HasSticky)
        {
            return SwdAck.Fault;
        }
        // Posted read (ADIv5.2 B4.2.4): the ACK is OK and the data phase carries the previous AP read's result;
        // the result of this read is in RDBUFF. A failed transaction sets STICKYERR after the ACK.
        value = _apReadBuffer;
        _lastRead = value;
        var result = AccessAp(write: false, address, out var data);
        _apReadBuffer = result == ApResult.Ok ? data : 0;
        if (result == ApResult.Ok)
        {
            _ctrlStat |= DpCtrlStat.ReadOk;
        }
        else
        {
            _ctrlStat = (_ctrlStat & ~DpCtrlStat.ReadOk) | DpCtrlStat.StickyErr;
        }
        return SwdAck.Ok;
    }

    /// <inheritdoc />
    public SwdAck WriteAp(byte address, uint value)
    {
        if (!Ready(isDpidrRead: false))
        {
            return SwdAck.NoResponse;
        }
        if (HasSticky)
        {
            return SwdAck.Fault;
        }
        var data = value;
        if (AccessAp(write: true, address, out _, data) != ApResult.Ok)
        {
            _ctrlStat |= DpCtrlStat.StickyErr;
        }
        return SwdAck.Ok;
    }

    private bool HasSticky => (_ctrlStat & StickyFlags) != 0;

    private bool Ready(bool isDpidrRead)
    {
        if (!IsResponding || !_swdSelected)
        {
            return false;
        }
        if (_awaitingIdRead)
        {
            if (!isDpidrRead)
            {
                return false; // protocol error: the DP stays in its reset state and does not drive the line
            }
            _awaitingIdRead = false;
        }
        return true;
    }

    private ApResult AccessAp(bool write, byte address, out uint data, uint value = 0)
    {
        data = 0;
        var apsel = (int)((_select & SelectApSelMask) >> 24);
        var register = (byte)((_select & SelectApBankMask) | (address & 0x0Cu));
        if (!_aps.TryGetValue(apsel, out var ap))
        {
            // A non-existent AP: reads as zero (IDR = 0 tells the debugger nothing is there), writes ignored (C1.2).
            return ApResult.Ok;
        }
        if ((_ctrlStat & DpCtrlStat.CDbgPwrUpAck) == 0 && register is not ((byte)MemApRegister.Idr or (byte)MemApRegister.Base or (byte)MemApRegister.Cfg))
        {
            return ApResult.BusError; // the debug domain is powered down: no AP transaction can be made
        }
        return write ? ap.Write(register, value) : ap.Read(register, out data);
    }

    private uint ReadCtrlStat()
    {
        var value = _ctrlStat & ~(DpCtrlStat.CDbgPwrUpAck | DpCtrlStat.CSysPwrUpAck | DpCtrlStat.CDbgRstAck);
        // The power controller acknowledges a request as soon as it is made, while the target is powered (B2.2.2).
        if (_ctrlStat.HasFlag(DpCtrlStat.CDbgPwrUpReq)) value |= DpCtrlStat.CDbgPwrUpAck;
        if (_ctrlStat.HasFlag(DpCtrlStat.CSysPwrUpReq)) value |= DpCtrlStat.CSysPwrUpAck;
        if (_ctrlStat.HasFlag(DpCtrlStat.CDbgRstReq)) value |= DpCtrlStat.CDbgRstAck;
        return (uint)value;
    }

    private void WriteCtrlStat(uint value)
    {
        var keep = _ctrlStat & ~(DpCtrlStat)CtrlStatWritable;
        _ctrlStat = keep | (DpCtrlStat)(value & CtrlStatWritable);
        if (_ctrlStat.HasFlag(DpCtrlStat.CDbgPwrUpReq)) _ctrlStat |= DpCtrlStat.CDbgPwrUpAck; else _ctrlStat &= ~DpCtrlStat.CDbgPwrUpAck;
        if (_ctrlStat.HasFlag(DpCtrlStat.CSysPwrUpReq)) _ctrlStat |= DpCtrlStat.CSysPwrUpAck; else _ctrlStat &= ~DpCtrlStat.CSysPwrUpAck;
        if (!_ctrlStat.HasFlag(DpCtrlStat.CDbgPwrUpReq))
        {
            foreach (var ap in _aps.Values)
            {
                ap.Reset(); // debug power-down resets the AP registers
            }
        }
    }
}
