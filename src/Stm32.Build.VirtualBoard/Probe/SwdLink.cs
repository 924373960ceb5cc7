namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// The probe firmware's SWD engine: drives the wire (<see cref="ISwdTarget"/>), charges each transfer's bits on
/// the <see cref="VirtualClock"/>, counts transfers and WAITs, retries WAIT (the only layer that does), caches
/// SELECT and maps acknowledges to ST-LINK status codes.
/// </summary>
public sealed class SwdLink
{
    /// <summary>
    /// Clocks per SWD transfer: 8 request + 1 turnaround + 3 ACK + 1 turnaround + 32 data + 1 parity = 46
    /// (ADIv5.2 B4.2), plus 2 idle cycles the probe inserts after each transfer.
    /// </summary>
    public const int ClocksPerTransfer = 48;

    /// <summary>Clocks of the connect sequence: 50 high + 16-bit JTAG-to-SWD + 50 high + 2 idle (ADIv5.2 B5.2.1, B4.3.3).</summary>
    public const int ClocksPerLineReset = 118;

    /// <summary>WAIT answers retried before giving up with SWD_AP_WAIT/SWD_DP_WAIT.</summary>
    public const int MaxWaitRetries = 32;

    /// <summary>SELECT address and ABORT address on the DP.</summary>
    private const byte DpSelect = 0x8, DpAbort = 0x0, DpRdbuff = 0xC;

    private readonly ISwdTarget _wire;
    private readonly VirtualClock _clock;
    private readonly BoardCounters _counters;
    private uint? _select;

    /// <summary>Creates the engine over the wire.</summary>
    public SwdLink(ISwdTarget wire, VirtualClock clock, BoardCounters counters)
    {
        _wire = wire;
        _clock = clock;
        _counters = counters;
    }

    /// <summary>The wire.</summary>
    public ISwdTarget Wire => _wire;

    /// <summary>The SWD clock in kHz (1800 kHz, the V2 default, until set).</summary>
    public int FrequencyKhz { get; set; } = 1800;

    /// <summary>Forgets the cached SELECT (after a line reset or a DP write the cache did not see).</summary>
    public void InvalidateSelect() => _select = null;

    /// <summary>The JTAG-to-SWD switch and line reset.</summary>
    public void LineReset()
    {
        Charge(ClocksPerLineReset);
        _wire.LineReset();
        _select = null;
    }

    /// <summary>Reads a DP register (A[3:2] only; banking is the caller's business).</summary>
    public SwdAck ReadDp(byte address, out uint value)
    {
        return Retry(Transfer.ReadDp, address, 0, out value);
    }

    /// <summary>Writes a DP register; SELECT writes refresh the cache.</summary>
    public SwdAck WriteDp(byte address, uint value)
    {
        var ack = Retry(Transfer.WriteDp, address, value, out _);
        if (address == DpSelect)
        {
            _select = ack == SwdAck.Ok ? value : null;
        }
        return ack;
    }

    /// <summary>Selects AP <paramref name="ap"/> and the bank of <paramref name="register"/>, writing SELECT only when it changes.</summary>
    public SwdAck Select(int ap, byte register)
    {
        var select = ((uint)ap << 24) | (register & 0xF0u);
        if (_select == select)
        {
            return SwdAck.Ok;
        }
        return WriteDp(DpSelect, select);
    }

    /// <summary>Starts an AP read (posted): <paramref name="previous"/> is the previous AP read's result.</summary>
    public SwdAck ReadApPosted(int ap, byte register, out uint previous)
    {
        previous = 0;
        var ack = Select(ap, register);
        if (ack != SwdAck.Ok)
        {
            return ack;
        }
        return Retry(Transfer.ReadAp, (byte)(register & 0x0C), 0, out previous);
    }

    /// <summary>A complete AP read: the posted read, then RDBUFF.</summary>
    public SwdAck ReadAp(int ap, byte register, out uint value)
    {
        value = 0;
        var ack = ReadApPosted(ap, register, out _);
        return ack != SwdAck.Ok ? ack : ReadDp(DpRdbuff, out value);
    }

    /// <summary>An AP write.</summary>
    public SwdAck WriteAp(int ap, byte register, uint value)
    {
        var ack = Select(ap, register);
        if (ack != SwdAck.Ok)
        {
            return ack;
        }
        return Retry(Transfer.WriteAp, (byte)(register & 0x0C), value, out _);
    }

    /// <summary>Reads RDBUFF (the last posted AP read, or the completion check after writes).</summary>
    public SwdAck ReadRdbuff(out uint value) => ReadDp(DpRdbuff, out value);

    /// <summary>Clears every sticky flag with ABORT (STKCMPCLR | STKERRCLR | WDERRCLR | ORUNERRCLR), as the firmware does after a failed access.</summary>
    public SwdAck ClearStickyErrors() => WriteDp(DpAbort, 0x1E);

    /// <summary>The ST-LINK status for a DP access that did not complete.</summary>
    public static StLinkStatus DpStatus(SwdAck ack) => ack switch
    {
        SwdAck.Ok => StLinkStatus.Ok,
        SwdAck.Wait => StLinkStatus.SwdDpWait,
        SwdAck.Fault => StLinkStatus.SwdDpFault,
        _ => StLinkStatus.NoDeviceConnected,
    };

    /// <summary>The ST-LINK status for an AP access that did not complete.</summary>
    public static StLinkStatus ApStatus(SwdAck ack) => ack switch
    {
        SwdAck.Ok => StLinkStatus.Ok,
        SwdAck.Wait => StLinkStatus.SwdApWait,
        SwdAck.Fault => StLinkStatus.SwdApFault,
        _ => StLinkStatus.NoDeviceConnected,
    };

    /// <summary>The four kinds of SWD transfer (a switch instead of a closure: no allocation per transfer).</summary>
    private enum Transfer
    {
        ReadDp,
        WriteDp,
        ReadAp,
        WriteAp,
    }

    private SwdAck Retry(Transfer kind, byte address, uint value, out uint read)
    {
        read = 0;
        for (var attempt = 0; ; attempt++)
        {
            Charge(ClocksPerTransfer);
            _counters.SwdTransfers++;
            var ack = kind switch
            {
                Transfer.ReadDp => _wire.ReadDp(address, out read),
                Transfer.WriteDp => _wire.WriteDp(address, value),
                Transfer.ReadAp => _wire.ReadAp(address, out read),
                _ => _wire.WriteAp(address, value),
            };
            if (ack != SwdAck.Wait)
            {
                return ack;
            }
            _counters.SwdWaits++;
            if (attempt >= MaxWaitRetries)
            {
                return ack;
            }
        }
    }

    private void Charge(int clocks)
    {
        var khz = Math.Max(1, FrequencyKhz);
        // nanoseconds = clocks / (kHz * 1000) * 1e9 = clocks * 1e6 / kHz
        _clock.Advance(clocks * 1_000_000L / khz);
        _counters.Elapsed = _clock.Now;
    }
}
