using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard;

/// <summary>The in-process USB endpoint of a virtual ST-LINK: what a driver's USB transport talks to.</summary>
public interface IVirtualUsbProbe
{
    /// <summary>The USB vendor ID (0x0483).</summary>
    ushort VendorId { get; }

    /// <summary>The USB product ID of the generation (0x3748, 0x374B, 0x374F).</summary>
    ushort ProductId { get; }

    /// <summary>The USB serial number.</summary>
    string SerialNumber { get; }

    /// <summary>Whether the probe is on the bus.</summary>
    bool IsConnected { get; }

    /// <summary>Takes the probe off the bus (the cable pulled).</summary>
    void Unplug();

    /// <summary>Brings an unplugged probe back on the bus (a fresh enumeration).</summary>
    void Replug();

    /// <summary>
    /// One ST-LINK command: the command block (up to 16 bytes, as sent on the bulk OUT endpoint), then the OUT data
    /// phase (may be empty), then the IN data phase; returns the number of IN bytes produced (&lt;= dataIn.Length).
    /// Throws <see cref="VirtualProbeDisconnectedException"/> once unplugged.
    /// </summary>
    int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn);
}

/// <summary>The virtual probe is no longer on the USB bus (board fault <c>unplug-after=N</c>).</summary>
public sealed class VirtualProbeDisconnectedException : Stm32Exception
{
    /// <summary>Creates the exception for the probe with <paramref name="serialNumber"/>.</summary>
    public VirtualProbeDisconnectedException(string serialNumber)
        : base(new Diagnostic(DiagnosticCodes.VirtualProbeDisconnected, DiagnosticSeverity.Error,
            $"the ST-LINK {serialNumber} is no longer on the USB bus (unplugged)"))
    {
    }
}
