using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Stm32.Build.VirtualBoard.Driver;
using Stm32.Build.VirtualBoard;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.StLink.Tests.Integration;

/// <summary>
/// The driver's error and recovery paths on firmware that makes the debug port stop answering: the Cortex-M7 image
/// of tests/firmware/h747/swd_off.c turns PA13/PA14 (SWDIO/SWCLK) into outputs on the emulated core, and
/// connect-under-reset gets back in (reset returns the pins to SWD, the core is held before the firmware runs).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class BoardFaultRecoveryTests
{
    private static readonly DeviceDescription H747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");

    [Fact]
    public async Task A_silenced_debug_port_is_reported_and_connect_under_reset_recovers()
    {
        using var board = new Board(new VirtualBoardOptions());
        var probe = StLinkProbe.Open(new VirtualProbeTransport(board.Probe, "t"), VirtualBoardFixture.NoLock);
        ProbeException? lost = null;
        try
        {
            var image = ImageReader.Read(FirmwareBuilder.BuildH747(FirmwareVariant.Cm7SwdOff));
            foreach (var segment in image.Segments.Where(s => H747.FindBank(s.Address) is not null))
            {
                var start = segment.Address & ~31u;
                var bytes = new byte[(int)(((segment.End + 31) & ~31UL) - start)];
                Array.Fill(bytes, (byte)0xFF);
                segment.Data.Span.CopyTo(bytes.AsSpan((int)(segment.Address - start)));
                for (var i = 0; i < bytes.Length; i += 32)
                {
                    FlashProgramming.ProgramFlashWord(probe, start + (uint)i, bytes.AsSpan(i, 32));
                }
            }
            var vectors = image.Segments.First(s => s.Address == 0x08000000).Data[..8].ToArray();
            Assert.Equal(vectors, probe.ReadMemory(0, 0x08000000, 8));

            try
            {
                // Boots the firmware, which takes the SWD pins within microseconds: the reset's own status read may
                // already find the debug port silent.
                await probe.ResetSystemAsync(0, halt: false);
            }
            catch (StLinkCommandException ex)
            {
                lost = ex;
            }
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
        Assert.Null(board.Chip.DebugBlockReason);
    }
}
