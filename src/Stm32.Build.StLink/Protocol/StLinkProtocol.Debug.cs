using System.Buffers.Binary;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Protocol;

/// <summary>What DRIVE_NRST does with the probe's NRST line.</summary>
public enum NrstAction : byte
{
    /// <summary>Drive NRST low (STLINK_DEBUG_APIV2_DRIVE_NRST_LOW).</summary>
    Low = 0x00,
    /// <summary>Release NRST (STLINK_DEBUG_APIV2_DRIVE_NRST_HIGH).</summary>
    High = 0x01,
    /// <summary>Pulse NRST low (STLINK_DEBUG_APIV2_DRIVE_NRST_PULSE).</summary>
    Pulse = 0x02,
}

internal sealed partial class StLinkProtocol
{
    /// <summary>READDEBUGREG: one 32-bit read on AP 0 (value at offset 4 of the 8-byte reply).</summary>
    public uint ReadDebugRegister(uint address)
    {
        Span<byte> reply = stackalloc byte[8];
        var cmd = BeginDebug(StLinkDebugCommand.ReadDebugReg);
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[2..], address);
        SendWithRetry("READDEBUGREG", reply, address);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
    }

    /// <summary>WRITEDEBUGREG: one 32-bit write on AP 0.</summary>
    public void WriteDebugRegister(uint address, uint value)
    {
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.WriteDebugReg);
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[2..], address);
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[6..], value);
        SendWithRetry("WRITEDEBUGREG", reply, address);
    }

    /// <summary>READREG: a core register of the core on AP 0 by its DCRSR REGSEL number.</summary>
    public uint ReadCoreRegister(int regsel)
    {
        CheckRegsel(regsel);
        Span<byte> reply = stackalloc byte[8];
        var cmd = BeginDebug(StLinkDebugCommand.ReadReg);
        cmd[2] = (byte)regsel;
        SendWithRetry("READREG", reply);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
    }

    /// <summary>WRITEREG: a core register of the core on AP 0.</summary>
    public void WriteCoreRegister(int regsel, uint value)
    {
        CheckRegsel(regsel);
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.WriteReg);
        cmd[2] = (byte)regsel;
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[3..], value);
        SendWithRetry("WRITEREG", reply);
    }

    private static void CheckRegsel(int regsel)
    {
        if (regsel is < 0 or > 0x7F)
        {
            throw ProbeErrors.Invalid($"core register number {regsel} is out of range (DCRSR.REGSEL is 7 bits)");
        }
    }

    /// <summary>READALLREGS: status then 21 words (R0-R15, xPSR, MSP, PSP and two more) of the core on AP 0.</summary>
    public uint[] ReadAllRegisters()
    {
        Span<byte> reply = stackalloc byte[88];
        BeginDebug(StLinkDebugCommand.ReadAllRegs);
        SendChecked("READALLREGS", reply);
        var words = new uint[21];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(reply[(4 + 4 * i)..]);
        }
        return words;
    }

    /// <summary>DRIVE_NRST: low, high or pulse (every V2 and V3 firmware).</summary>
    public void DriveNrst(NrstAction action)
    {
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.DriveNrst);
        cmd[2] = (byte)action;
        SendWithRetry("DRIVE_NRST", reply);
    }

    /// <summary>RESETSYS: the probe resets the system (AIRCR.SYSRESETREQ) on AP 0's core.</summary>
    public void ResetSystem()
    {
        Span<byte> reply = stackalloc byte[2];
        BeginDebug(StLinkDebugCommand.ResetSys);
        SendWithRetry("RESETSYS", reply);
    }

    /// <summary>READ_DAP_REG (V2J24): a DP register (<paramref name="port"/> = 0xFFFF) or an AP register.</summary>
    public uint ReadDapRegister(ushort port, ushort address)
    {
        Require(StLinkFeatures.DapRegisters, "reading DAP registers");
        Span<byte> reply = stackalloc byte[8];
        var cmd = BeginDebug(StLinkDebugCommand.ReadDapReg);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[2..], port);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[4..], address);
        SendWithRetry("READ_DAP_REG", reply, address);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
    }

    /// <summary>WRITE_DAP_REG (V2J24).</summary>
    public void WriteDapRegister(ushort port, ushort address, uint value)
    {
        Require(StLinkFeatures.DapRegisters, "writing DAP registers");
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.WriteDapReg);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[2..], port);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[4..], address);
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[6..], value);
        SendWithRetry("WRITE_DAP_REG", reply, address);
    }

    /// <summary>Reads one 32-bit word through an AP.</summary>
    public uint ReadWord(int ap, uint address)
    {
        if ((address & 3) != 0)
        {
            throw ProbeErrors.Invalid($"word read at unaligned address {Diagnostic.Hex(address)}");
        }
        Span<byte> buffer = stackalloc byte[4];
        ReadMemory(ap, address, buffer);
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer);
    }

    /// <summary>Writes one 32-bit word through an AP.</summary>
    public void WriteWord(int ap, uint address, uint value)
    {
        if ((address & 3) != 0)
        {
            throw ProbeErrors.Invalid($"word write at unaligned address {Diagnostic.Hex(address)}");
        }
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        WriteMemory(ap, address, buffer);
    }
}
