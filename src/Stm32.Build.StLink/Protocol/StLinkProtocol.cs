using System.Buffers.Binary;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport;

namespace Stm32.Build.StLink.Protocol;

/// <summary>
/// The ST-LINK USB protocol over any <see cref="IStLinkTransport"/>: command encoding, reply parsing, status
/// checking, WAIT retries (this is the only layer that understands WAIT), firmware feature checks and memory
/// chunking. Facts from OpenOCD 0.12 src/jtag/drivers/stlink_usb.c; see <see cref="StLinkCommand"/>.
/// Not thread-safe: one session owns it.
/// </summary>
internal sealed partial class StLinkProtocol : IDisposable
{
    private readonly IStLinkTransport _transport;
    private readonly byte[] _command = new byte[StLinkLimits.CommandSize];
    private readonly HashSet<int> _openAps = [];
    private StLinkVersion? _version;
    private bool _disposed;

    /// <summary>Creates the protocol over a transport (which it owns from now on).</summary>
    /// <summary>The transport the protocol runs over.</summary>
    internal IStLinkTransport Transport => _transport;

    /// <summary>Creates the protocol over <paramref name="transport"/>.</summary>
    public StLinkProtocol(IStLinkTransport transport, TimeSpan? timeout = null)
    {
        _transport = transport;
        Timeout = timeout ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The timeout of every transfer (probe-rs and OpenOCD use 1 s).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How the back-off between WAIT retries is spent; tests replace it to run without sleeping.</summary>
    public Action<TimeSpan> Delay { get; set; } = Thread.Sleep;

    /// <summary>WAIT answers retried since creation (for tests and diagnostics).</summary>
    public int WaitRetries { get; private set; }

    /// <summary>The transport's probe.</summary>
    public ProbeDescriptor Probe => _transport.Probe;

    /// <summary>The firmware version, read once by <see cref="ReadVersion"/>.</summary>
    public StLinkVersion Version => _version ?? throw new InvalidOperationException("ReadVersion() has not been called");

    /// <summary>Whether the version has been read.</summary>
    public bool HasVersion => _version is not null;

    /// <summary>Sets the version without asking the probe (frame-level tests of version-dependent paths).</summary>
    internal void AssumeVersion(StLinkVersion version) => _version = version;

    // ---- framing --------------------------------------------------------------------------------------------

    private Span<byte> Begin(byte first, byte second = 0, bool hasSecond = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_command);
        _command[0] = first;
        if (hasSecond)
        {
            _command[1] = second;
        }
        return _command;
    }

    private Span<byte> BeginDebug(byte sub) => Begin(StLinkCommand.Debug, sub, hasSecond: true);

    private int Send(ReadOnlySpan<byte> dataOut, Span<byte> dataIn) =>
        _transport.Transfer(_command, dataOut, dataIn, Timeout);

    /// <summary>Sends the prepared command and checks the status byte at <paramref name="reply"/>[0].</summary>
    private void SendChecked(string name, Span<byte> reply, uint? address = null)
    {
        Send(default, reply);
        Check(name, reply[0], address);
    }

    /// <summary>Sends the prepared command, retrying on WAIT with a capped exponential back-off.</summary>
    private void SendWithRetry(string name, Span<byte> reply, uint? address = null)
    {
        var saved = _command.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            saved.CopyTo(_command, 0);
            Send(default, reply);
            var status = StLinkStatusExtensions.FromByte(reply[0]);
            if (status.IsWait() && attempt < StLinkLimits.MaxWaitRetries)
            {
                Backoff(attempt);
                continue;
            }
            Check(name, reply[0], address);
            return;
        }
    }

    private void Backoff(int attempt)
    {
        WaitRetries++;
        // OpenOCD stlink_cmd_allow_retry: (1 << retries) ms, at most MAX_WAIT_RETRIES times (255 ms in total).
        Delay(TimeSpan.FromMilliseconds(1 << attempt));
    }

    /// <summary>Throws the typed error for a status byte that is not DEBUG_ERR_OK.</summary>
    internal void Check(string name, byte raw, uint? address = null)
    {
        var status = StLinkStatusExtensions.FromByte(raw);
        if (status == StLinkStatus.DebugErrOk || status == StLinkStatus.JtagWriteVerifError)
        {
            return;
        }
        throw StatusError(name, raw, address);
    }

    internal StLinkCommandException StatusError(string name, byte raw, uint? address)
    {
        var status = StLinkStatusExtensions.FromByte(raw);
        var at = address is uint a ? " at " + Diagnostic.Hex(a) : "";
        var rawText = "0x" + raw.ToString("X2", CultureInfo.InvariantCulture);
        var probe = _transport.Probe.DisplayName;
        var (code, message) = status switch
        {
            StLinkStatus.SwdApWait or StLinkStatus.SwdDpWait =>
                (DiagnosticCodes.TargetWaitTimeout, $"{name}{at}: the target kept answering WAIT ({status.ProtocolName()}) after {StLinkLimits.MaxWaitRetries} retries; the bus may be stalled by a clock or power setting"),
            StLinkStatus.SwdApFault or StLinkStatus.DebugErrFault or StLinkStatus.SwdApError or StLinkStatus.SwdApParityError
                or StLinkStatus.SwdApWdataError or StLinkStatus.SwdApStickyError or StLinkStatus.SwdApStickyOrunError =>
                (DiagnosticCodes.MemoryAccessFault, $"{name}{at} faulted ({status.ProtocolName()}, {rawText}): nothing answers at that address, it is protected, or its bus is not clocked"),
            StLinkStatus.SwdDpError or StLinkStatus.SwdDpFault or StLinkStatus.SwdDpParityError or StLinkStatus.JtagGetIdcodeError
                or StLinkStatus.JtagNoDeviceConnected or StLinkStatus.JtagDbgPowerError =>
                (DiagnosticCodes.DebugPortNotResponding, $"{name}{at}: the target's debug port does not answer ({status.ProtocolName()}, {rawText}); check target power, the SWD wiring, and whether the firmware reassigns the SWD pins or enters a low-power mode"),
            StLinkStatus.BadApError =>
                (DiagnosticCodes.BadAccessPort, $"{name}{at}: the access port is not available ({status.ProtocolName()}, {rawText})"),
            StLinkStatus.JtagUnknownCmd =>
                (DiagnosticCodes.ProbeCommandFailed, $"{name}: the {probe} firmware ({_version?.ShortName ?? "unknown version"}) does not know this command ({status.ProtocolName()}); update the ST-LINK firmware"),
            _ =>
                (DiagnosticCodes.ProbeCommandFailed, $"{name}{at} failed with status {rawText} ({status.ProtocolName()}) on {probe}"),
        };
        return new StLinkCommandException(status, raw, name, new Diagnostic(code, DiagnosticSeverity.Error, message, Address: address));
    }

    /// <summary>Throws <see cref="FirmwareTooOldException"/> unless the firmware has <paramref name="features"/>.</summary>
    internal void Require(StLinkFeatures features, string what)
    {
        var v = Version;
        if (v.Has(features))
        {
            return;
        }
        throw new FirmwareTooOldException(v.JtagName, NeededFor(v, features), what);
    }

    /// <summary>The oldest firmware of this generation that has <paramref name="features"/>.</summary>
    internal static string NeededFor(StLinkVersion v, StLinkFeatures features)
    {
        if (v.Hardware >= 3)
        {
            var j = features.HasFlag(StLinkFeatures.Rw8Of512) ? StLinkFirmware.V3Rw8Of512
                : features.HasFlag(StLinkFeatures.DpBankSelect) ? StLinkFirmware.V3DpBankSelect : 1;
            return string.Create(CultureInfo.InvariantCulture, $"V{v.Hardware}J{j}");
        }
        var need = 0;
        void Max(StLinkFeatures f, int j) { if (features.HasFlag(f)) need = Math.Max(need, j); }
        Max(StLinkFeatures.TargetVoltage, StLinkFirmware.V2TargetVoltage);
        Max(StLinkFeatures.GetLastRwStatus2, StLinkFirmware.V2GetLastRwStatus2);
        Max(StLinkFeatures.SwdSetFrequency, StLinkFirmware.V2SwdSetFreq);
        Max(StLinkFeatures.JtagSetFrequency, StLinkFirmware.V2DapRegisters);
        Max(StLinkFeatures.DapRegisters, StLinkFirmware.V2DapRegisters);
        Max(StLinkFeatures.Memory16, StLinkFirmware.V2Memory16);
        Max(StLinkFeatures.MultiAp, StLinkFirmware.V2MultiAp);
        Max(StLinkFeatures.CloseApStatus, StLinkFirmware.V2CloseApFixed);
        Max(StLinkFeatures.DpBankSelect, StLinkFirmware.V2DpBankSelect);
        if (features.HasFlag(StLinkFeatures.ComFrequency) || features.HasFlag(StLinkFeatures.Rw8Of512))
        {
            return "V3J" + StLinkFirmware.V3Rw8Of512.ToString(CultureInfo.InvariantCulture);
        }
        return string.Create(CultureInfo.InvariantCulture, $"V2J{need}");
    }

    // ---- identification and modes ----------------------------------------------------------------------------

    /// <summary>GET_VERSION, and GET_VERSION_EX on STLINK-V3; rejects ST-LINK/V1.</summary>
    public StLinkVersion ReadVersion()
    {
        Span<byte> reply = stackalloc byte[6];
        Begin(StLinkCommand.GetVersion);
        var n = Send(default, reply);
        var version = StLinkVersion.ParseGetVersion(reply[..n], out var extended);
        if (extended)
        {
            Span<byte> ex = stackalloc byte[12];
            Begin(StLinkCommand.GetVersionEx);
            n = Send(default, ex);
            version = StLinkVersion.ParseGetVersionEx(ex[..n]);
        }
        if (version.Hardware < 2)
        {
            throw ProbeErrors.Create(DiagnosticCodes.UnsupportedProbe,
                $"{_transport.Probe.DisplayName} is an ST-LINK/V1 ({version.ShortName}), which this driver does not support; use an ST-LINK/V2 or newer");
        }
        _version = version;
        return version;
    }

    /// <summary>GET_CURRENT_MODE.</summary>
    public StLinkMode GetCurrentMode()
    {
        Span<byte> reply = stackalloc byte[2];
        Begin(StLinkCommand.GetCurrentMode);
        Send(default, reply);
        return (StLinkMode)reply[0];
    }

    /// <summary>Leaves DFU, SWIM or debug mode, whichever the probe is in (OpenOCD stlink_usb_exit_mode).</summary>
    public StLinkMode LeaveCurrentMode()
    {
        var mode = GetCurrentMode();
        switch (mode)
        {
            case StLinkMode.Dfu:
                Begin(StLinkCommand.Dfu, StLinkModeCommand.DfuExit, hasSecond: true);
                Send(default, default);
                break;
            case StLinkMode.Swim:
                Begin(StLinkCommand.Swim, StLinkModeCommand.SwimExit, hasSecond: true);
                Send(default, default);
                break;
            case StLinkMode.Debug:
                ExitDebug();
                break;
        }
        return mode;
    }

    /// <summary>GET_TARGET_VOLTAGE (V2J13): the probe's two ADC readings; VREF = 2 × adc1 × 1.2 V / adc0.</summary>
    public double ReadTargetVoltage()
    {
        Require(StLinkFeatures.TargetVoltage, "reading the target voltage");
        Span<byte> reply = stackalloc byte[8];
        Begin(StLinkCommand.GetTargetVoltage);
        Send(default, reply);
        var adc0 = BinaryPrimitives.ReadUInt32LittleEndian(reply);
        var adc1 = BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
        return adc0 == 0 ? 0.0 : 2.0 * adc1 * 1.2 / adc0;
    }

    /// <summary>DEBUG_APIV2_ENTER with SWD (no reset); WAIT is retried.</summary>
    public void EnterSwd() => Enter(StLinkDebugCommand.EnterSwdNoReset, "ENTER_SWD");

    /// <summary>DEBUG_APIV2_ENTER with JTAG (no reset); WAIT is retried.</summary>
    public void EnterJtag() => Enter(StLinkDebugCommand.EnterJtagNoReset, "ENTER_JTAG");

    private void Enter(byte parameter, string name)
    {
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.EnterV2);
        cmd[2] = parameter;
        SendWithRetry(name, reply);
        _openAps.Clear();
    }

    /// <summary>DEBUG_EXIT: leaves SWD/JTAG; the probe closes every AP. No reply.</summary>
    public void ExitDebug()
    {
        BeginDebug(StLinkDebugCommand.Exit);
        Send(default, default);
        _openAps.Clear();
    }

    /// <summary>SWD_SET_FREQ (V2J22) with the fastest table divisor not above <paramref name="khz"/>; returns the kHz set.</summary>
    public int SetSwdFrequency(int khz)
    {
        Require(StLinkFeatures.SwdSetFrequency, "setting the SWD clock");
        var (actual, divisor) = StLinkSwdClock.Pick(khz);
        Span<byte> reply = stackalloc byte[2];
        var cmd = BeginDebug(StLinkDebugCommand.SwdSetFreq);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd[2..], divisor);
        SendWithRetry("SWD_SET_FREQ", reply);
        return actual;
    }

    /// <summary>GET_COM_FREQ (V3): the frequencies the probe offers (kHz) and the current one.</summary>
    public (IReadOnlyList<int> Available, int Current) GetComFrequencies(bool jtag)
    {
        Require(StLinkFeatures.ComFrequency, "reading the V3 clock table");
        Span<byte> reply = stackalloc byte[52];
        var cmd = BeginDebug(StLinkDebugCommand.GetComFreq);
        cmd[2] = jtag ? (byte)1 : (byte)0;
        SendChecked("GET_COM_FREQ", reply);
        var current = (int)BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
        var count = Math.Min((int)reply[8], StLinkLimits.V3MaxFrequencies);
        var list = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add((int)BinaryPrimitives.ReadUInt32LittleEndian(reply[(12 + 4 * i)..]));
        }
        return (list, current);
    }

    /// <summary>SET_COM_FREQ (V3) to the fastest offered frequency not above <paramref name="khz"/> (the slowest if none); returns it.</summary>
    public int SetComFrequency(bool jtag, int khz)
    {
        var (available, _) = GetComFrequencies(jtag);
        if (available.Count == 0)
        {
            throw ProbeErrors.Malformed("GET_COM_FREQ returned no frequencies");
        }
        var pick = available.Where(f => f > 0 && f <= khz).DefaultIfEmpty(available.Where(f => f > 0).Min()).Max();
        Span<byte> reply = stackalloc byte[8];
        var cmd = BeginDebug(StLinkDebugCommand.SetComFreq);
        cmd[2] = jtag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(cmd[4..], (uint)pick);
        SendChecked("SET_COM_FREQ", reply);
        return pick;
    }

    /// <summary>READ_IDCODES: the DP IDCODE (offset 4 of the 12-byte reply).</summary>
    public uint ReadIdCode()
    {
        Span<byte> reply = stackalloc byte[12];
        BeginDebug(StLinkDebugCommand.ReadIdCodes);
        SendChecked("READ_IDCODES", reply);
        return BinaryPrimitives.ReadUInt32LittleEndian(reply[4..]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _transport.Dispose();
    }
}
