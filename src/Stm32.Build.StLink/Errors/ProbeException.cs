using Stm32.Build.Diagnostics;

namespace Stm32.Build.StLink;

/// <summary>
/// Base of every error the ST-LINK driver raises on purpose: a coded <see cref="Diagnostic"/> (STM3xxx) with the
/// probe it concerns and, where known, the target address.
/// </summary>
public class ProbeException : Stm32Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public ProbeException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic, inner)
    {
    }
}

/// <summary>What went wrong in a transport (USB, TCP, in-process) below the ST-LINK protocol.</summary>
public enum TransportErrorKind
{
    /// <summary>The transfer did not complete within its timeout.</summary>
    Timeout,
    /// <summary>The probe is gone: unplugged, reset, or the server closed the connection.</summary>
    Disconnected,
    /// <summary>The operating system refused access to the device.</summary>
    AccessDenied,
    /// <summary>The endpoint stalled (USB pipe error).</summary>
    Pipe,
    /// <summary>Any other input/output failure.</summary>
    Io,
    /// <summary>The device is in use by another program (interface already claimed, server says "used").</summary>
    Busy,
}

/// <summary>A failure of the transport layer, with the identity of the probe it happened on.</summary>
public sealed class TransportException : ProbeException
{
    /// <summary>Creates the exception.</summary>
    public TransportException(TransportErrorKind kind, string probe, Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic, inner)
    {
        Kind = kind;
        Probe = probe;
    }

    /// <summary>What kind of failure it was.</summary>
    public TransportErrorKind Kind { get; }

    /// <summary>The probe the transfer was for (its display name: transport and serial).</summary>
    public string Probe { get; }

    /// <summary>Builds the exception with the code and wording for <paramref name="kind"/>.</summary>
    public static TransportException Create(TransportErrorKind kind, string probe, string detail, Exception? inner = null)
    {
        var (code, text) = kind switch
        {
            TransportErrorKind.Timeout => (DiagnosticCodes.TransportTimeout, $"probe {probe} did not answer in time ({detail})"),
            TransportErrorKind.Disconnected => (DiagnosticCodes.ProbeDisconnected, $"probe {probe} was disconnected ({detail}); check the USB cable and plug the probe in again"),
            TransportErrorKind.AccessDenied => (DiagnosticCodes.UsbAccessDenied, $"access to probe {probe} denied ({detail}); on Linux install docs/udev/49-stm32-build-stlink.rules into /etc/udev/rules.d and re-plug the probe, in a container pass the USB device through"),
            TransportErrorKind.Busy => (DiagnosticCodes.ProbeBusy, $"probe {probe} is in use by another program ({detail}); close STM32CubeProgrammer, OpenOCD or any debugger using it"),
            TransportErrorKind.Pipe => (DiagnosticCodes.TransportError, $"probe {probe} stalled the transfer ({detail})"),
            _ => (DiagnosticCodes.TransportError, $"transfer to probe {probe} failed ({detail})"),
        };
        return new TransportException(kind, probe, new Diagnostic(code, DiagnosticSeverity.Error, text), inner);
    }
}

/// <summary>The probe answered an ST-LINK command with an error status.</summary>
public sealed class StLinkCommandException : ProbeException
{
    /// <summary>Creates the exception.</summary>
    public StLinkCommandException(StLinkStatus status, byte rawStatus, string command, Diagnostic diagnostic)
        : base(diagnostic)
    {
        Status = status;
        RawStatus = rawStatus;
        Command = command;
    }

    /// <summary>The status, or <see cref="StLinkStatus.Unknown"/> for a value the driver does not know.</summary>
    public StLinkStatus Status { get; }

    /// <summary>The status byte exactly as the probe sent it.</summary>
    public byte RawStatus { get; }

    /// <summary>The command that failed, by its protocol name.</summary>
    public string Command { get; }
}

/// <summary>The probe's firmware is too old for a command.</summary>
public sealed class FirmwareTooOldException : ProbeException
{
    /// <summary>Creates the exception.</summary>
    public FirmwareTooOldException(string found, string needed, string feature)
        : base(new Diagnostic(DiagnosticCodes.FirmwareTooOld, DiagnosticSeverity.Error,
            $"{feature} needs a newer probe firmware: update the ST-LINK firmware (found {found}, need {needed} or newer) with STM32CubeProgrammer or ST's STLinkUpgrade tool"))
    {
        Found = found;
        Needed = needed;
    }

    /// <summary>The firmware found, e.g. <c>V2J21</c>.</summary>
    public string Found { get; }

    /// <summary>The oldest firmware that has the command, e.g. <c>V2J24</c>.</summary>
    public string Needed { get; }
}

/// <summary>Small helpers that build the driver's coded exceptions.</summary>
internal static class ProbeErrors
{
    public static ProbeException Create(string code, string message, uint? address = null, Exception? inner = null) =>
        new(new Diagnostic(code, DiagnosticSeverity.Error, message, Address: address), inner);

    public static ProbeException Invalid(string message) => Create(DiagnosticCodes.InvalidProbeRequest, message);

    public static ProbeException Malformed(string message) => Create(DiagnosticCodes.MalformedReply, message);

    public static ProbeException Selection(string message) => Create(DiagnosticCodes.InvalidProbeSelection, message);
}
