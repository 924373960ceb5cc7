using System.Buffers.Binary;
using Stm32.Build.StLink;
using Stm32.Build.StLink.Transport;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>Sees each ST-LINK command block before the board's probe executes it.</summary>
internal interface ICommandTap
{
    void Before(ReadOnlySpan<byte> command);
}

/// <summary>
/// Does something to the board (cuts its power, makes the flash array fail, signals the process driving it) when the
/// board's probe is about to execute its command number <paramref name="at"/> (counted from 0 by the board's own
/// <see cref="BoardCounters.UsbRoundTrips"/>, the count <c>unplug-after=N</c> uses).
/// </summary>
internal sealed class CommandTrigger(Board board, long at, Action fire) : ICommandTap
{
    private int _fired;

    /// <summary>The command number it fires at.</summary>
    public long At => at;

    /// <summary>Whether it has fired.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    public void Before(ReadOnlySpan<byte> command)
    {
        if (board.Counters.UsbRoundTrips >= at && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            fire();
        }
    }
}

/// <summary>
/// Notes the number of the first command that reads a given register (a memory read whose address, bytes 2-5 of
/// the ST-LINK debug command block, is <paramref name="address"/>): where the protection check starts.
/// </summary>
internal sealed class FirstReadOf(Board board, uint address) : ICommandTap
{
    private const byte DebugCommand = 0xF2, ReadMem32 = 0x07, ReadDebugReg = 0x36; // ST-LINK command set (StLinkConstants)

    /// <summary>The command number, or null when no command read it.</summary>
    public long? Command { get; private set; }

    public void Before(ReadOnlySpan<byte> command)
    {
        if (Command is null && command.Length >= 6 && command[0] == DebugCommand && command[1] is ReadMem32 or ReadDebugReg
            && BinaryPrimitives.ReadUInt32LittleEndian(command[2..]) == address)
        {
            Command = board.Counters.UsbRoundTrips;
        }
    }
}

/// <summary>The in-process transport to a board, with taps in front of its probe.</summary>
internal sealed class TappedTransport(Board board, IReadOnlyList<ICommandTap> taps) : IStLinkTransport, IProbeDiagnostics
{
    private readonly VirtualProbeTransport _inner = new(board);

    public ProbeDescriptor Probe => _inner.Probe;

    public int MaxPacket => _inner.MaxPacket;

    public TimeSpan? TargetTime => _inner.TargetTime;

    public IReadOnlyList<KeyValuePair<string, object>> SnapshotCounters() => _inner.SnapshotCounters();

    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn, TimeSpan timeout)
    {
        foreach (var tap in taps)
        {
            tap.Before(command);
        }
        return _inner.Transfer(command, dataOut, dataIn, timeout);
    }

    public void Dispose() => _inner.Dispose();
}

/// <summary>A board's probe as an ST-LINK server serves it, with taps in front of it.</summary>
internal sealed class TappedUsbProbe(IVirtualUsbProbe inner, IReadOnlyList<ICommandTap> taps) : IVirtualUsbProbe
{
    public ushort VendorId => inner.VendorId;

    public ushort ProductId => inner.ProductId;

    public string SerialNumber => inner.SerialNumber;

    public bool IsConnected => inner.IsConnected;

    public void Unplug() => inner.Unplug();

    public void Replug() => inner.Replug();

    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn)
    {
        if (inner.IsConnected)
        {
            foreach (var tap in taps)
            {
                tap.Before(command);
            }
        }
        return inner.Transfer(command, dataOut, dataIn);
    }
}
