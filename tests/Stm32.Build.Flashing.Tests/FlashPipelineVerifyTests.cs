using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Session;
using Stm32.Build.TestSupport;
using Stm32.Build.Validation;

namespace Stm32.Build.Flashing.Tests;

/// <summary>The CRC is never the only witness: a disagreement is decided by a read-back.</summary>
[Trait("Requires", "gcc")]
public sealed class FlashPipelineVerifyTests
{
    private const uint CrcDataRegister = 0x5200_205C;

    [Fact]
    public async Task CrcDisagreement_WithAMatchingReadBack_PassesAndSaysTheCrcDisagreed()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var session = new Tampering(rig.Session) { CorruptCrc = true };
        var report = await new FlashPipeline(session).FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero, SkipUnchanged = false });

        Assert.True(report.Succeeded, report.Error?.ToString());
        Assert.True(report.Verify!.CrcDisagreed);
        Assert.Equal("passed", report.Verify.Result);
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.CrcDisagreed && d.Address == 0x0800_0000);
        Assert.True(rig.FlashHolds(image));
    }

    [Fact]
    public async Task ReadBackThatDiffers_IsAVerifyFailureWithTheAddress()
    {
        using var rig = new BoardRig();
        var image = BoardRig.Elf(FirmwareVariant.Cm7Blinky);
        var session = new Tampering(rig.Session) { CorruptCrc = true, CorruptFlashAt = 0x0800_0010 };
        var report = await new FlashPipeline(session).FlashAsync(BoardRig.Request(new ImageInput(image)) with { DelayGuard = TimeSpan.Zero });

        Assert.Equal(DiagnosticCodes.VerifyFailed, report.Error!.Code);
        Assert.Equal(0x0800_0010u, report.Error.Address);
        Assert.Contains("the flash CRC unit disagreed too", report.Error.Message);
        Assert.Equal("0x08000010", report.Verify!.FirstMismatch);
        Assert.True(rig.AllLocked());
    }

    /// <summary>A session that falsifies what the host reads (never what the chip holds).</summary>
    private sealed class Tampering(IDebugSession inner) : IDebugSession
    {
        public bool CorruptCrc { get; init; }
        public uint? CorruptFlashAt { get; init; }

        public string ProbeName => inner.ProbeName;
        public string ProbeSelection => inner.ProbeSelection;
        public ITargetClock Clock => inner.Clock;
        public bool IsConnected => inner.IsConnected;
        public void Connect(bool holdInReset) => inner.Connect(holdInReset);
        public void Disconnect() => inner.Disconnect();
        public uint ReadDpIdcode() => inner.ReadDpIdcode();
        public double? ReadTargetVoltage() => inner.ReadTargetVoltage();
        public void WriteWord(int accessPort, uint address, uint value) => inner.WriteWord(accessPort, address, value);
        public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data) => inner.WriteMemory(accessPort, address, data);
        public void SetNrst(bool low) => inner.SetNrst(low);
        public uint ReadCoreRegister(int accessPort, int regsel) => inner.ReadCoreRegister(accessPort, regsel);
        public void Dispose() { }

        public uint ReadWord(int accessPort, uint address)
        {
            var value = inner.ReadWord(accessPort, address);
            return CorruptCrc && address == CrcDataRegister ? ~value : value;
        }

        public void ReadMemory(int accessPort, uint address, Span<byte> buffer)
        {
            inner.ReadMemory(accessPort, address, buffer);
            if (CorruptFlashAt is uint at && at >= address && at < address + (uint)buffer.Length)
            {
                buffer[(int)(at - address)] ^= 0x01;
            }
        }
    }
}
