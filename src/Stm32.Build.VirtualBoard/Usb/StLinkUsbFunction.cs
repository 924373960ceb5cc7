using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Probe;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>What became of a bulk transfer on the device side.</summary>
internal enum BulkOutcome
{
    /// <summary>Done: all OUT bytes accepted, or the IN transfer filled or ended by a short packet.</summary>
    Completed,
    /// <summary>The device has nothing (more) to send: it answers NAK and the transfer waits (until the host gives up).</summary>
    Pending,
    /// <summary>The endpoint is halted: the transfer ends with a STALL until the host clears the halt.</summary>
    Stalled,
    /// <summary>The probe left the bus during the transfer.</summary>
    Disconnected,
}

/// <summary>
/// The probe's firmware as its bulk endpoints show it: commands and their OUT data arrive on the OUT endpoint as
/// OpenOCD and this driver send them (a command block, then the data phase whose length the command carries:
/// <see cref="StLinkCommandFraming"/>); once complete, the command runs on the virtual ST-LINK
/// (<see cref="IVirtualUsbProbe.Transfer"/>) and its reply waits on the IN endpoint. The reply leaves in packets
/// of the endpoint's size: an IN transfer ends when its buffer is full or with a short packet; when the reply ends
/// exactly on a packet boundary short of what the host asked, no zero-length packet follows, so the transfer
/// waits (and times out on the host), as on a device that sends no ZLP. With no reply pending, IN transfers wait.
/// A malformed OUT transfer (a data phase longer than the probe's 6 KiB buffer, more data than the command
/// announced, a command the firmware rejects) halts the OUT endpoint until the host clears it. A new command
/// discards reply bytes the host did not read. The SWO trace endpoint never has data. Not thread-safe: the
/// caller serialises transfers (the usbfs front end handles one ioctl at a time per device).
/// </summary>
internal sealed class StLinkUsbFunction
{
    private readonly IVirtualUsbProbe _probe;
    private readonly StLinkUsbDescriptors _descriptors;
    private readonly byte[] _command = new byte[StLinkCommandFraming.CommandSize];
    private readonly byte[] _data = new byte[StLinkFeatures.DataBufferSize];
    private readonly byte[] _reply = new byte[VirtualStLink.ReplyCapacity];
    private int _commandLength;
    private int _dataExpected = -1;
    private int _dataReceived;
    private int _replyOffset;
    private int _replyLength;

    public StLinkUsbFunction(IVirtualUsbProbe probe, StLinkUsbDescriptors descriptors)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _descriptors = descriptors ?? throw new ArgumentNullException(nameof(descriptors));
    }

    /// <summary>Whether the OUT endpoint is halted.</summary>
    public bool OutHalted { get; private set; }

    /// <summary>Whether the reply endpoint is halted.</summary>
    public bool InHalted { get; private set; }

    /// <summary>Reply bytes not yet sent to the host.</summary>
    public int ReplyPending => _replyLength - _replyOffset;

    /// <summary>Commands completed (for tests and the session summary).</summary>
    public long Commands { get; private set; }

    /// <summary>The last malformed transfer, when the OUT endpoint halted.</summary>
    public string? LastFault { get; private set; }

    /// <summary>One OUT transfer on the OUT endpoint.</summary>
    public BulkOutcome Out(ReadOnlySpan<byte> data)
    {
        if (OutHalted)
        {
            return BulkOutcome.Stalled;
        }
        if (_dataExpected < 0)
        {
            // Idle: this transfer starts a command (a new command drops what the host did not read).
            _replyOffset = _replyLength = 0;
            _commandLength = Math.Min(data.Length, StLinkCommandFraming.CommandSize);
            Array.Clear(_command);
            data[.._commandLength].CopyTo(_command);
            _dataExpected = StLinkCommandFraming.OutDataLength(_command.AsSpan(0, _commandLength));
            _dataReceived = 0;
            data = data[_commandLength..];
            if (_dataExpected > _data.Length)
            {
                return Halt($"a data phase of {_dataExpected} bytes is larger than the probe's {_data.Length}-byte buffer");
            }
        }
        if (data.Length > _dataExpected - _dataReceived)
        {
            return Halt($"{data.Length} OUT bytes where the command expects {_dataExpected - _dataReceived} more");
        }
        data.CopyTo(_data.AsSpan(_dataReceived));
        _dataReceived += data.Length;
        return _dataReceived < _dataExpected ? BulkOutcome.Completed : Execute();
    }

    /// <summary>
    /// An IN transfer on <paramref name="endpoint"/> for <paramref name="buffer"/>, of which <paramref name="received"/>
    /// bytes arrived earlier; the bytes sent now are added to <paramref name="received"/>.
    /// </summary>
    public BulkOutcome In(byte endpoint, Span<byte> buffer, ref int received)
    {
        if (endpoint != _descriptors.EndpointIn)
        {
            return BulkOutcome.Pending; // the SWO trace endpoint: nothing is ever captured
        }
        if (InHalted)
        {
            return BulkOutcome.Stalled;
        }
        var packet = _descriptors.PacketSize;
        while (received < buffer.Length && ReplyPending > 0)
        {
            var n = Math.Min(Math.Min(packet, ReplyPending), buffer.Length - received);
            _reply.AsSpan(_replyOffset, n).CopyTo(buffer[received..]);
            _replyOffset += n;
            received += n;
            if (n < packet)
            {
                return BulkOutcome.Completed; // a short packet ends the transfer
            }
        }
        return received == buffer.Length ? BulkOutcome.Completed : BulkOutcome.Pending;
    }

    /// <summary>CLEAR_FEATURE(ENDPOINT_HALT) for <paramref name="endpoint"/>: the endpoint runs again and the firmware is idle.</summary>
    public void ClearHalt(byte endpoint)
    {
        if (endpoint == _descriptors.EndpointOut)
        {
            OutHalted = false;
            _dataExpected = -1;
        }
        else if (endpoint == _descriptors.EndpointIn)
        {
            InHalted = false;
        }
    }

    /// <summary>A USB reset: endpoints run, nothing half-received or pending.</summary>
    public void Reset()
    {
        OutHalted = InHalted = false;
        _dataExpected = -1;
        _replyOffset = _replyLength = 0;
    }

    private BulkOutcome Execute()
    {
        var dataLength = _dataExpected;
        _dataExpected = -1;
        try
        {
            _replyLength = _probe.Transfer(_command.AsSpan(0, _commandLength), _data.AsSpan(0, dataLength), _reply);
            _replyOffset = 0;
            Commands++;
            return BulkOutcome.Completed;
        }
        catch (VirtualProbeDisconnectedException)
        {
            return BulkOutcome.Disconnected;
        }
        catch (Stm32Exception ex) when (ex.Code == DiagnosticCodes.VirtualProbeBadTransfer)
        {
            return Halt(ex.Message);
        }
    }

    private BulkOutcome Halt(string why)
    {
        OutHalted = true;
        LastFault = why;
        _dataExpected = -1;
        return BulkOutcome.Stalled;
    }
}
