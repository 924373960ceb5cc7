using System.Buffers.Binary;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Probe;

/// <summary>
/// A virtual ST-LINK (V2, V2-1 or V3) as its USB endpoint: it interprets the ST-LINK command set the way the
/// public protocol users (OpenOCD 0.12 <c>stlink_usb.c</c>, stlink-org, pyOCD, probe-rs) expect, and performs the
/// SWD transfers on the board's wire. Each command costs one USB round trip (<see cref="UsbTiming"/>) plus its SWD
/// transfers (<see cref="SwdLink"/>) on the virtual clock, and is counted in <see cref="BoardCounters"/>.
/// </summary>
public sealed partial class VirtualStLink : IVirtualUsbProbe
{
    private const int MaxCommandLength = 16;

    /// <summary>The largest reply: a full data buffer, or RW_MISC_IN of the largest V3 batch (1227 values and statuses).</summary>
    public const int ReplyCapacity = 8 * 1227 + 64;
    private readonly SwdLink _swd;
    private readonly VirtualClock _clock;
    private readonly BoardCounters _counters;
    private readonly UsbTiming _usb;
    private readonly long? _unplugAfter;
    private readonly byte[] _reply = new byte[ReplyCapacity];
    private long _commands;
    private bool _unplugged;

    /// <summary>Creates the probe on the wire <paramref name="wire"/>.</summary>
    /// <param name="model">The generation.</param>
    /// <param name="wire">The SWD target (the board's debug port).</param>
    /// <param name="clock">The board clock.</param>
    /// <param name="counters">The board counters.</param>
    /// <param name="serialNumber">The USB serial number.</param>
    /// <param name="unplugAfter">Board fault <c>unplug-after=N</c>: the probe leaves the bus after N commands.</param>
    public VirtualStLink(ProbeModel model, ISwdTarget wire, VirtualClock clock, BoardCounters counters, string serialNumber, long? unplugAfter = null)
    {
        ArgumentNullException.ThrowIfNull(wire);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        Firmware = StLinkFirmware.For(model);
        _usb = UsbTiming.For(model);
        _swd = new SwdLink(wire, clock, counters) { FrequencyKhz = Firmware.IsV3 ? 1000 : 1800 };
        SerialNumber = serialNumber ?? throw new ArgumentNullException(nameof(serialNumber));
        _unplugAfter = unplugAfter;
        IsConnected = true;
    }

    /// <summary>The firmware the probe reports.</summary>
    public StLinkFirmware Firmware { get; }

    /// <inheritdoc />
    public ushort VendorId => StLinkFirmware.StVendorId;

    /// <inheritdoc />
    public ushort ProductId => Firmware.ProductId;

    /// <inheritdoc />
    public string SerialNumber { get; }

    /// <inheritdoc />
    public bool IsConnected { get; private set; }

    /// <summary>The mode GET_CURRENT_MODE reports (mass storage after plug-in).</summary>
    public StLinkMode Mode { get; private set; } = StLinkMode.MassStorage;

    /// <summary>The SWD clock in kHz.</summary>
    public int SwdFrequencyKhz => _swd.FrequencyKhz;

    /// <summary>Commands received since the probe was (re)plugged.</summary>
    public long CommandCount => _commands;

    /// <summary>
    /// Brings an unplugged probe back on the bus (a fresh enumeration: mass-storage mode, command count 0). The
    /// <c>unplug-after=N</c> fault has happened by then: a replugged probe stays on the bus.
    /// </summary>
    public void Replug()
    {
        IsConnected = true;
        _commands = 0;
        LeaveDebugMode();
    }

    /// <summary>Takes the probe off the bus.</summary>
    public void Unplug()
    {
        if (IsConnected)
        {
            LeaveDebugMode();
            IsConnected = false;
        }
    }

    /// <summary>Leaves debug mode if in it (what a host's close does), releasing NRST.</summary>
    public void LeaveDebugMode()
    {
        if (Mode == StLinkMode.Debug)
        {
            _swd.Wire.NrstDrivenLow = false;
        }
        _openAps.Clear();
        Mode = StLinkMode.MassStorage;
    }

    /// <inheritdoc />
    public int Transfer(ReadOnlySpan<byte> command, ReadOnlySpan<byte> dataOut, Span<byte> dataIn)
    {
        if (!IsConnected)
        {
            throw new VirtualProbeDisconnectedException(SerialNumber);
        }
        if (_unplugAfter is long limit && _commands >= limit && !_unplugged)
        {
            _unplugged = true;
            Unplug();
            throw new VirtualProbeDisconnectedException(SerialNumber);
        }
        if (command.IsEmpty || command.Length > MaxCommandLength)
        {
            throw BadTransfer($"an ST-LINK command block is 1 to {MaxCommandLength} bytes, not {command.Length}");
        }
        if (dataOut.Length > StLinkFeatures.DataBufferSize)
        {
            throw BadTransfer($"the OUT data phase ({dataOut.Length} bytes) is larger than the probe's {StLinkFeatures.DataBufferSize}-byte buffer");
        }
        _commands++;
        _counters.UsbRoundTrips++;
        _counters.BytesOut += command.Length + dataOut.Length;

        // The command block and OUT data arrive (one frame of latency plus their packets), then the probe works.
        _clock.Advance(_usb.RoundTripNanoseconds(command.Length, dataOut.Length, 0));
        Span<byte> cmd = stackalloc byte[MaxCommandLength];
        command.CopyTo(cmd);
        var length = Execute(cmd, dataOut, dataIn.Length);
        var produced = Math.Min(length, dataIn.Length);
        _reply.AsSpan(0, produced).CopyTo(dataIn);
        _clock.Advance(_usb.Packets(produced) * _usb.PacketNanoseconds);
        _counters.BytesIn += produced;
        _counters.Elapsed = _clock.Now;
        return produced;
    }

    private int Execute(ReadOnlySpan<byte> cmd, ReadOnlySpan<byte> dataOut, int inLength)
    {
        Array.Clear(_reply, 0, Math.Min(_reply.Length, Math.Max(inLength, 16)));
        switch (cmd[0])
        {
            case StLinkCommand.GetVersion:
                BinaryPrimitives.WriteUInt16BigEndian(_reply, Firmware.VersionWord);
                BinaryPrimitives.WriteUInt16LittleEndian(_reply.AsSpan(2), VendorId);
                BinaryPrimitives.WriteUInt16LittleEndian(_reply.AsSpan(4), ProductId);
                return 6;
            case StLinkCommand.GetVersionEx when Firmware.IsV3:
                _reply[0] = (byte)Firmware.Stlink;
                _reply[1] = (byte)Firmware.Swim;
                _reply[2] = (byte)Firmware.Jtag;
                _reply[3] = (byte)Firmware.Msd;
                _reply[4] = (byte)Firmware.Bridge;
                BinaryPrimitives.WriteUInt16LittleEndian(_reply.AsSpan(8), VendorId);
                BinaryPrimitives.WriteUInt16LittleEndian(_reply.AsSpan(10), ProductId);
                return 12;
            case StLinkCommand.GetCurrentMode:
                _reply[0] = (byte)Mode;
                return 2;
            case StLinkCommand.GetTargetVoltage when Firmware.HasTargetVoltage:
                WriteTargetVoltage();
                return 8;
            case StLinkCommand.DfuCommand:
                if (cmd[1] == StLinkCommand.DfuExit && Mode == StLinkMode.Dfu)
                {
                    Mode = StLinkMode.MassStorage;
                }
                return 0;
            case StLinkCommand.SwimCommand:
                if (cmd[1] == StLinkCommand.SwimExit && Mode == StLinkMode.Swim)
                {
                    Mode = StLinkMode.MassStorage;
                }
                return 0; // SWIM (STM8) is not modelled: other SWIM commands produce no data
            case StLinkCommand.DebugCommand:
                return ExecuteDebug(cmd, dataOut, inLength);
            default:
                // An unknown command: the real probe answers nothing useful; the model returns no IN data.
                return 0;
        }
    }

    /// <summary>
    /// GET_TARGET_VOLTAGE: two 12-bit ADC words, the 1.2 V internal reference and half the target voltage (a /2
    /// divider), both against the probe's 3.3 V ADC supply; the host computes 2 * 1.2 * word1 / word0
    /// (OpenOCD <c>stlink_usb_check_voltage</c>).
    /// </summary>
    private void WriteTargetVoltage()
    {
        const double adcSupply = 3.3, reference = 1.2, fullScale = 4095;
        var vref = (uint)Math.Round(reference / adcSupply * fullScale);
        var target = (uint)Math.Round(Math.Clamp(_swd.Wire.TargetVoltage / 2 / adcSupply, 0, 1) * fullScale);
        BinaryPrimitives.WriteUInt32LittleEndian(_reply, vref);
        BinaryPrimitives.WriteUInt32LittleEndian(_reply.AsSpan(4), target);
    }

    private int Status(StLinkStatus status, int length = 2)
    {
        _reply[0] = (byte)status;
        return length;
    }

    private static Stm32Exception BadTransfer(string message) =>
        new(new Diagnostic(DiagnosticCodes.VirtualProbeBadTransfer, DiagnosticSeverity.Error, message));
}
