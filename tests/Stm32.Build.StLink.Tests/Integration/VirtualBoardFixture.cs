using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>Builds a virtual board and opens the driver on it in process.</summary>
internal static class VirtualBoardFixture
{
    public static readonly ProbeOpenOptions NoLock = new() { NoLock = true };

    public static (Board Board, StLinkProbe Probe) Open(VirtualBoardOptions? options = null, ProbeOpenOptions? open = null)
    {
        var board = new Board(options ?? new VirtualBoardOptions());
        try
        {
            var probe = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "test board"), open ?? NoLock);
            return (board, probe);
        }
        catch
        {
            board.Dispose();
            throw;
        }
    }
}
