using Stm32.Build.VirtualBoard.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// A debugger on the board's SW-DP, doing what every debugger does (ADIv5.2: line reset, DPIDR read, power-up
/// request, MEM-AP CSW/TAR/DRW with a posted read and RDBUFF), reporting what it sees instead of asserting it.
/// </summary>
internal sealed class SwdDebugger(SwDebugPort port)
{
    private const byte DpIdr = 0x0, DpAbort = 0x0, DpCtrlStat = 0x4, DpSelect = 0x8, DpRdbuff = 0xC;
    private const byte ApCsw = 0x0, ApTar = 0x4, ApDrw = 0xC;
    private const uint PowerUpRequest = (1u << 28) | (1u << 30), StickyErr = 1u << 5, ClearStickies = 0x1E;

    /// <summary>Line reset and DPIDR read; on success the debug power-up request. Returns the DPIDR read's acknowledge.</summary>
    public SwdAck Connect(out uint dpidr)
    {
        port.LineReset();
        var ack = port.ReadDp(DpIdr, out dpidr);
        if (ack == SwdAck.Ok)
        {
            port.WriteDp(DpAbort, ClearStickies);
            port.WriteDp(DpCtrlStat, PowerUpRequest);
        }
        return ack;
    }

    /// <summary>Whether the DP answers a fresh connection (DPIDR read acknowledged).</summary>
    public bool DpAnswers => Connect(out _) == SwdAck.Ok;

    /// <summary>Reads a word through MEM-AP <paramref name="ap"/>; false when the DP or the AP transaction fails.</summary>
    public bool TryReadWord(int ap, uint address, out uint value)
    {
        value = 0;
        if (Connect(out _) != SwdAck.Ok
            || port.WriteDp(DpSelect, (uint)ap << 24) != SwdAck.Ok
            || port.WriteAp(ApCsw, 0x2300_0002) != SwdAck.Ok
            || port.WriteAp(ApTar, address) != SwdAck.Ok
            || port.ReadAp(ApDrw, out _) != SwdAck.Ok
            || port.ReadDp(DpRdbuff, out value) != SwdAck.Ok)
        {
            return false;
        }
        return port.ReadDp(DpCtrlStat, out var ctrl) == SwdAck.Ok && (ctrl & StickyErr) == 0;
    }
}
