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

/// <summary>
/// Does something to a real <c>stm32</c> process when the board's probe is about to execute the command
/// <paramref name="offset"/> commands after <paramref name="phase"/> began in this run: at its first progress line
/// (<c>stm32: PHASE:</c>, read from the process's standard error before each command is looked at, so a line written
/// before the command was sent is always seen), or for the protection check (which prints no line) at the first read
/// of FLASH_OPTSR_CUR (RM0399 4.9.9). Counting from the phase's own start, not from a command number measured on
/// another run, keeps the command in its phase however many polls the phases before it took.
/// </summary>
internal sealed class PhaseTrigger(Board board, string phase, long offset, Func<Stm32.Cli.Tests.Stm32Process?> process, Action<Stm32.Cli.Tests.Stm32Process> fire) : ICommandTap
{
    private const uint FlashOptsrCur = 0x5200_201C;

    private readonly FirstReadOf _optsr = new(board, FlashOptsrCur);
    private int _fired;

    /// <summary>The command number the phase began at in this run, or null before it began.</summary>
    public long? Began { get; private set; }

    /// <summary>Whether it has fired.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    public void Before(ReadOnlySpan<byte> command)
    {
        if (Fired)
        {
            return;
        }
        var p = process();
        if (p is null)
        {
            SpinWait.SpinUntil(() => process() is not null, TimeSpan.FromSeconds(10));
            p = process() ?? throw new InvalidOperationException("the stm32 process did not start");
        }
        if (Began is null)
        {
            if (phase == "protection-check")
            {
                _optsr.Before(command);
                Began = _optsr.Command;
            }
            else if (p.ReadErrNow().Any(l => l.StartsWith($"stm32: {phase}:", StringComparison.Ordinal)))
            {
                Began = board.Counters.UsbRoundTrips;
            }
        }
        if (Began is long began && board.Counters.UsbRoundTrips >= began + offset && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            fire(p);
        }
    }
}
