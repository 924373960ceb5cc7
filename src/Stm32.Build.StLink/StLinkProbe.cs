using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Transport;
using Stm32.Build.StLink.Transport.Tcp;
using Stm32.Build.StLink.Transport.Usb;

namespace Stm32.Build.StLink;

/// <summary>
/// An open ST-LINK probe connected to a target: the public API test rigs and the flashing pipeline use. It shows
/// memory (through any access port), access ports and cores, never USB. Open one with a selection string
/// (<see cref="ProbeSelection"/>); dispose it to leave the probe usable (debug mode exited, NRST released, the
/// cross-process lock released). Not thread-safe: one caller at a time.
/// </summary>
public sealed partial class StLinkProbe : IDisposable, IAsyncDisposable
{
    private readonly StLinkProtocol _protocol;
    private readonly ProbeLock? _lock;
    private bool _inDebug;
    private bool _nrstLow;
    private bool _disposed;

    private StLinkProbe(StLinkProtocol protocol, ProbeLock? probeLock)
    {
        _protocol = protocol;
        _lock = probeLock;
    }

    /// <summary>The probe: transport, serial, USB IDs.</summary>
    public ProbeDescriptor Descriptor => _protocol.Probe;

    /// <summary>The probe's firmware.</summary>
    public StLinkVersion Version => _protocol.Version;

    /// <summary>The SW-DP IDCODE read when connecting (0 before <see cref="Connect"/>).</summary>
    public uint DpIdcode { get; private set; }

    /// <summary>The SWD clock in use, in kHz (0 when the firmware cannot set it and it is unknown).</summary>
    public int SwdFrequencyKhz { get; private set; }

    /// <summary>Whether SWD is entered.</summary>
    public bool IsConnected => _inDebug;

    /// <summary>WAIT answers the driver retried in this session.</summary>
    public int WaitRetries => _protocol.WaitRetries;

    internal StLinkProtocol Protocol => _protocol;

    /// <summary>The simulated target's clock and counters when the transport has them (the virtual board), else null.</summary>
    public IProbeDiagnostics? Diagnostics => _protocol.Transport as IProbeDiagnostics;

    /// <summary>Opens the probe named by <paramref name="selection"/> (<see cref="ProbeSelection.Syntax"/>) and, by default, connects to the target.</summary>
    public static StLinkProbe Open(string selection, ProbeOpenOptions? options = null) =>
        Open(ProbeSelection.Parse(selection), options);

    /// <summary>
    /// Opens the probe named by <paramref name="selection"/> through the transport factory registered for its kind
    /// (<see cref="ProbeTransports"/>). The factory takes the cross-process lock once it knows the probe's identity,
    /// before anything exclusive happens; a transport whose factory did not lock is locked by its
    /// <see cref="ProbeDescriptor.LockKey"/>.
    /// </summary>
    public static StLinkProbe Open(ProbeSelection selection, ProbeOpenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        options ??= new ProbeOpenOptions();
        var factory = ProbeTransports.For(selection);
        using var context = new ProbeOpenContext(options);
        var transport = factory.Open(selection, context);
        if (!context.Locked)
        {
            try
            {
                context.Lock(transport.Probe.LockKey);
            }
            catch
            {
                transport.Dispose();
                throw;
            }
        }
        return Open(transport, options with { NoLock = true }, context.HandOver());
    }

    /// <summary>Opens and connects asynchronously (the open may wait for another process's lock).</summary>
    public static Task<StLinkProbe> OpenAsync(string selection, ProbeOpenOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Open(selection, options), cancellationToken);

    /// <summary>
    /// Opens a probe over an already open transport (test rigs, custom transports). Takes the cross-process lock
    /// for the probe's identity unless <see cref="ProbeOpenOptions.NoLock"/>; the probe owns the transport.
    /// </summary>
    public static StLinkProbe Open(IStLinkTransport transport, ProbeOpenOptions? options = null) =>
        Open(transport, options, alreadyHeld: null);

    private static StLinkProbe Open(IStLinkTransport transport, ProbeOpenOptions? options, ProbeLock? alreadyHeld)
    {
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new ProbeOpenOptions();
        ProbeLock? held = alreadyHeld;
        StLinkProtocol? protocol = null;
        try
        {
            if (held is null && !options.NoLock)
            {
                held = ProbeLock.Acquire(transport.Probe.LockKey, options.LockTimeout, options.LockDirectory, options.Waiting);
            }
            protocol = new StLinkProtocol(transport, options.TransferTimeout);
            var probe = new StLinkProbe(protocol, held);
            try
            {
                protocol.ReadVersion();
                protocol.LeaveCurrentMode();
                if (options.Connect)
                {
                    probe.Connect(options);
                }
                return probe;
            }
            catch
            {
                probe.Dispose();
                throw;
            }
        }
        catch
        {
            if (protocol is null)
            {
                transport.Dispose();
                held?.Dispose();
            }
            throw;
        }
    }

    /// <summary>
    /// Enters SWD: checks the target supply, sets the clock (SWD_SET_FREQ on V2, SET_COM_FREQ on V3), optionally
    /// asserts NRST first (connect under reset), enters SWD and reads the DP IDCODE.
    /// </summary>
    public void Connect(ProbeOpenOptions? options = null)
    {
        ThrowIfDisposed();
        options ??= new ProbeOpenOptions();
        var v = _protocol.Version;
        if (options.RequireTargetPower && v.Has(StLinkFeatures.TargetVoltage))
        {
            var volts = _protocol.ReadTargetVoltage();
            // OpenOCD warns below 1.5 V: the STM32 operating range starts at 1.62 V.
            if (volts < 1.5)
            {
                throw ProbeErrors.Create(DiagnosticCodes.TargetNotPowered,
                    string.Create(CultureInfo.InvariantCulture, $"the target reads {volts:0.00} V on the probe's VREF pin: it is not powered or VREF is not connected; power the board (and connect the probe's VREF/VAPP pin) and retry"));
            }
        }
        try
        {
            if (v.Has(StLinkFeatures.ComFrequency))
            {
                SwdFrequencyKhz = _protocol.SetComFrequency(jtag: false, options.SwdFrequencyKhz);
            }
            else if (v.Has(StLinkFeatures.SwdSetFrequency))
            {
                SwdFrequencyKhz = _protocol.SetSwdFrequency(options.SwdFrequencyKhz);
            }
        }
        catch (StLinkCommandException)
        {
            // As OpenOCD does ("Unable to set adapter speed"): the probe keeps its current clock; 0 reports it as unknown.
            SwdFrequencyKhz = 0;
        }
        if (options.ConnectUnderReset)
        {
            _protocol.DriveNrst(NrstAction.Low);
            _nrstLow = true;
        }
        _protocol.EnterSwd();
        _inDebug = true;
        try
        {
            if (options.ConnectUnderReset)
            {
                // Again after entering: only now does the probe know for sure which pin to drive (OpenOCD stlink_usb_init_mode).
                _protocol.DriveNrst(NrstAction.Low);
            }
            var idcode = _protocol.ReadIdCode();
            if (idcode is 0 or 0xFFFFFFFF)
            {
                throw ProbeErrors.Create(DiagnosticCodes.DebugPortNotResponding,
                    string.Create(CultureInfo.InvariantCulture, $"the target's debug port answered IDCODE 0x{idcode:X8}: nothing is connected to SWDIO/SWCLK, or the target is held in a state where SWD does not answer; try connect-under-reset"));
            }
            DpIdcode = idcode;
        }
        catch (ProbeException ex) when (ex is not TransportException)
        {
            // Not connected after all: leave SWD so the probe is in a known state for the next attempt.
            _inDebug = false;
            try
            {
                _protocol.ExitDebug();
            }
            catch (ProbeException)
            {
                // The original error says more.
            }
            throw;
        }
    }

    /// <summary>Leaves SWD (the probe closes its access ports); the probe stays open.</summary>
    public void Disconnect()
    {
        ThrowIfDisposed();
        ProbeException? failure = null;
        if (_nrstLow)
        {
            _nrstLow = false;
            try
            {
                _protocol.DriveNrst(NrstAction.High);
            }
            catch (ProbeException ex)
            {
                failure = ex;
            }
        }
        if (_inDebug)
        {
            _inDebug = false;
            try
            {
                _protocol.ExitDebug();
            }
            catch (ProbeException ex)
            {
                failure ??= ex;
            }
        }
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>
    /// The SWD clocks this probe can set, in kHz, fastest first: on STLINK-V3 the list GET_COM_FREQ reports, on an
    /// ST-LINK/V2 or V2-1 with SWD_SET_FREQ (V2J22) the divisor table 4000..5 kHz; empty when the firmware cannot set
    /// the clock at all.
    /// </summary>
    public IReadOnlyList<int> SupportedSwdFrequencies()
    {
        ThrowIfDisposed();
        var v = _protocol.Version;
        if (v.Has(StLinkFeatures.ComFrequency))
        {
            return [.. _protocol.GetComFrequencies(jtag: false).Available.Where(f => f > 0).OrderDescending()];
        }
        return v.Has(StLinkFeatures.SwdSetFrequency) ? [.. StLinkSwdClock.V2Table.Select(e => e.Khz)] : [];
    }

    /// <summary>
    /// Throws STM3050 (naming <paramref name="setting"/>, e.g. <c>--swd-khz</c> or <c>Stm32SwdFrequency</c>) unless
    /// <paramref name="khz"/> is one of <see cref="SupportedSwdFrequencies"/>: a clock the probe cannot set is refused
    /// before the target is touched, not silently replaced by another.
    /// </summary>
    public void CheckSwdFrequency(int khz, string setting)
    {
        var supported = SupportedSwdFrequencies();
        if (supported.Contains(khz))
        {
            return;
        }
        var name = $"{Descriptor.DisplayName} (firmware {Version.ShortName})";
        throw ProbeErrors.Create(DiagnosticCodes.SwdFrequencyNotSupported, supported.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{setting} {khz}: {name} cannot set the SWD clock: SWD_SET_FREQ needs firmware {Version.OldestFirmwareWith(StLinkFeatures.SwdSetFrequency)} or newer; update the probe firmware or leave {setting} out")
            : string.Create(CultureInfo.InvariantCulture, $"{setting} {khz}: {name} can set the SWD clock to {string.Join(", ", supported)} kHz only; pick one of these"));
    }

    /// <summary>Reads the target supply on the probe's VREF pin, in volts (V2J13 or newer).</summary>
    public double ReadTargetVoltage()
    {
        ThrowIfDisposed();
        return _protocol.ReadTargetVoltage();
    }

    /// <summary>The one usable probe of <paramref name="probes"/> for <c>auto</c>/<c>usb</c>, or the coded error for none, several, or no access.</summary>
    internal static ProbeDescriptor PickSingle(IReadOnlyList<ProbeDescriptor> probes)
    {
        var usable = probes.Where(p => p.Supported).ToList();
        if (usable.Count == 0)
        {
            throw probes.Count > 0
                ? ProbeErrors.Create(DiagnosticCodes.UnsupportedProbe, $"only unsupported probes are attached ({string.Join(", ", probes.Select(p => p.DisplayName))}); use an ST-LINK/V2 or newer")
                : NoProbe();
        }
        if (usable.Count > 1)
        {
            throw Ambiguous(usable);
        }
        if (usable[0].SerialNumber == "?")
        {
            throw TransportException.Create(TransportErrorKind.AccessDenied, usable[0].DisplayName, usable[0].Location);
        }
        return usable[0];
    }

    /// <summary>The ST-LINKs attached over USB (an empty list when none; libusb missing is a coded error).</summary>
    public static IReadOnlyList<ProbeDescriptor> ListUsb()
    {
        using var context = new LibUsbContext();
        return context.Enumerate();
    }

    /// <summary>The ST-LINKs an ST-LINK server at <paramref name="host"/>:<paramref name="port"/> shares.</summary>
    public static IReadOnlyList<ProbeDescriptor> ListServer(string host, int port)
    {
        using var client = StLinkServerClient.Connect(host, port, TimeSpan.FromSeconds(5));
        return client.ListDevices().Select(d =>
        {
            var model = StLinkUsbIds.Find(d.VendorId, d.ProductId);
            return new ProbeDescriptor(ProbeTransportKind.Tcp, d.SerialNumber, d.VendorId, d.ProductId, model?.Name ?? "unknown",
                client.Endpoint, model?.Supported ?? false);
        }).ToList();
    }

    /// <summary>The coded "no probe" error with the VID:PIDs searched and the usual causes.</summary>
    public static ProbeException NoProbe() => ProbeErrors.Create(DiagnosticCodes.NoProbeFound,
        "no ST-LINK found on USB (searched VID:PID " + string.Join(", ", LibUsbContext.SearchedIds) + "); " + NoProbeHint);

    /// <summary>What to check when no probe is found.</summary>
    public const string NoProbeHint =
        "check the cable; on Linux install docs/udev/49-stm32-build-stlink.rules into /etc/udev/rules.d and re-plug; in a container pass the USB bus through (--device /dev/bus/usb); or use --probe sim (virtual board) or --probe tcp://HOST:PORT (ST-LINK server)";

    private static ProbeException Ambiguous(IReadOnlyList<ProbeDescriptor> probes) => ProbeErrors.Create(DiagnosticCodes.AmbiguousProbe,
        $"{probes.Count} ST-LINKs are attached; pick one with --probe: " +
        string.Join("; ", probes.Select(p => $"{p.Selection} ({p.Model}, {p.Location})")));

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw ProbeErrors.Create(DiagnosticCodes.ProbeClosed, $"the probe {Descriptor.DisplayName} was closed");
        }
    }

    private void ThrowIfNotConnected()
    {
        ThrowIfDisposed();
        if (!_inDebug)
        {
            throw ProbeErrors.Create(DiagnosticCodes.ProbeClosed, $"the probe {Descriptor.DisplayName} is not connected to the target; call Connect() first");
        }
    }

    /// <summary>Leaves the probe usable: releases NRST, exits debug mode, releases the lock. Never throws for a probe that is gone.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            Disconnect();
        }
        catch (ProbeException)
        {
            // An unplugged probe cannot be told anything; closing the transport is all that is left.
        }
        finally
        {
            _disposed = true;
            _protocol.Dispose();
            _lock?.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
