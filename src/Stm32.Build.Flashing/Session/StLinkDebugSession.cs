using Stm32.Build.StLink;
using Stm32.Build.StLink.Protocol;

namespace Stm32.Build.Flashing.Session;

/// <summary>
/// <see cref="IDebugSession"/> over the in-process ST-LINK driver (<see cref="StLinkProbe"/>). The session owns the
/// probe and closes it on dispose. WAIT retries, transfer splitting and USB details stay in the driver.
/// </summary>
public sealed class StLinkDebugSession : IDebugSession
{
    private readonly StLinkProbe _probe;
    private readonly IDisposable? _owner;
    private bool _disposed;

    /// <summary>Wraps an open (not necessarily connected) probe.</summary>
    /// <param name="probe">The probe; the session disposes it.</param>
    /// <param name="clock">The target's clock (the virtual board's clock when known); wall time by default.</param>
    /// <param name="owner">Something to dispose after the probe (e.g. the virtual board the session created).</param>
    public StLinkDebugSession(StLinkProbe probe, ITargetClock? clock = null, IDisposable? owner = null)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        Clock = clock ?? SystemTargetClock.Instance;
        _owner = owner;
    }

    /// <summary>The simulated target's counters and clock, when the probe's transport has them (they go into the report).</summary>
    public Stm32.Build.StLink.Transport.IProbeDiagnostics? Diagnostics => _probe.Diagnostics;

    /// <summary>The driver's probe.</summary>
    public StLinkProbe Probe => _probe;

    /// <summary>The SWD clock to ask for when connecting, in kHz (the probe's nearest lower setting is used); 4000 by default.</summary>
    public int SwdFrequencyKhz { get; set; } = new ProbeOpenOptions().SwdFrequencyKhz;

    /// <inheritdoc />
    public string ProbeName => _probe.Descriptor.DisplayName;

    /// <inheritdoc />
    public string ProbeSelection => _probe.Descriptor.Selection;

    /// <inheritdoc />
    public ITargetClock Clock { get; }

    /// <inheritdoc />
    public bool IsConnected => _probe.IsConnected;

    /// <inheritdoc />
    public void Connect(bool holdInReset)
    {
        if (_probe.IsConnected)
        {
            Disconnect();
        }
        _probe.Connect(new ProbeOpenOptions { ConnectUnderReset = holdInReset, SwdFrequencyKhz = SwdFrequencyKhz });
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        try
        {
            _probe.Disconnect();
        }
        catch (ProbeException)
        {
            // A probe that is gone or a target that does not answer cannot be told to let go; nothing else to do.
        }
    }

    /// <inheritdoc />
    public uint ReadDpIdcode() => _probe.ReadDebugPortRegister(0x0);

    /// <inheritdoc />
    public double? ReadTargetVoltage()
    {
        try
        {
            return _probe.ReadTargetVoltage();
        }
        catch (FirmwareTooOldException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public uint ReadWord(int accessPort, uint address) => _probe.ReadWord(accessPort, address);

    /// <inheritdoc />
    public void WriteWord(int accessPort, uint address, uint value) => _probe.WriteWord(accessPort, address, value);

    /// <inheritdoc />
    public void ReadMemory(int accessPort, uint address, Span<byte> buffer) =>
        _probe.ReadMemory(accessPort, address, buffer, MemoryAccessWidth.Bits32);

    /// <inheritdoc />
    public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data) =>
        _probe.WriteMemory(accessPort, address, data, MemoryAccessWidth.Bits32);

    /// <inheritdoc />
    public void WriteMemory(int accessPort, uint address, ReadOnlySpan<byte> data, int accessBytes) =>
        _probe.WriteMemory(accessPort, address, data, accessBytes switch
        {
            1 => MemoryAccessWidth.Bits8,
            2 => MemoryAccessWidth.Bits16,
            4 => MemoryAccessWidth.Bits32,
            _ => throw new ArgumentOutOfRangeException(nameof(accessBytes), accessBytes, "1, 2 or 4"),
        });

    /// <summary>1024: the driver never lets a transfer cross a 1 KiB boundary (ADIv5.2 C2.2.2).</summary>
    public int MemoryCommandBytes => 1024;

    /// <inheritdoc />
    public void SetNrst(bool low) => _probe.AssertReset(low);

    /// <inheritdoc />
    public uint ReadCoreRegister(int accessPort, int regsel) => _probe.ReadCoreRegister(accessPort, regsel);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            _probe.Dispose();
        }
        finally
        {
            _owner?.Dispose();
        }
    }
}
