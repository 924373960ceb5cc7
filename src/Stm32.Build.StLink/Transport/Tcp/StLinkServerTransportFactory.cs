using System.Diagnostics;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.StLink.Transport.Tcp;

/// <summary>
/// <c>tcp://HOST[:PORT][/SERIAL]</c>: asks the ST-LINK server for its probes, picks the one selected, locks it by
/// the identity the server gives it (the server's address as connected, and the probe's serial), then opens it.
/// When the server reports the probe in use by a client this machine's lock does not know (another host, another
/// user), the open polls the server until the probe is free, within the same bound as the lock, naming the server.
/// </summary>
internal sealed class StLinkServerTransportFactory : IProbeTransportFactory
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    public static StLinkServerTransportFactory Instance { get; } = new();

    public IReadOnlyList<ProbeSelectionKind> Kinds { get; } = [ProbeSelectionKind.Tcp];

    public IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context)
    {
        var client = StLinkServerClient.Connect(selection.Host!, selection.Port, s_connectTimeout);
        try
        {
            var device = Pick(client, selection);
            context.Lock(ProbeDescriptor.ServerLockKey(client.RemoteEndpoint, device.SerialNumber));
            device = WaitUntilFree(client, device, context.Options);
            return new StLinkServerTransport(client, device);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static StLinkServerDevice Pick(StLinkServerClient client, ProbeSelection selection)
    {
        var devices = Supported(client);
        if (selection.SerialNumber is { } serial)
        {
            return devices.FirstOrDefault(d => string.Equals(d.SerialNumber, serial, StringComparison.OrdinalIgnoreCase))
                ?? throw ProbeErrors.Create(DiagnosticCodes.ProbeNotFound,
                    $"the ST-LINK server at {client.Endpoint} has no probe with serial {serial}; it has: {(devices.Count == 0 ? "none" : string.Join(", ", devices.Select(d => d.SerialNumber)))}");
        }
        return devices.Count switch
        {
            1 => devices[0],
            0 => throw ProbeErrors.Create(DiagnosticCodes.NoProbeFound, $"the ST-LINK server at {client.Endpoint} reports no ST-LINK"),
            _ => throw ProbeErrors.Create(DiagnosticCodes.AmbiguousProbe,
                $"the ST-LINK server at {client.Endpoint} has {devices.Count} probes; pick one with " +
                string.Join(" or ", devices.Select(d => $"--probe {new ProbeSelection(ProbeSelectionKind.Tcp, d.SerialNumber, selection.Host, selection.Port)}"))),
        };
    }

    private static List<StLinkServerDevice> Supported(StLinkServerClient client) =>
        client.ListDevices().Where(d => StLinkUsbIds.Find(d.VendorId, d.ProductId) is { Supported: true }).ToList();

    /// <summary>Polls the server's device list while it reports the probe in use, bounded by the lock timeout.</summary>
    private static StLinkServerDevice WaitUntilFree(StLinkServerClient client, StLinkServerDevice device, ProbeOpenOptions options)
    {
        var waited = Stopwatch.StartNew();
        var told = false;
        while (device.InUse)
        {
            var name = $"ST-LINK {device.SerialNumber} via stlink-server {client.Endpoint}";
            if (waited.Elapsed >= options.LockTimeout)
            {
                throw TransportException.Create(TransportErrorKind.Busy, name,
                    $"the ST-LINK server reports it in use by another of its clients, still after {options.LockTimeout.TotalSeconds:0.#} s");
            }
            if (!told)
            {
                told = true;
                options.Waiting?.Invoke($"probe {name} is in use by another client of the ST-LINK server; waiting up to {options.LockTimeout.TotalSeconds:0.#} s");
            }
            Thread.Sleep(s_poll);
            device = client.ListDevices().FirstOrDefault(d => d.DeviceId == device.DeviceId && d.SerialNumber == device.SerialNumber)
                ?? throw ProbeErrors.Create(DiagnosticCodes.ProbeNotFound,
                    $"the ST-LINK server at {client.Endpoint} no longer lists the probe {device.SerialNumber}");
        }
        return device;
    }
}
