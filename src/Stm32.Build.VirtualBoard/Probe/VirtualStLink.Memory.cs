using System.Buffers.Binary;

namespace Stm32.Build.VirtualBoard.Probe;

public sealed partial class VirtualStLink
{
    // MEM-AP register offsets and CSW fields (ADIv5.2 C2.6).
    private const byte ApCsw = 0x00, ApTar = 0x04, ApDrw = 0x0C, ApIdr = 0xFC;
    private const uint CswSize8 = 0, CswSize16 = 1, CswSize32 = 2, CswAddrIncSingle = 1u << 4;
    /// <summary>The CSW high bits the firmware uses when the host gives none: DbgSwEnable clear, Prot = 0x03 (privileged data).</summary>
    private const uint CswDefaultHigh = 0x03000000;
    private const ushort DapPortDebugPort = 0xFFFF;

    private readonly HashSet<int> _openAps = [];
    private StLinkStatus _lastRwStatus = StLinkStatus.Ok;
    private uint _lastFaultAddress;

    /// <summary>The status GETLASTRWSTATUS(2) reports for the last memory command.</summary>
    public StLinkStatus LastRwStatus => _lastRwStatus;

    /// <summary>The fault address GETLASTRWSTATUS2 reports.</summary>
    public uint LastFaultAddress => _lastFaultAddress;

    private int ReadMemory(ReadOnlySpan<byte> cmd, StLinkDebugCommand kind, bool increment)
    {
        var address = BinaryPrimitives.ReadUInt32LittleEndian(cmd[2..]);
        var length = (int)BinaryPrimitives.ReadUInt16LittleEndian(cmd[6..]);
        var reply = kind == StLinkDebugCommand.ReadMem8 && length == 1 ? 2 : length; // a 1-byte read returns 2 bytes
        Array.Clear(_reply, 0, Math.Min(_reply.Length, reply));
        var size = kind switch { StLinkDebugCommand.ReadMem8 => 1, StLinkDebugCommand.ReadMem16 => 2, _ => 4 };
        var status = CheckMemoryCommand(cmd, size, address, length, out var ap, out var cswHigh);
        if (status == StLinkStatus.Ok)
        {
            status = ReadBlock(ap, cswHigh, address, size, length, increment);
        }
        _lastRwStatus = status;
        return Math.Min(reply, _reply.Length);
    }

    private void WriteMemory(ReadOnlySpan<byte> cmd, ReadOnlySpan<byte> dataOut, StLinkDebugCommand kind, bool increment)
    {
        var address = BinaryPrimitives.ReadUInt32LittleEndian(cmd[2..]);
        var length = (int)BinaryPrimitives.ReadUInt16LittleEndian(cmd[6..]);
        if (dataOut.Length < length)
        {
            throw BadTransfer($"the write of {length} bytes at 0x{address:X8} came with {dataOut.Length} bytes of data");
        }
        var size = kind switch { StLinkDebugCommand.WriteMem8 => 1, StLinkDebugCommand.WriteMem16 => 2, _ => 4 };
        var status = CheckMemoryCommand(cmd, size, address, length, out var ap, out var cswHigh);
        if (status == StLinkStatus.Ok)
        {
            status = WriteBlock(ap, cswHigh, address, size, dataOut[..length], increment);
        }
        _lastRwStatus = status;
    }

    /// <summary>
    /// The firmware's checks on a memory command: debug mode, size (8-bit: at most 64 bytes, 512 on V3J6+; at most
    /// the 6144-byte buffer: JTAG_CMD_ERROR) and alignment (16-bit: even address and length; 32-bit: word address and
    /// length: JTAG_ALIGNMENT_ERROR), the AP number and CSW bits (honoured from V2J32/V3J2) and an opened AP
    /// (INIT_AP, from V2J28: BAD_AP_ERROR).
    /// </summary>
    private StLinkStatus CheckMemoryCommand(ReadOnlySpan<byte> cmd, int size, uint address, int length, out int ap, out uint cswHigh)
    {
        ap = Firmware.HasMultiAp ? cmd[8] : 0;
        cswHigh = Firmware.HasMultiAp ? (uint)(cmd[9] | (cmd[10] << 8) | (cmd[11] << 16)) << 8 : 0;
        _lastFaultAddress = 0;
        if (Mode != StLinkMode.Debug)
        {
            return StLinkStatus.NoDeviceConnected;
        }
        if (size == 1 ? length > Firmware.MaxRw8 : length > StLinkFeatures.DataBufferSize)
        {
            return StLinkStatus.CmdError;
        }
        if (length % size != 0 || address % (uint)size != 0)
        {
            return StLinkStatus.AlignmentError;
        }
        return IsApOpen(ap) ? StLinkStatus.Ok : StLinkStatus.BadApError;
    }

    private bool IsApOpen(int ap) => ap == 0 || !Firmware.HasApInit || _openAps.Contains(ap);

    private StLinkStatus OpenAp(int ap)
    {
        _openAps.Add(ap);
        return StLinkStatus.Ok;
    }

    private static uint CswFor(uint cswHigh, int size, bool increment) =>
        (cswHigh != 0 ? cswHigh : CswDefaultHigh) | (size == 1 ? CswSize8 : size == 2 ? CswSize16 : CswSize32)
        | (increment ? CswAddrIncSingle : 0);

    /// <summary>
    /// Reads a block with posted DRW reads: each read returns the previous one's data and RDBUFF the last; TAR is
    /// rewritten at every 1 KiB boundary (TAR auto-increment is only guaranteed in the low 10 bits). A FAULT on a
    /// read means the previous transaction failed: its address is the fault address.
    /// </summary>
    private StLinkStatus ReadBlock(int ap, uint cswHigh, uint address, int size, int length, bool increment)
    {
        var count = length / size;
        if (count == 0)
        {
            return StLinkStatus.Ok;
        }
        var ack = _swd.WriteAp(ap, ApCsw, CswFor(cswHigh, size, increment));
        if (ack == SwdAck.Ok) ack = _swd.WriteAp(ap, ApTar, address);
        if (ack != SwdAck.Ok)
        {
            return Fail(ack, address);
        }
        var pending = -1;
        for (var i = 0; i < count; i++)
        {
            var at = AddressOf(address, i, size, increment);
            if (i > 0 && increment && (at & 0x3FF) == 0)
            {
                if (pending >= 0)
                {
                    ack = _swd.ReadRdbuff(out var last);
                    if (ack != SwdAck.Ok) return Fail(ack, AddressOf(address, pending, size, increment));
                    Store(pending, AddressOf(address, pending, size, increment), size, last);
                    pending = -1;
                }
                ack = _swd.WriteAp(ap, ApTar, at);
                if (ack != SwdAck.Ok) return Fail(ack, at);
            }
            ack = _swd.ReadApPosted(ap, ApDrw, out var previous);
            if (ack != SwdAck.Ok)
            {
                return Fail(ack, pending >= 0 ? AddressOf(address, pending, size, increment) : at);
            }
            if (pending >= 0)
            {
                Store(pending, AddressOf(address, pending, size, increment), size, previous);
            }
            pending = i;
        }
        ack = _swd.ReadRdbuff(out var final);
        var lastAddress = AddressOf(address, pending, size, increment);
        if (ack != SwdAck.Ok)
        {
            return Fail(ack, lastAddress);
        }
        Store(pending, lastAddress, size, final);
        return StLinkStatus.Ok;
    }

    /// <summary>Writes a block: DRW writes with the data in its byte lanes, TAR rewritten at 1 KiB boundaries, RDBUFF read at the end to learn whether the last write completed.</summary>
    private StLinkStatus WriteBlock(int ap, uint cswHigh, uint address, int size, ReadOnlySpan<byte> data, bool increment)
    {
        var count = data.Length / size;
        if (count == 0)
        {
            return StLinkStatus.Ok;
        }
        var ack = _swd.WriteAp(ap, ApCsw, CswFor(cswHigh, size, increment));
        if (ack == SwdAck.Ok) ack = _swd.WriteAp(ap, ApTar, address);
        if (ack != SwdAck.Ok)
        {
            return Fail(ack, address);
        }
        for (var i = 0; i < count; i++)
        {
            var at = AddressOf(address, i, size, increment);
            var previous = i > 0 ? AddressOf(address, i - 1, size, increment) : at;
            if (i > 0 && increment && (at & 0x3FF) == 0)
            {
                ack = _swd.WriteAp(ap, ApTar, at);
                if (ack != SwdAck.Ok) return Fail(ack, previous);
            }
            var item = size switch
            {
                1 => (uint)data[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]),
            };
            var lane = size == 4 ? 0 : (int)(at & 3) * 8;
            ack = _swd.WriteAp(ap, ApDrw, item << lane);
            if (ack != SwdAck.Ok)
            {
                return Fail(ack, previous);
            }
        }
        ack = _swd.ReadRdbuff(out _);
        return ack == SwdAck.Ok ? StLinkStatus.Ok : Fail(ack, AddressOf(address, count - 1, size, increment));
    }

    private static uint AddressOf(uint start, int index, int size, bool increment) =>
        increment ? unchecked(start + (uint)(index * size)) : start;

    private void Store(int index, uint address, int size, uint drw)
    {
        var offset = index * size;
        switch (size)
        {
            case 1: _reply[offset] = (byte)(drw >> (int)((address & 3) * 8)); break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(_reply.AsSpan(offset), (ushort)(drw >> (int)((address & 2) * 8))); break;
            default: BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(offset), drw); break;
        }
    }

    /// <summary>Records a failed memory access: the status, the fault address, and the sticky flags cleared as the firmware does.</summary>
    private StLinkStatus Fail(SwdAck ack, uint address)
    {
        _lastFaultAddress = address;
        if (ack == SwdAck.Fault)
        {
            _swd.ClearStickyErrors();
        }
        _swd.InvalidateSelect();
        return SwdLink.ApStatus(ack);
    }

    /// <summary>One 32-bit read on an AP (debug registers, DHCSR polls).</summary>
    private StLinkStatus ReadWord(int ap, uint address, out uint value)
    {
        value = 0;
        if (Mode != StLinkMode.Debug)
        {
            return StLinkStatus.NoDeviceConnected;
        }
        var ack = _swd.WriteAp(ap, ApCsw, CswFor(0, 4, increment: false));
        if (ack == SwdAck.Ok) ack = _swd.WriteAp(ap, ApTar, address);
        if (ack == SwdAck.Ok) ack = _swd.ReadApPosted(ap, ApDrw, out _);
        if (ack == SwdAck.Ok) ack = _swd.ReadRdbuff(out value);
        return ack == SwdAck.Ok ? StLinkStatus.Ok : Fail(ack, address);
    }

    /// <summary>One 32-bit write on an AP.</summary>
    private StLinkStatus WriteWord(int ap, uint address, uint value)
    {
        if (Mode != StLinkMode.Debug)
        {
            return StLinkStatus.NoDeviceConnected;
        }
        var ack = _swd.WriteAp(ap, ApCsw, CswFor(0, 4, increment: false));
        if (ack == SwdAck.Ok) ack = _swd.WriteAp(ap, ApTar, address);
        if (ack == SwdAck.Ok) ack = _swd.WriteAp(ap, ApDrw, value);
        if (ack == SwdAck.Ok) ack = _swd.ReadRdbuff(out _);
        return ack == SwdAck.Ok ? StLinkStatus.Ok : Fail(ack, address);
    }

    /// <summary>READ_DAP_REG: port 0xFFFF is the DP (address bits [7:4] = DPBANKSEL), 0–255 an AP; 8-byte reply, value at 4.</summary>
    private int ReadDapRegister(ushort port, ushort address)
    {
        var status = DapAccess(port, address, write: false, 0, out var value);
        _reply[0] = (byte)status;
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), value);
        return 8;
    }

    private StLinkStatus WriteDapRegister(ushort port, ushort address, uint value) =>
        DapAccess(port, address, write: true, value, out _);

    private StLinkStatus DapAccess(ushort port, ushort address, bool write, uint value, out uint result)
    {
        result = 0;
        if (Mode != StLinkMode.Debug)
        {
            return StLinkStatus.NoDeviceConnected;
        }
        SwdAck ack;
        if (port == DapPortDebugPort)
        {
            var bank = (address >> 4) & 0xF;
            var register = (byte)(address & 0xC);
            if (bank != 0 && !Firmware.HasMultiAp)
            {
                return StLinkStatus.UnknownCommand;
            }
            if (bank != 0)
            {
                // Banked DP register: SELECT.DPBANKSEL for this one access, then SELECT as it was.
                _swd.InvalidateSelect();
                ack = _swd.WriteDp(0x8, (uint)bank);
                if (ack == SwdAck.Ok) ack = write ? _swd.WriteDp(register, value) : _swd.ReadDp(register, out result);
                var restore = _swd.WriteDp(0x8, 0);
                _swd.InvalidateSelect();
                if (ack == SwdAck.Ok) ack = restore;
            }
            else
            {
                ack = write ? _swd.WriteDp(register, value) : _swd.ReadDp(register, out result);
            }
            return SwdLink.DpStatus(ack);
        }
        if (port > 0xFF)
        {
            return StLinkStatus.BadApError;
        }
        if (!(address == ApIdr && !write) && !IsApOpen(port))
        {
            return StLinkStatus.BadApError;
        }
        ack = write ? _swd.WriteAp(port, (byte)address, value) : _swd.ReadAp(port, (byte)address, out result);
        return SwdLink.ApStatus(ack);
    }
}
