namespace Stm32.Build.Diagnostics;

// STM5500–STM5999: the virtual board's debug port, virtual ST-LINK, ST-LINK server and `stm32 sim`.
public static partial class DiagnosticCodes
{
    /// <summary>The virtual ST-LINK has been unplugged (board fault <c>unplug-after=N</c>); every USB transfer fails until it is replugged.</summary>
    public const string VirtualProbeDisconnected = "STM5500";
    /// <summary>A USB transfer to the virtual ST-LINK was malformed (empty or over-long command block, data phase larger than the probe's buffer).</summary>
    public const string VirtualProbeBadTransfer = "STM5501";
    /// <summary>The ST-LINK server could not listen on the requested address and port.</summary>
    public const string StLinkServerListenFailed = "STM5510";
    /// <summary>An ST-LINK server client sent a truncated or corrupted frame; the connection was closed.</summary>
    public const string StLinkServerBadFrame = "STM5511";
    /// <summary>The USB emulation (umockdev's libumockdev and its preload library) is not installed, or this is not Linux.</summary>
    public const string UsbEmulationUnavailable = "STM5600";
    /// <summary>The USB emulation could not set up its test bed (sysfs entry, device node, ioctl socket) for a virtual probe.</summary>
    public const string UsbEmulationSetupFailed = "STM5601";
    /// <summary>`stm32 sim usb` was given options it cannot use (no command to run, a bad --probe or --replug-after value).</summary>
    public const string SimUsbInvalidOption = "STM5602";
    /// <summary>`stm32 sim usb` could not start the command it was asked to run.</summary>
    public const string SimUsbCommandNotStarted = "STM5603";
}
