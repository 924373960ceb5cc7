using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Tests.Support;

namespace Stm32.Build.StLink.Tests.Protocol;

/// <summary>Status handling: each status gives its typed error; WAIT is retried here, with a capped back-off, and nowhere else.</summary>
public sealed class StLinkProtocolErrorTests
{
    private static (StLinkProtocol Protocol, FakeStLink Fake, List<TimeSpan> Delays) Create()
    {
        var fake = FakeStLink.V2();
        var delays = new List<TimeSpan>();
        var p = new StLinkProtocol(fake) { Delay = delays.Add };
        p.ReadVersion();
        fake.Frames.Clear();
        return (p, fake, delays);
    }

    [Theory]
    [InlineData(0x11, "STM3022")]
    [InlineData(0x81, "STM3022")]
    [InlineData(0x19, "STM3022")]
    [InlineData(0x16, "STM3021")]
    [InlineData(0x15, "STM3021")]
    [InlineData(0x09, "STM3021")]
    [InlineData(0x05, "STM3021")]
    [InlineData(0x1D, "STM3025")]
    [InlineData(0x42, "STM3024")]
    [InlineData(0x77, "STM3024")]
    public void Each_status_maps_to_its_code(byte status, string code)
    {
        var (p, fake, _) = Create();
        fake.Statuses.Enqueue(status);
        var e = Assert.Throws<StLinkCommandException>(() => p.ReadDebugRegister(0xE000EDF0));
        Assert.Equal(code, e.Code);
        Assert.Equal(status, e.RawStatus);
        Assert.Equal("READDEBUGREG", e.Command);
        Assert.Equal(0xE000EDF0u, e.Diagnostic.Address);
    }

    [Fact]
    public void Wait_is_retried_with_exponential_backoff()
    {
        var (p, fake, delays) = Create();
        fake.Statuses.Enqueue(0x10);
        fake.Statuses.Enqueue(0x14);
        Assert.Equal(0x12345678u, p.ReadDebugRegister(0xE000EDF0));
        Assert.Equal(3, fake.Frames.Count);
        Assert.All(fake.Frames, f => Assert.Equal(fake.Frames[0].Hex, f.Hex));
        Assert.Equal([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2)], delays);
    }

    [Fact]
    public void Wait_gives_up_after_eight_retries()
    {
        var (p, fake, delays) = Create();
        for (var i = 0; i < 20; i++)
        {
            fake.Statuses.Enqueue(0x10);
        }
        var e = Assert.Throws<StLinkCommandException>(() => p.WriteDebugRegister(0xE000EDF0, 0));
        Assert.Equal(DiagnosticCodes.TargetWaitTimeout, e.Code);
        Assert.Equal(9, fake.Frames.Count);
        Assert.Equal(8, delays.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(128), delays[^1]);
    }

    [Fact]
    public void Transport_errors_pass_through_untouched()
    {
        var (p, fake, _) = Create();
        fake.FailWith = _ => TransportException.Create(TransportErrorKind.Disconnected, "fake", "unplugged");
        var e = Assert.Throws<TransportException>(() => p.ReadIdCode());
        Assert.Equal(TransportErrorKind.Disconnected, e.Kind);
        Assert.Equal(DiagnosticCodes.ProbeDisconnected, e.Code);
    }
}
