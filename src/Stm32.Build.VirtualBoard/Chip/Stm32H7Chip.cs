using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The virtual STM32H7 (modelled on the STM32H747, RM0399): its memory map, the embedded flash interface with
/// option bytes and CRC unit, DBGMCU, reset and boot, and the cores (halt-only unless a core factory is given).
/// Time comes from the shared <see cref="VirtualClock"/>: the chip only moves when <see cref="AdvanceTo"/> is called.
/// </summary>
public sealed partial class Stm32H7Chip
{
    private readonly VirtualClock _clock;
    private readonly BoardCounters _counters;
    private readonly Func<CoreDescription, ICoreHost, IExecutableCore> _coreFactory;
    private readonly List<IExecutableCore> _cores = [];

    /// <summary>Creates the chip, powered and out of reset, booting as its option bytes and BOOT0 say.</summary>
    /// <param name="device">The device data (e.g. <c>DeviceCatalog.BuiltIn.Get("STM32H747XI")</c>).</param>
    /// <param name="clock">The board's virtual clock.</param>
    /// <param name="counters">The board's counters (erases, programs, resets are counted here).</param>
    /// <param name="coreFactory">Creates the core models; null gives halt-only cores that never execute.</param>
    public Stm32H7Chip(DeviceDescription device, VirtualClock clock, BoardCounters counters,
        Func<CoreDescription, ICoreHost, IExecutableCore>? coreFactory = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(counters);
        Device = device;
        _clock = clock;
        _counters = counters;
        if (!string.Equals(device.Family, "STM32H7", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(device.FlashDriver, "stm32h7", StringComparison.OrdinalIgnoreCase)
            || device.FlashWordSize is <= 0 or > 64)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported, DiagnosticSeverity.Error,
                $"the virtual chip models the STM32H7 with the stm32h7 flash interface; {device.Name} is a {device.Family} with the '{device.FlashDriver}' flash driver"));
        }
        _coreFactory = coreFactory ?? ((description, host) => new HaltOnlyCore(description, host, UnmodelledAccesses));
        InitializeMemory();
        foreach (var core in device.Cores)
        {
            var host = new CoreHost(this, core);
            _hosts.Add(host);
            _cores.Add(_coreFactory(core, host));
        }
        _lastAdvanceNs = clock.Nanoseconds;
        PowerOnCore();
    }

    /// <summary>The device data the chip was built from.</summary>
    public DeviceDescription Device { get; }

    /// <summary>The cores in device order (CM7, then CM4 on dual-core parts).</summary>
    public IReadOnlyList<IExecutableCore> Cores => _cores;

    /// <summary>The virtual clock the chip runs on.</summary>
    public VirtualClock Clock => _clock;
}
