using System.Diagnostics;
using Stm32.Build.Emulator.Gdb;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Gdb;

/// <summary>The GDB remote client against a scripted stub: acknowledgements, retries, errors, chunking and time limits.</summary>
public sealed class GdbRemoteClientTests
{
    [Fact]
    public void RequestsAreAcknowledgedAndRepliesDecoded()
    {
        using var stub = new FakeGdbStub(p => p == "?" ? "T05thread:p01.01;" : "");
        using var client = stub.Connect();
        var stop = client.QueryHaltReason();
        Assert.Equal(GdbStopKind.Signal, stop.Kind);
        Assert.Equal(5, stop.Code);
        Assert.Equal("p01.01", stop.Pairs["thread"]);
        Assert.Equal(["?"], stub.Received);
    }

    [Fact]
    public void ARejectedPacketIsSentAgain()
    {
        using var stub = new FakeGdbStub(_ => "OK") { RejectFirstRequest = true };
        using var client = stub.Connect();
        client.RequestOk("Hg0");
        Assert.Equal(["Hg0"], stub.Received);
    }

    [Fact]
    public void AReplyWithABadChecksumIsNakedAndReceivedAgain()
    {
        using var stub = new FakeGdbStub(_ => "01020304") { CorruptFirstReply = true };
        using var client = stub.Connect();
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, client.ReadMemory(0x20000000, 4));
        Assert.Equal(1, stub.NaksReceived);
    }

    [Fact]
    public void SupportedFeaturesSetThePacketSizeAndMemoryIsChunked()
    {
        using var stub = new FakeGdbStub(p => p.StartsWith("qSupported", StringComparison.Ordinal)
            ? "PacketSize=48;qXfer:features:read+"
            : p.StartsWith('m') ? new string('a', 2 * int.Parse(p[(p.IndexOf(',') + 1)..], System.Globalization.NumberStyles.HexNumber)) : "OK");
        using var client = stub.Connect();
        var features = client.QuerySupported();
        Assert.Equal("+", features["qXfer:features:read"]);
        Assert.Equal(0x48, client.PacketSize);
        var data = client.ReadMemory(0x1000, 100);
        Assert.Equal(100, data.Length);
        Assert.All(data, b => Assert.Equal(0xAA, b));
        var reads = stub.Received.Where(p => p.StartsWith('m')).ToList();
        Assert.True(reads.Count > 1, "the read should be split into several packets");
        Assert.Equal("m1000,20", reads[0]);
    }

    [Fact]
    public void ErrorRepliesCarryTheAddress()
    {
        using var stub = new FakeGdbStub(_ => "E14");
        using var client = stub.Connect();
        var ex = Assert.Throws<GdbException>(() => client.ReadMemory(0xDEAD0000, 4));
        Assert.Equal("STM7903", ex.Code);
        Assert.Equal(0xDEAD0000u, ex.Diagnostic.Address);
    }

    [Fact]
    public void ASilentStubTimesOutWithinTheLimit()
    {
        using var stub = new FakeGdbStub(_ => null);
        using var client = stub.Connect();
        client.Timeout = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<GdbException>(() => client.Request("g"));
        Assert.Equal("STM7901", ex.Code);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AClosedConnectionIsReported()
    {
        using var stub = new FakeGdbStub(_ => "OK") { CloseAfterFirstRequest = true };
        using var client = stub.Connect();
        var ex = Assert.Throws<GdbException>(() => client.Request("g"));
        Assert.Equal("STM7904", ex.Code);
    }

    [Fact]
    public void ConnectingToNothingFailsWithinTheLimit()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var ex = Assert.Throws<GdbException>(() => GdbRemoteClient.Connect("127.0.0.1", port, TimeSpan.FromMilliseconds(300)));
        Assert.Equal("STM7904", ex.Code);
    }

    [Fact]
    public void FeatureFilesAreReadInChunksUntilTheLastOne()
    {
        var text = "<target><architecture>arm</architecture></target>";
        using var stub = new FakeGdbStub(p =>
        {
            var offset = Convert.ToInt32(p.Split(':')[4].Split(',')[0], 16);
            var chunk = text.Substring(offset, Math.Min(10, text.Length - offset));
            return (offset + chunk.Length >= text.Length ? "l" : "m") + chunk;
        });
        using var client = stub.Connect();
        Assert.Equal(text, client.ReadFeatureFile("target.xml"));
        Assert.True(stub.Received.Count >= 5);
    }

    [Fact]
    public void BreakpointsAndRegisterWritesUseTheDocumentedPacketForms()
    {
        using var stub = new FakeGdbStub(_ => "OK");
        using var client = stub.Connect();
        client.InsertBreakpoint(0x08000100);
        client.RemoveBreakpoint(0x08000100, 4);
        client.WriteRegister(15, [0x00, 0x01, 0x00, 0x08]);
        client.WriteMemory(0x20000000, [0xDE, 0xAD]);
        client.WriteAllRegisters([0x01, 0x02]);
        Assert.Equal(["Z0,8000100,2", "z0,8000100,4", "Pf=00010008", "M20000000,2:dead", "G0102"], stub.Received);
    }

    [Fact]
    public void AContinueThatRunsTooLongIsInterrupted()
    {
        using var stub = new FakeGdbStub(p => p == "c" ? null : "OK");
        using var client = stub.Connect();
        var result = client.Continue(TimeSpan.FromMilliseconds(200));
        Assert.True(result.TimedOut);
        Assert.Equal(2, result.Stop.Code); // SIGINT
    }

    [Fact]
    public void AContinueEndingAtABreakpointReportsTheTrap()
    {
        using var stub = new FakeGdbStub(p => p == "c" ? "T05swbreak:;" : "OK");
        using var client = stub.Connect();
        var result = client.Continue(TimeSpan.FromSeconds(5));
        Assert.False(result.TimedOut);
        Assert.Equal(GdbStopReply.SigTrap, result.Stop.Code);
    }
}
