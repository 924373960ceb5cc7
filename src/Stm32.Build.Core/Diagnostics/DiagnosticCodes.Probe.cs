namespace Stm32.Build.Diagnostics;

// STM3xxx: probe, transport and debug port (the ST-LINK driver, src/Stm32.Build.StLink).
public static partial class DiagnosticCodes
{
    /// <summary>No ST-LINK probe is attached (or none is visible to this user).</summary>
    public const string NoProbeFound = "STM3001";
    /// <summary>Several probes are attached and the selection (<c>auto</c>, <c>usb</c>) does not say which one to use.</summary>
    public const string AmbiguousProbe = "STM3002";
    /// <summary>No attached probe has the requested serial number.</summary>
    public const string ProbeNotFound = "STM3003";
    /// <summary>The probe selection string is not valid (see docs/stlink-driver.md for the syntax).</summary>
    public const string InvalidProbeSelection = "STM3004";
    /// <summary>The libusb-1.0 shared library could not be loaded.</summary>
    public const string LibUsbMissing = "STM3005";
    /// <summary>The operating system denied access to the USB device (udev rules, container USB access).</summary>
    public const string UsbAccessDenied = "STM3006";
    /// <summary>A transfer to or from the probe did not complete in time.</summary>
    public const string TransportTimeout = "STM3007";
    /// <summary>The probe disappeared (unplugged, reset, or the server connection closed).</summary>
    public const string ProbeDisconnected = "STM3008";
    /// <summary>A USB or socket transfer failed (stalled endpoint, I/O error).</summary>
    public const string TransportError = "STM3009";
    /// <summary>The probe's firmware is too old for a command the operation needs.</summary>
    public const string FirmwareTooOld = "STM3010";
    /// <summary>The probe is of a generation the driver does not support (ST-LINK/V1).</summary>
    public const string UnsupportedProbe = "STM3011";
    /// <summary>Another process holds the probe (cross-process exclusivity lock) and did not release it in time.</summary>
    public const string ProbeBusy = "STM3012";
    /// <summary>The ST-LINK server (stlink-server protocol over TCP) refused a request or answered something unexpected.</summary>
    public const string StLinkServerError = "STM3013";
    /// <summary>The probe answered with a reply that does not follow the ST-LINK protocol.</summary>
    public const string MalformedReply = "STM3014";
    /// <summary>The target reads no supply voltage on the probe's VREF pin.</summary>
    public const string TargetNotPowered = "STM3020";
    /// <summary>The target's debug port does not answer (no IDCODE, SWD DP error or fault).</summary>
    public const string DebugPortNotResponding = "STM3021";
    /// <summary>A memory access through an access port faulted (nothing mapped, protected, or the bus is off).</summary>
    public const string MemoryAccessFault = "STM3022";
    /// <summary>The target kept answering WAIT after the bounded number of retries.</summary>
    public const string TargetWaitTimeout = "STM3023";
    /// <summary>The probe reported an error status the driver has no better explanation for.</summary>
    public const string ProbeCommandFailed = "STM3024";
    /// <summary>The requested access port does not exist or the probe cannot open it.</summary>
    public const string BadAccessPort = "STM3025";
    /// <summary>A core did not reach the requested state (halt, register transfer) in time.</summary>
    public const string CoreTimeout = "STM3026";
    /// <summary>A driver call had invalid arguments (alignment, length, register number).</summary>
    public const string InvalidProbeRequest = "STM3027";
    /// <summary>The probe handle was used after it was closed.</summary>
    public const string ProbeClosed = "STM3028";
    /// <summary>The probe selection names a transport no factory is registered for in this program (e.g. <c>sim</c> without the virtual board).</summary>
    public const string ProbeTransportNotRegistered = "STM3030";
    /// <summary>The lock directory or a lock file is unsafe or unusable (a symbolic link, not owned by the user, open to other users, not creatable).</summary>
    public const string ProbeLockUnsafe = "STM3031";
    /// <summary>A property for the selected transport (e.g. a <c>sim</c> board property) is unknown or has an invalid value.</summary>
    public const string ProbeTransportProperty = "STM3032";
    /// <summary>The virtual board's state file path cannot be used (a symbolic link that does not resolve, a loop, a directory).</summary>
    public const string SimulatorStatePathInvalid = "STM3033";

    /// <summary>The SWD clock asked for (<c>--swd-khz</c>, Stm32SwdFrequency) is not one the probe's generation can set.</summary>
    public const string SwdFrequencyNotSupported = "STM3050";
    /// <summary>The probe's firmware is older than what a feature of the operation needs (warning naming the versions).</summary>
    public const string ProbeFirmwareOld = "STM3051";
}
