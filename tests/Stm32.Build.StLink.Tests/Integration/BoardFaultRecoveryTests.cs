using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>
/// The driver's error and recovery paths driven by the virtual board's fault properties: firmware that makes the
/// debug port stop answering (<c>debug-lost-after-run</c>) and connect-under-reset getting it back.
/// </summary>
public sealed class BoardFaultRecoveryTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    [Fact]
    public async Task A_silenced_debug_port_is_reported_and_connect_under_reset_recovers()
    {
        using var board = new Board(new VirtualBoardOptions { Faults = [new BoardFault(BoardFaultKind.DebugLostAfterRun, 2)] });
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"), VirtualBoardFixture.NoLock);
        ProbeException? lost = null;
        try
        {
            // A vector table: initial SP at the top of AXI SRAM, reset handler in flash (Thumb bit set).
            var vectors = new byte[32];
            BinaryPrimitives.WriteUInt32LittleEndian(vectors, 0x24080000);
            BinaryPrimitives.WriteUInt32LittleEndian(vectors.AsSpan(4), 0x08000009);
            FlashProgramming.ProgramFlashWord(probe, 0x08000000, vectors);
            Assert.Equal(vectors, probe.ReadMemory(0, 0x08000000, 32));

            await probe.ResetSystemAsync(0, halt: false); // boots the "firmware", which then silences SWD
            for (var i = 0; i < 100_000 && lost is null; i++)
            {
                try
                {
                    probe.ReadWord(0, 0x24000000);
                }
                catch (StLinkCommandException ex)
                {
                    lost = ex;
                }
            }
        }
        finally
        {
            probe.Dispose(); // must not throw although the target is gone
        }
        Assert.NotNull(lost);
        Assert.True(lost!.Code is DiagnosticCodes.DebugPortNotResponding or DiagnosticCodes.MemoryAccessFault, lost.Message);

        // A plain connect no longer reaches the target.
        var again = Assert.ThrowsAny<ProbeException>(() => StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"), VirtualBoardFixture.NoLock));
        Assert.Equal(DiagnosticCodes.DebugPortNotResponding, again.Code);

        // Connect under reset: NRST held low stops the firmware, the debug port answers again.
        using var recovered = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"),
            VirtualBoardFixture.NoLock with { ConnectUnderReset = true });
        Assert.Equal(H747.DpIdcode, recovered.DpIdcode);
        Assert.Equal(H747.DevId, recovered.IdentifyTarget(H747).DevId);
    }
}
