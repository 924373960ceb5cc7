namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// The time one ST-LINK command costs on USB. Each command is one round trip: the host's next transfer waits for
/// the next (micro)frame, then the command block, the OUT data and the IN data move as bulk packets.
/// Full speed (ST-LINK/V2, V2-1): 1 ms frames, 64-byte packets, at most 19 bulk packets per frame.
/// High speed (STLINK-V3): 125 µs microframes, 512-byte packets, at most 13 bulk packets per microframe.
/// Source: USB 2.0 specification section 5.8.4 and table 5-9 (bulk transaction limits).
/// </summary>
public sealed record UsbTiming(long FrameNanoseconds, int PacketSize, int PacketsPerFrame)
{
    /// <summary>Full-speed USB (ST-LINK/V2 and V2-1).</summary>
    public static UsbTiming FullSpeed { get; } = new(1_000_000, 64, 19);

    /// <summary>High-speed USB (STLINK-V3).</summary>
    public static UsbTiming HighSpeed { get; } = new(125_000, 512, 13);

    /// <summary>The timing of a probe model.</summary>
    public static UsbTiming For(ProbeModel model) => model == ProbeModel.V3 ? HighSpeed : FullSpeed;

    /// <summary>Nanoseconds of one bulk packet slot.</summary>
    public long PacketNanoseconds => FrameNanoseconds / PacketsPerFrame;

    /// <summary>Packets needed to move <paramref name="bytes"/> (zero bytes: no packet).</summary>
    public long Packets(int bytes) => bytes <= 0 ? 0 : (bytes + PacketSize - 1) / PacketSize;

    /// <summary>
    /// Nanoseconds of one round trip: one frame of latency plus one packet slot per packet of the command block,
    /// the OUT data and the IN data.
    /// </summary>
    public long RoundTripNanoseconds(int commandBytes, int outBytes, int inBytes) =>
        FrameNanoseconds + (Packets(commandBytes) + Packets(outBytes) + Packets(inBytes)) * PacketNanoseconds;
}
