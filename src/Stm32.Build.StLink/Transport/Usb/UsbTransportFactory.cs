namespace Stm32.Build.StLink.Transport.Usb;

/// <summary>
/// <c>auto</c>, <c>usb</c> and <c>usb:SERIAL</c>: the probe is identified by its serial number (found by
/// enumerating when none is given), locked by it, and only then opened and its interface claimed, so a second
/// process waits for the lock instead of failing on the claimed interface.
/// </summary>
internal sealed class UsbTransportFactory : IProbeTransportFactory
{
    public static UsbTransportFactory Instance { get; } = new();

    public IReadOnlyList<ProbeSelectionKind> Kinds { get; } = [ProbeSelectionKind.Auto, ProbeSelectionKind.Usb];

    public IStLinkTransport Open(ProbeSelection selection, ProbeOpenContext context)
    {
        var serial = selection.SerialNumber ?? StLinkProbe.PickSingle(StLinkProbe.ListUsb()).SerialNumber;
        context.Lock(ProbeDescriptor.UsbLockKey(serial));
        return UsbTransport.Open(serial);
    }
}
