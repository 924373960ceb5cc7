using Stm32.Build.Flashing.Session;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// A state of the board's option bytes a case starts from (a protection state, a gated core), set the way a user's
/// tool sets it through the debugger: the option register sequence of RM0399 4.4.2 (OPTKEYR, the *_PRG register,
/// OPTSTART, OPT_BUSY clear, OPTLOCK) over the ST-LINK.
/// </summary>
internal sealed record BoardVariant(string Name, Action<Board> Apply)
{
    private const uint Flash = 0x5200_2000;               // RM0399 4.9: FLASH register base
    private const uint OptKeyR = 0x08, OptCr = 0x18, OptSrCur = 0x1C;
    private const uint OptSrPrg = 0x20, WpsnPrg1 = 0x3C, WpsnPrg2 = 0x13C;
    private const uint Bcm4 = 1u << 22;                   // RM0399 4.9.8 FLASH_OPTSR_PRG.BCM4
    private const uint RdpMask = 0xFFu << 8, RdpByteLevel1 = 0xBBu << 8;

    /// <summary>The Cortex-M4 gated (BCM4 = 0).</summary>
    public static BoardVariant Cm4Gated { get; } = new("bcm4-off", board => UpdateOptsr(board, optsr => optsr & ~Bcm4));

    /// <summary>Readout protection level 1 (RDP 0xBB).</summary>
    public static BoardVariant RdpLevel1 { get; } = new("rdp1", board => UpdateOptsr(board, optsr => (optsr & ~RdpMask) | RdpByteLevel1));

    /// <summary>Write protection of <paramref name="sector"/> in <paramref name="bank"/> (a 0 bit in WPSN_PRGxR).</summary>
    public static BoardVariant WriteProtected(int bank, int sector) =>
        new($"wrp-{bank}-{sector}", board => WriteOption(board, bank == 1 ? WpsnPrg1 : WpsnPrg2, 0xFFu & ~(1u << sector)));

    /// <summary>Every sector writable again (what a user does before flashing into a protected sector).</summary>
    public static void RemoveWriteProtection(Board board)
    {
        WriteOption(board, WpsnPrg1, 0xFF);
        WriteOption(board, WpsnPrg2, 0xFF);
    }

    /// <summary>The BCM4 bit (what <c>--bcm4 on</c>/<c>off</c> asks for).</summary>
    public static uint Bcm4Bit => Bcm4;

    private static void UpdateOptsr(Board board, Func<uint, uint> change)
    {
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        session.Connect(holdInReset: false);
        var optsr = session.ReadWord(0, Flash + OptSrCur);
        session.Disconnect();
        WriteOption(board, OptSrPrg, change(optsr));
    }

    private static void WriteOption(Board board, uint prgOffset, uint value)
    {
        using var session = DebugSessions.Open(new VirtualProbeTransport(board));
        session.Connect(holdInReset: false);
        session.WriteWord(0, Flash + OptKeyR, 0x0819_2A3B); // OPTKEY1, OPTKEY2 (RM0399 4.9.3)
        session.WriteWord(0, Flash + OptKeyR, 0x4C5D_6E7F);
        session.WriteWord(0, Flash + prgOffset, value);
        session.WriteWord(0, Flash + OptCr, 0x2); // OPTSTART
        for (var polls = 0; (session.ReadWord(0, Flash + OptSrCur) & 1) != 0; polls++) // OPT_BUSY
        {
            if (polls > 100_000)
            {
                throw new InvalidOperationException("the option change did not finish");
            }
        }
        session.WriteWord(0, Flash + OptCr, 0x1); // OPTLOCK
        session.Disconnect();
    }
}
