using System.Buffers.Binary;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink.Protocol;

/// <summary>The width of the bus accesses a memory transfer uses.</summary>
public enum MemoryAccessWidth
{
    /// <summary>8-bit accesses (READMEM_8BIT/WRITEMEM_8BIT).</summary>
    Bits8 = 1,
    /// <summary>16-bit accesses (V2J26); falls back to 8-bit on older firmware.</summary>
    Bits16 = 2,
    /// <summary>32-bit accesses, with 8-bit accesses for an unaligned head or tail.</summary>
    Bits32 = 4,
}

internal sealed partial class StLinkProtocol
{
    /// <summary>
    /// Reads memory through access port <paramref name="ap"/>, split into commands the probe accepts: 8-bit at most
    /// 64 bytes (512 on V3 from J6), 16/32-bit at most the TAR auto-increment block (1 KiB, never crossing a 1 KiB
    /// boundary) and the transport's packet limit; an unaligned head or tail of a 16/32-bit transfer goes as 8-bit
    /// (OpenOCD stlink_usb_read_ap_mem). Each command is followed by GETLASTRWSTATUS(2); WAIT retries the chunk.
    /// </summary>
    public void ReadMemory(int ap, uint address, Span<byte> data, MemoryAccessWidth width = MemoryAccessWidth.Bits32)
    {
        CheckRange(address, data.Length);
        PrepareAp(ap);
        foreach (var (offset, length, w) in Plan(address, data.Length, width))
        {
            var at = address + (uint)offset;
            var bytes = RetryMemory(() => ReadChunk(ap, at, length, w));
            bytes.AsSpan(0, length).CopyTo(data.Slice(offset, length));
        }
    }

    /// <summary>Writes memory through access port <paramref name="ap"/>, chunked as <see cref="ReadMemory"/>.</summary>
    public void WriteMemory(int ap, uint address, ReadOnlySpan<byte> data, MemoryAccessWidth width = MemoryAccessWidth.Bits32)
    {
        CheckRange(address, data.Length);
        PrepareAp(ap);
        var copy = data.ToArray();
        foreach (var (offset, length, w) in Plan(address, data.Length, width))
        {
            var at = address + (uint)offset;
            RetryMemory(() => { WriteChunk(ap, at, copy.AsSpan(offset, length), w); return []; });
        }
    }

    private static void CheckRange(uint address, int length)
    {
        if ((ulong)address + (ulong)length > 0x1_0000_0000UL)
        {
            throw ProbeErrors.Invalid($"memory transfer of {length} bytes at {Diagnostic.Hex(address)} runs past the end of the 4 GiB address space");
        }
    }

    private void PrepareAp(int ap)
    {
        if (ap is < 0 or > 255)
        {
            throw ProbeErrors.Invalid($"access port {ap} is out of range (0-255)");
        }
        if (ap != 0)
        {
            // Memory commands carry the AP number only from V2J32/V3J2 (OpenOCD: STLINK_F_HAS_CSW required for ap_num != 0).
            Require(StLinkFeatures.MultiAp | StLinkFeatures.DpBankSelect, $"memory access through access port {ap}");
        }
        OpenAp(ap);
    }

    /// <summary>Splits a transfer into (offset, length, width) commands.</summary>
    internal IEnumerable<(int Offset, int Length, MemoryAccessWidth Width)> Plan(uint address, int length, MemoryAccessWidth width)
    {
        if (width == MemoryAccessWidth.Bits16 && !Version.Has(StLinkFeatures.Memory16))
        {
            width = MemoryAccessWidth.Bits8;
        }
        var max8 = Version.MaxRw8;
        var maxBlock = StLinkLimits.TarAutoIncrementBlock;
        if (_transport.MaxPacket > 0)
        {
            maxBlock = Math.Min(maxBlock, _transport.MaxPacket);
        }
        var offset = 0;
        while (offset < length)
        {
            var at = address + (uint)offset;
            var remaining = length - offset;
            // Never cross the 1 KiB TAR auto-increment boundary.
            var toBoundary = (int)(StLinkLimits.TarAutoIncrementBlock - (at & (StLinkLimits.TarAutoIncrementBlock - 1)));
            if (width == MemoryAccessWidth.Bits8)
            {
                var n = Math.Min(Math.Min(remaining, max8), toBoundary);
                yield return (offset, n, MemoryAccessWidth.Bits8);
                offset += n;
                continue;
            }
            var size = (int)width;
            var misalign = (int)(at & (uint)(size - 1));
            if (misalign != 0)
            {
                var head = Math.Min(size - misalign, remaining);
                yield return (offset, head, MemoryAccessWidth.Bits8);
                offset += head;
                continue;
            }
            var block = Math.Min(Math.Min(remaining, maxBlock), toBoundary);
            var whole = block - block % size;
            if (whole == 0)
            {
                // A tail shorter than one access.
                yield return (offset, block, MemoryAccessWidth.Bits8);
                offset += block;
                continue;
            }
            yield return (offset, whole, width);
            offset += whole;
        }
    }

    private byte[] RetryMemory(Func<byte[]> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (StLinkCommandException ex) when (ex.Status.IsWait() && attempt < StLinkLimits.MaxWaitRetries)
            {
                Backoff(attempt);
            }
        }
    }

    private static byte MemoryCommand(MemoryAccessWidth width, bool write) => (width, write) switch
    {
        (MemoryAccessWidth.Bits8, false) => StLinkDebugCommand.ReadMem8,
        (MemoryAccessWidth.Bits8, true) => StLinkDebugCommand.WriteMem8,
        (MemoryAccessWidth.Bits16, false) => StLinkDebugCommand.ReadMem16,
        (MemoryAccessWidth.Bits16, true) => StLinkDebugCommand.WriteMem16,
        (_, false) => StLinkDebugCommand.ReadMem32,
        _ => StLinkDebugCommand.WriteMem32,
    };

    private static string MemoryCommandName(MemoryAccessWidth width, bool write) =>
        (write ? "WRITEMEM_" : "READMEM_") + ((int)width * 8).ToString(System.Globalization.CultureInfo.InvariantCulture) + "BIT";

    /// <summary>Prepares the memory command block: address, length, AP number and (zero) CSW bits (stlink_usb_read_mem32).</summary>
    private void BeginMemory(MemoryAccessWidth width, bool write, int ap, uint address, int length)
    {
        var cmd = BeginDebug(MemoryCommand(width, write));
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[2..], address);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[6..], (ushort)length);
        cmd[8] = (byte)ap;
        // cmd[9..11]: CSW bits 31:8, zero = the probe's default CSW.
    }

    private byte[] ReadChunk(int ap, uint address, int length, MemoryAccessWidth width)
    {
        BeginMemory(width, write: false, ap, address, length);
        // A one-byte 8-bit read returns two bytes on the wire (OpenOCD stlink_usb_read_mem8; probe-rs read_mem_8bit).
        var buffer = new byte[Math.Max(length, 2)];
        Send(default, width == MemoryAccessWidth.Bits8 && length == 1 ? buffer.AsSpan(0, 2) : buffer.AsSpan(0, length));
        GetLastRwStatus(MemoryCommandName(width, false), address);
        return buffer;
    }

    private void WriteChunk(int ap, uint address, ReadOnlySpan<byte> data, MemoryAccessWidth width)
    {
        BeginMemory(width, write: true, ap, address, data.Length);
        Send(data, default);
        GetLastRwStatus(MemoryCommandName(width, true), address);
    }

    /// <summary>
    /// GETLASTRWSTATUS2 (12-byte reply, V2J15) or GETLASTRWSTATUS (2 bytes): the status of the last memory command.
    /// GETLASTRWSTATUS2 also carries the faulting address at offset 4 (as pyOCD's stlink.py reads it); when it is
    /// non-zero it is the address reported, else the first address of the failed command.
    /// </summary>
    public void GetLastRwStatus(string command, uint address)
    {
        var two = Version.Has(StLinkFeatures.GetLastRwStatus2);
        Span<byte> reply = stackalloc byte[two ? 12 : 2];
        BeginDebug(two ? StLinkDebugCommand.GetLastRwStatus2 : StLinkDebugCommand.GetLastRwStatus);
        Send(default, reply);
        if (two && reply[0] != (byte)StLinkStatus.DebugErrOk && BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]) is var fault and not 0)
        {
            address = fault;
        }
        Check(command, reply[0], address);
    }

    /// <summary>INIT_AP once per access port (V2J28); AP 0 needs nothing on older firmware.</summary>
    public void OpenAp(int ap)
    {
        if (_openAps.Contains(ap))
        {
            return;
        }
        if (!Version.Has(StLinkFeatures.MultiAp))
        {
            if (ap != 0)
            {
                Require(StLinkFeatures.MultiAp, $"access port {ap}");
            }
            return;
        }
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.InitAp);
        cmd[2] = (byte)ap;
        SendWithRetry("INIT_AP", reply);
        _openAps.Add(ap);
    }

    /// <summary>CLOSE_AP_DBG; the status is only meaningful from V2J29 and is ignored before.</summary>
    public void CloseAp(int ap)
    {
        if (!Version.Has(StLinkFeatures.MultiAp))
        {
            return;
        }
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.CloseApDbg);
        cmd[2] = (byte)ap;
        Send(default, reply);
        _openAps.Remove(ap);
        if (Version.Has(StLinkFeatures.CloseApStatus))
        {
            Check("CLOSE_AP_DBG", reply[0]);
        }
    }

    /// <summary>The access ports opened with INIT_AP in this debug session.</summary>
    public IReadOnlyCollection<int> OpenAccessPorts => _openAps;
}
