using System.Buffers.Binary;

namespace Stm32.Build.VirtualBoard.Probe;

public sealed partial class VirtualStLink
{
    // ARMv7-M debug registers (ARMv7-M ARM DDI0403E, C1.6): DHCSR, DCRSR, DCRDR, and AIRCR (B3.2.6).
    private const uint Dhcsr = 0xE000EDF0, Dcrsr = 0xE000EDF4, Dcrdr = 0xE000EDF8, Aircr = 0xE000ED0C;
    private const uint DhcsrKey = 0xA05F0000, CDebugEn = 1u << 0, CHalt = 1u << 1, CStep = 1u << 2, CMaskInts = 1u << 3;
    private const uint SHalt = 1u << 17, SRegRdy = 1u << 16;
    private const uint DcrsrWrite = 1u << 16;
    private const uint AircrSysResetReq = 0x05FA0004; // VECTKEY 0x05FA, SYSRESETREQ (bit 2)
    private const int RegisterReadyPolls = 8;

    // The DP's CTRL/STAT power-up request bits (ADIv5.2 B2.2.2).
    private const uint CtrlStatPowerUpReq = (1u << 28) | (1u << 30);
    private const uint CtrlStatPowerUpAck = (1u << 29) | (1u << 31);

    /// <summary>ENTER's third byte: SWD without reset (0xA3), JTAG without reset (0xA4), JTAG with reset (0x00).</summary>
    private const byte EnterSwd = 0xA3;

    /// <summary>
    /// The SWD clock table of ST-LINK/V2 (divisor → kHz), from OpenOCD 0.12 <c>stlink_khz_to_speed_map_swd</c>.
    /// </summary>
    private static readonly (int Khz, int Divisor)[] s_v2SwdSpeeds =
        [(4000, 0), (1800, 1), (1200, 2), (950, 3), (480, 7), (240, 15), (125, 31), (100, 40), (50, 79), (25, 158), (15, 265), (5, 798)];

    /// <summary>
    /// STLINK-V3 SWD frequencies in kHz as GET_COM_FREQ lists them (24 MHz down to 5 kHz; 3300 and 1000 kHz are
    /// what OpenOCD logs show it picking for its usual 4000 and 1800 kHz requests).
    /// </summary>
    private static readonly int[] s_v3SwdSpeeds = [24000, 8000, 3300, 1000, 200, 50, 5];

    /// <summary>STLINK-V3 JTAG frequencies in kHz (listed for GET_COM_FREQ; JTAG itself is not modelled).</summary>
    private static readonly int[] s_v3JtagSpeeds = [21333, 16000, 12000, 8000, 6000, 4000, 3000, 2000, 1000, 500];

    private int ExecuteDebug(ReadOnlySpan<byte> cmd, ReadOnlySpan<byte> dataOut, int inLength)
    {
        var sub = (StLinkDebugCommand)cmd[1];
        switch (sub)
        {
            case StLinkDebugCommand.Enter:
                return Status(Enter(cmd[2]));
            case StLinkDebugCommand.Exit:
                LeaveDebugMode();
                return 0;
            case StLinkDebugCommand.ReadIdCodes:
                return ReadIdCodes();
            case StLinkDebugCommand.ReadCoreId:
                ReadIdCodes();
                _reply.AsSpan(4, 4).CopyTo(_reply);
                return 4;
            case StLinkDebugCommand.DriveNrst:
                return Status(DriveNrst(cmd[2]));
            case StLinkDebugCommand.ResetSys:
                return Status(WriteWord(0, Aircr, AircrSysResetReq));
            case StLinkDebugCommand.ReadDebugReg:
                return ReadDebugRegister(BinaryPrimitives.ReadUInt32LittleEndian(cmd[2..]));
            case StLinkDebugCommand.WriteDebugReg:
                return Status(WriteWord(0, BinaryPrimitives.ReadUInt32LittleEndian(cmd[2..]), BinaryPrimitives.ReadUInt32LittleEndian(cmd[6..])));
            case StLinkDebugCommand.ReadReg:
                return ReadCoreRegister(cmd[2]);
            case StLinkDebugCommand.WriteReg:
                return Status(WriteCoreRegister(cmd[2], BinaryPrimitives.ReadUInt32LittleEndian(cmd[3..])));
            case StLinkDebugCommand.ReadAllRegs:
                return ReadAllRegisters();
            case StLinkDebugCommand.GetStatus:
                return CoreStatus();
            case StLinkDebugCommand.ForceDebug:
                return Status(WriteWord(0, Dhcsr, DhcsrKey | CHalt | CDebugEn));
            case StLinkDebugCommand.RunCore:
                return Status(WriteWord(0, Dhcsr, DhcsrKey | CDebugEn));
            case StLinkDebugCommand.StepCore:
                return Status(WriteWord(0, Dhcsr, DhcsrKey | CStep | CMaskInts | CDebugEn));
            case StLinkDebugCommand.GetLastRwStatus:
                return Status(_lastRwStatus);
            case StLinkDebugCommand.GetLastRwStatus2 when Firmware.HasLastRwStatus2:
                _reply[0] = (byte)_lastRwStatus;
                BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), _lastFaultAddress);
                return 12;
            case StLinkDebugCommand.SwdSetFreq when Firmware.HasSwdSetFreq:
                return Status(SetV2Frequency(BinaryPrimitives.ReadUInt16LittleEndian(cmd[2..])));
            case StLinkDebugCommand.JtagSetFreq when Firmware.HasDapRegisters && !Firmware.IsV3:
                return Status(StLinkStatus.Ok); // JTAG is not modelled; the divisor is accepted and ignored
            case StLinkDebugCommand.GetComFreq when Firmware.IsV3:
                return GetComFrequencies(cmd[2] != 0);
            case StLinkDebugCommand.SetComFreq when Firmware.IsV3:
                return SetComFrequency(cmd[2] != 0, BinaryPrimitives.ReadUInt32LittleEndian(cmd[4..]));
            case StLinkDebugCommand.StartTraceRx or StLinkDebugCommand.StopTraceRx when Firmware.HasTargetVoltage:
                return Status(StLinkStatus.Ok); // SWO capture is not modelled: accepted, never any data
            case StLinkDebugCommand.GetTraceNb when Firmware.HasTargetVoltage:
                return 2; // zero bytes of trace waiting
            case StLinkDebugCommand.ReadDapReg when Firmware.HasDapRegisters:
                return ReadDapRegister(BinaryPrimitives.ReadUInt16LittleEndian(cmd[2..]), BinaryPrimitives.ReadUInt16LittleEndian(cmd[4..]));
            case StLinkDebugCommand.WriteDapReg when Firmware.HasDapRegisters:
                return Status(WriteDapRegister(BinaryPrimitives.ReadUInt16LittleEndian(cmd[2..]), BinaryPrimitives.ReadUInt16LittleEndian(cmd[4..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(cmd[6..])));
            case StLinkDebugCommand.InitAp when Firmware.HasApInit:
                return Status(OpenAp(cmd[2]));
            case StLinkDebugCommand.CloseApDbg when Firmware.HasApInit:
                _openAps.Remove(cmd[2]);
                return Status(StLinkStatus.Ok);
            case StLinkDebugCommand.ReadMem8 or StLinkDebugCommand.ReadMem32
                or StLinkDebugCommand.ReadMem16 when sub != StLinkDebugCommand.ReadMem16 || Firmware.HasMem16:
                return ReadMemory(cmd, sub, increment: true);
            case StLinkDebugCommand.ReadMem32NoAddrInc when Firmware.HasMultiAp:
                return ReadMemory(cmd, StLinkDebugCommand.ReadMem32, increment: false);
            case StLinkDebugCommand.WriteMem8 or StLinkDebugCommand.WriteMem32
                or StLinkDebugCommand.WriteMem16 when sub != StLinkDebugCommand.WriteMem16 || Firmware.HasMem16:
                WriteMemory(cmd, dataOut, sub, increment: true);
                return 0;
            case StLinkDebugCommand.WriteMem32NoAddrInc when Firmware.HasMem16:
                WriteMemory(cmd, dataOut, StLinkDebugCommand.WriteMem32, increment: false);
                return 0;
            case StLinkDebugCommand.RwMiscOut when Firmware.HasMultiAp:
                return RwMiscOut(cmd, dataOut);
            case StLinkDebugCommand.RwMiscIn when Firmware.HasMultiAp:
                return RwMiscIn();
            default:
                // A debug command this firmware does not have: JTAG_UNKNOWN_CMD in the status byte.
                return Status(StLinkStatus.UnknownCommand, Math.Clamp(inLength, 0, 2));
        }
    }

    /// <summary>
    /// ENTER: SWD only (JTAG answers JTAG_GET_IDCODE_ERROR: the board models the SW-DP only). The firmware selects
    /// SWD, reads DPIDR (no answer: JTAG_GET_IDCODE_ERROR), clears sticky errors and powers the debug and system
    /// domains up.
    /// </summary>
    private StLinkStatus Enter(byte how)
    {
        if (how != EnterSwd)
        {
            return StLinkStatus.JtagGetIdcodeError;
        }
        Mode = StLinkMode.Debug;
        _swd.LineReset();
        var ack = _swd.ReadDp(0x0, out _);
        if (ack != SwdAck.Ok)
        {
            return ack == SwdAck.NoResponse ? StLinkStatus.JtagGetIdcodeError : SwdLink.DpStatus(ack);
        }
        ack = _swd.ClearStickyErrors();
        if (ack == SwdAck.Ok) ack = _swd.WriteDp(0x8, 0);
        if (ack == SwdAck.Ok) ack = _swd.WriteDp(0x4, CtrlStatPowerUpReq);
        if (ack != SwdAck.Ok)
        {
            return SwdLink.DpStatus(ack);
        }
        for (var poll = 0; poll < 4; poll++)
        {
            ack = _swd.ReadDp(0x4, out var ctrlStat);
            if (ack != SwdAck.Ok)
            {
                return SwdLink.DpStatus(ack);
            }
            if ((ctrlStat & CtrlStatPowerUpAck) == CtrlStatPowerUpAck)
            {
                return StLinkStatus.Ok;
            }
        }
        return StLinkStatus.NoDeviceConnected;
    }

    private int ReadIdCodes()
    {
        if (Mode != StLinkMode.Debug)
        {
            return Status(StLinkStatus.JtagGetIdcodeError, 12);
        }
        var ack = _swd.ReadDp(0x0, out var dpidr);
        _reply[0] = (byte)(ack == SwdAck.NoResponse ? StLinkStatus.JtagGetIdcodeError : SwdLink.DpStatus(ack));
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), ack == SwdAck.Ok ? dpidr : 0);
        return 12;
    }

    /// <summary>DRIVE_NRST: 0 drives NRST low, 1 releases it, 2 pulses it (low for 1 ms of virtual time, then released).</summary>
    private StLinkStatus DriveNrst(byte level)
    {
        switch (level)
        {
            case 0: _swd.Wire.NrstDrivenLow = true; break;
            case 1: _swd.Wire.NrstDrivenLow = false; break;
            case 2:
                _swd.Wire.NrstDrivenLow = true;
                _clock.Advance(1_000_000);
                _swd.Wire.NrstDrivenLow = false;
                break;
            default: return StLinkStatus.Fault;
        }
        return StLinkStatus.Ok;
    }

    private int ReadDebugRegister(uint address)
    {
        var status = ReadWord(0, address, out var value);
        _reply[0] = (byte)status;
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), value);
        return 8;
    }

    private int CoreStatus()
    {
        var status = ReadWord(0, Dhcsr, out var dhcsr);
        _reply[0] = status != StLinkStatus.Ok ? (byte)status : (dhcsr & SHalt) != 0 ? (byte)0x81 : (byte)0x80;
        return 2;
    }

    /// <summary>READREG: DCRSR ← REGSEL, poll DHCSR.S_REGRDY, read DCRDR (ARMv7-M C1.6.3).</summary>
    private int ReadCoreRegister(byte regsel)
    {
        var status = TransferCoreRegister(regsel, write: false, 0, out var value);
        _reply[0] = (byte)status;
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), value);
        return 8;
    }

    private StLinkStatus WriteCoreRegister(byte regsel, uint value) => TransferCoreRegister(regsel, write: true, value, out _);

    /// <summary>READALLREGS: status word, then REGSEL 0–20 (R0–R15, xPSR, MSP, PSP, the special-register word at 20).</summary>
    private int ReadAllRegisters()
    {
        var status = StLinkStatus.Ok;
        for (var reg = 0; reg <= 20 && status == StLinkStatus.Ok; reg++)
        {
            status = TransferCoreRegister((byte)reg, write: false, 0, out var value);
            BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4 + reg * 4), value);
        }
        _reply[0] = (byte)status;
        return 88;
    }

    private StLinkStatus TransferCoreRegister(byte regsel, bool write, uint value, out uint result)
    {
        result = 0;
        StLinkStatus status;
        if (write)
        {
            status = WriteWord(0, Dcrdr, value);
            if (status != StLinkStatus.Ok) return status;
        }
        status = WriteWord(0, Dcrsr, (write ? DcrsrWrite : 0) | (regsel & 0x7Fu));
        if (status != StLinkStatus.Ok) return status;
        for (var poll = 0; poll < RegisterReadyPolls; poll++)
        {
            status = ReadWord(0, Dhcsr, out var dhcsr);
            if (status != StLinkStatus.Ok) return status;
            if ((dhcsr & SRegRdy) != 0)
            {
                return write ? StLinkStatus.Ok : ReadWord(0, Dcrdr, out result);
            }
        }
        return StLinkStatus.Fault; // S_REGRDY never came (core not halted): the firmware gives up
    }

    private StLinkStatus SetV2Frequency(ushort divisor)
    {
        foreach (var (khz, d) in s_v2SwdSpeeds)
        {
            if (d == divisor)
            {
                _swd.FrequencyKhz = khz;
                return StLinkStatus.Ok;
            }
        }
        return StLinkStatus.FreqNotSupported;
    }

    /// <summary>GET_COM_FREQ (V3): status, then at byte 8 the count and from byte 12 the frequencies in kHz (52 bytes).</summary>
    private int GetComFrequencies(bool jtag)
    {
        var table = jtag ? s_v3JtagSpeeds : s_v3SwdSpeeds;
        _reply[0] = (byte)StLinkStatus.Ok;
        _reply[8] = (byte)table.Length;
        for (var i = 0; i < table.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(12 + 4 * i), (uint)table[i]);
        }
        return 52;
    }

    /// <summary>SET_COM_FREQ (V3): the highest listed frequency not above the request; below the lowest, JTAG_CMD_ERROR (0x08, as psdb notes).</summary>
    private int SetComFrequency(bool jtag, uint khz)
    {
        var table = jtag ? s_v3JtagSpeeds : s_v3SwdSpeeds;
        var chosen = table.Where(f => f <= khz).DefaultIfEmpty(-1).Max();
        if (chosen < 0)
        {
            _reply[0] = (byte)StLinkStatus.CmdError;
            return 8;
        }
        if (!jtag)
        {
            _swd.FrequencyKhz = chosen;
        }
        _reply[0] = (byte)StLinkStatus.Ok;
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), (uint)chosen);
        return 8;
    }
}
