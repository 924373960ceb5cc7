using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport;
using Stm32.Build.StLink.Transport.Tcp;
using Stm32.Build.StLink.Transport.Usb;

namespace Stm32.Build.StLink;

/// <summary>
/// The transport factories the probe selection syntax (<see cref="ProbeSelection.Syntax"/>) is served by. USB
/// (<c>auto</c>, <c>usb[:SERIAL]</c>) and the ST-LINK server (<c>tcp://</c>) are registered here; the virtual board
/// (<c>sim</c>) is registered by the host that carries it: <c>Stm32.Build.VirtualBoard.Driver.VirtualBoardProbes.Register()</c>,
/// which the <c>stm32</c> CLI and the MSBuild tasks call at start. Selecting a kind nobody registered is STM3030.
/// Thread-safe; registering again replaces the factory for its kinds.
/// </summary>
public static class ProbeTransports
{
    private static readonly object s_sync = new();
    private static readonly Dictionary<ProbeSelectionKind, IProbeTransportFactory> s_factories = new()
    {
        [ProbeSelectionKind.Auto] = UsbTransportFactory.Instance,
        [ProbeSelectionKind.Usb] = UsbTransportFactory.Instance,
        [ProbeSelectionKind.Tcp] = StLinkServerTransportFactory.Instance,
    };

    /// <summary>Registers <paramref name="factory"/> for each of its <see cref="IProbeTransportFactory.Kinds"/>.</summary>
    public static void Register(IProbeTransportFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (s_sync)
        {
            foreach (var kind in factory.Kinds)
            {
                s_factories[kind] = factory;
            }
        }
    }

    /// <summary>Whether a factory serves <paramref name="kind"/>.</summary>
    public static bool IsRegistered(ProbeSelectionKind kind)
    {
        lock (s_sync)
        {
            return s_factories.ContainsKey(kind);
        }
    }

    /// <summary>The factory for <paramref name="selection"/>, or STM3030 when none is registered.</summary>
    public static IProbeTransportFactory For(ProbeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        lock (s_sync)
        {
            if (s_factories.TryGetValue(selection.Kind, out var factory))
            {
                return factory;
            }
        }
        throw ProbeErrors.Create(DiagnosticCodes.ProbeTransportNotRegistered, selection.Kind == ProbeSelectionKind.Simulator
            ? $"probe selection '{selection}' needs the virtual board, which this program did not register; reference Stm32.Build.VirtualBoard and call Stm32.Build.VirtualBoard.Driver.VirtualBoardProbes.Register() at start (the stm32 CLI and the MSBuild tasks do)"
            : $"probe selection '{selection}' has no transport registered in this program");
    }
}
