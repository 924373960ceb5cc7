using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport;

namespace Stm32.Build.StLink.Tests;

/// <summary>
/// The transport factories behind the selection syntax. This assembly never registers the virtual board, so
/// <c>sim</c> shows what a host without it gets.
/// </summary>
public sealed class ProbeTransportsTests
{
    [Fact]
    public void Sim_without_the_virtual_board_registered_is_a_coded_error_saying_how_to_register_it()
    {
        Assert.False(ProbeTransports.IsRegistered(ProbeSelectionKind.Simulator));
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open("sim"));
        Assert.Equal(DiagnosticCodes.ProbeTransportNotRegistered, e.Code);
        Assert.Contains("VirtualBoardProbes.Register()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usb_and_tcp_are_built_in()
    {
        Assert.True(ProbeTransports.IsRegistered(ProbeSelectionKind.Auto));
        Assert.True(ProbeTransports.IsRegistered(ProbeSelectionKind.Usb));
        Assert.True(ProbeTransports.IsRegistered(ProbeSelectionKind.Tcp));
    }

    [Fact]
    public void A_factory_takes_the_lock_through_its_context_and_a_failed_open_still_holds_it_for_the_caller_to_release()
    {
        var factory = new RecordingFactory();
        var dir = Directory.CreateTempSubdirectory("stm32-factory-");
        try
        {
            var selection = ProbeSelection.Parse("tcp://factory-test:1/ABC");
            using var context = new ProbeOpenContext(new ProbeOpenOptions { LockDirectory = dir.FullName, LockTimeout = TimeSpan.Zero });
            Assert.Throws<InvalidOperationException>(() => factory.Open(selection, context));
            Assert.True(context.Locked);
            Assert.NotNull(context.Held);
            Assert.Equal("test-ABC", context.Held!.Key);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private sealed class RecordingFactory : IProbeTransportFactory
    {
        public IReadOnlyList<ProbeSelectionKind> Kinds { get; } = [ProbeSelectionKind.Tcp];

        public IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context)
        {
            context.Lock("test-" + selection.SerialNumber);
            throw new InvalidOperationException("opened after locking");
        }
    }
}
