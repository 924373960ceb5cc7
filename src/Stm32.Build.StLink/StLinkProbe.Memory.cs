using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink;

public sealed partial class StLinkProbe
{
    /// <summary>
    /// Reads memory through MEM-AP <paramref name="accessPort"/> (0 = the Cortex-M7 bus on the H7; see the device's
    /// access ports). The driver splits the transfer to the probe's limits; unaligned heads and tails use 8-bit accesses.
    /// A fault is a coded error (STM3022) with the address.
    /// </summary>
    public void ReadMemory(int accessPort, uint address, Span<byte> buffer, MemoryAccessWidth width = MemoryAccessWidth.Bits32)
    {
        ThrowIfNotConnected();
        _protocol.ReadMemory(accessPort, address, buffer, width);
    }

    /// <summary>Reads <paramref name="length"/> bytes of memory through an access port.</summary>
    public byte[] ReadMemory(int accessPort, uint address, int length, MemoryAccessWidth width = MemoryAccessWidth.Bits32)
    {
        if (length < 0)
        {
            throw ProbeErrors.Invalid($"cannot read {length} bytes");
        }
        var buffer = new byte[length];
        ReadMemory(accessPort, address, buffer, width);
        return buffer;
    }

    /// <summary>Writes memory through an access port (RAM and peripherals; flash is programmed through its controller).</summary>
    public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data, MemoryAccessWidth width = MemoryAccessWidth.Bits32)
    {
        ThrowIfNotConnected();
        _protocol.WriteMemory(accessPort, address, data, width);
    }

    /// <summary>Reads one aligned 32-bit word.</summary>
    public uint ReadWord(int accessPort, uint address)
    {
        ThrowIfNotConnected();
        return _protocol.ReadWord(accessPort, address);
    }

    /// <summary>Writes one aligned 32-bit word.</summary>
    public void WriteWord(int accessPort, uint address, uint value)
    {
        ThrowIfNotConnected();
        _protocol.WriteWord(accessPort, address, value);
    }

    /// <summary>Reads one aligned 16-bit half-word (16-bit access; 8-bit on firmware before V2J26).</summary>
    public ushort ReadHalfWord(int accessPort, uint address)
    {
        Span<byte> b = stackalloc byte[2];
        ReadMemory(accessPort, address, b, MemoryAccessWidth.Bits16);
        return (ushort)(b[0] | (b[1] << 8));
    }

    /// <summary>Reads memory asynchronously (the work runs on the thread pool; the probe is still one caller at a time).</summary>
    public Task<byte[]> ReadMemoryAsync(int accessPort, uint address, int length, CancellationToken cancellationToken = default) =>
        Task.Run(() => ReadMemory(accessPort, address, length), cancellationToken);

    /// <summary>Writes memory asynchronously.</summary>
    public Task WriteMemoryAsync(int accessPort, uint address, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Task.Run(() => WriteMemory(accessPort, address, data.Span), cancellationToken);

    /// <summary>Reads a debug port register (DPIDR 0x0, CTRL/STAT 0x4, ...) with READ_DAP_REG (V2J24).</summary>
    public uint ReadDebugPortRegister(byte address)
    {
        ThrowIfNotConnected();
        return _protocol.ReadDapRegister(StLinkDebugCommand.DebugPortAccess, address);
    }

    /// <summary>Reads an access port register (CSW 0x00, TAR 0x04, IDR 0xFC ...) with READ_DAP_REG (V2J24).</summary>
    public uint ReadAccessPortRegister(int accessPort, byte address)
    {
        ThrowIfNotConnected();
        if (accessPort is < 0 or > 255)
        {
            throw ProbeErrors.Invalid($"access port {accessPort} is out of range (0-255)");
        }
        _protocol.OpenAp(accessPort);
        return _protocol.ReadDapRegister((ushort)accessPort, address);
    }

    /// <summary>Writes an access port register with WRITE_DAP_REG (V2J24).</summary>
    public void WriteAccessPortRegister(int accessPort, byte address, uint value)
    {
        ThrowIfNotConnected();
        if (accessPort is < 0 or > 255)
        {
            throw ProbeErrors.Invalid($"access port {accessPort} is out of range (0-255)");
        }
        _protocol.OpenAp(accessPort);
        _protocol.WriteDapRegister((ushort)accessPort, address, value);
    }
}
