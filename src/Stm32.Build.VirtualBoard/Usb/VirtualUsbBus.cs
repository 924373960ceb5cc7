using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Usb.Native;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// The usbfs front end of the virtual board: a umockdev test bed (a private <c>/sys</c> and <c>/dev</c> that
/// programs started with <see cref="ChildEnvironment"/> see through umockdev's LD_PRELOAD library) holding one USB
/// device per virtual ST-LINK, each answering libusb's usbfs ioctls (<see cref="UsbfsProbeDevice"/>). Any libusb
/// program — this product's driver, OpenOCD, others — then finds the probes as if they were plugged in, with their
/// descriptors, endpoints, packet sizes, serial numbers, STALLs and timeouts; unplugging and replugging go
/// through sysfs and uevents. Linux only; needs umockdev (STM5600 otherwise).
/// Note for callers: under the preload, libusb polls the device node continuously while a transfer waits (the node
/// is always ready), so keep transfer timeouts short; a .NET child needs <c>DOTNET_EnableDiagnostics=0</c>, which
/// <see cref="ChildEnvironment"/> sets.
/// </summary>
public sealed class VirtualUsbBus : IDisposable
{
    /// <summary>The bus number of the emulated root hub.</summary>
    public const int BusNumber = 1;

    private readonly object _sync = new();
    private readonly List<UsbfsProbeDevice> _devices = [];
    private readonly List<Timer> _timers = [];
    private IntPtr _testbed;
    private int _nextAddress = 2; // address 1 is the root hub's

    private VirtualUsbBus(IntPtr testbed, Action<string>? log)
    {
        _testbed = testbed;
        Log = log;
        RootDirectory = Umockdev.TakeString(Umockdev.umockdev_testbed_get_root_dir(testbed));
    }

    /// <summary>
    /// Whether this process runs under umockdev's preload library (as <c>umockdev-wrapper</c> starts programs). The
    /// bus needs it: umockdev sends the hotplug uevents through libudev, which must see the test bed's <c>/sys</c>.
    /// </summary>
    public static bool IsHostPreloaded =>
        (Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "").Contains("libumockdev-preload", StringComparison.Ordinal);

    /// <summary>Creates an empty bus (a new umockdev test bed in a temporary directory); the process must run under umockdev's preload (<see cref="IsHostPreloaded"/>).</summary>
    /// <param name="log">Told what happens on the bus (devices, unplugs, unusual requests); null for silence.</param>
    public static VirtualUsbBus Create(Action<string>? log = null)
    {
        Umockdev.EnsureLoaded();
        if (!IsHostPreloaded)
        {
            throw SetupFailed($"the process hosting the emulated USB bus must run under umockdev's preload library (LD_PRELOAD={Umockdev.PreloadLibrary}, as umockdev-wrapper starts programs) so that its hotplug events reach the programs on the bus");
        }
        var testbed = Umockdev.umockdev_testbed_new();
        if (testbed == IntPtr.Zero)
        {
            throw SetupFailed("umockdev could not create its test bed");
        }
        return new VirtualUsbBus(testbed, log);
    }

    /// <summary>The test bed's root directory (<c>$UMOCKDEV_DIR</c> of the programs on the bus).</summary>
    public string RootDirectory { get; }

    /// <summary>The probes on the bus, in the order they were attached.</summary>
    public IReadOnlyList<UsbfsProbeDevice> Devices
    {
        get
        {
            lock (_sync)
            {
                return [.. _devices];
            }
        }
    }

    /// <summary>After an unplug, the probe comes back after this delay (a user plugging the cable in again); null leaves it unplugged.</summary>
    public TimeSpan? ReplugAfter { get; set; }

    internal Action<string>? Log { get; }

    /// <summary>
    /// The environment a program needs to see the bus: <c>LD_PRELOAD</c> with umockdev's preload library (before any
    /// already set), <c>UMOCKDEV_DIR</c>, and <c>DOTNET_EnableDiagnostics=0</c> (the .NET runtime's diagnostic pipe
    /// blocks under the preload).
    /// </summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment(string? existingPreload = null) => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = string.IsNullOrEmpty(existingPreload) ? Umockdev.PreloadLibrary : Umockdev.PreloadLibrary + ":" + existingPreload,
        ["UMOCKDEV_DIR"] = RootDirectory,
        ["DOTNET_EnableDiagnostics"] = "0",
    };

    /// <summary>
    /// Plugs <paramref name="board"/>'s probe into the next port. The board runs in real time, as a board on a real
    /// bus does: its virtual clock is moved up to the wall time elapsed since it was plugged in before each command
    /// (a host times flash operations and the delay guard by its own clock). Commands run under the board's
    /// <see cref="VirtualBoard.SyncRoot"/>.
    /// </summary>
    public UsbfsProbeDevice Attach(VirtualBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return Attach(board.Probe, board.SyncRoot, board.Clock);
    }

    /// <summary>
    /// Plugs <paramref name="probe"/> into the next port. Commands run under <paramref name="gate"/> when given (the
    /// board's <see cref="VirtualBoard.SyncRoot"/>, when others use the board too); with <paramref name="realTime"/>
    /// that clock is kept up with wall time. STM5601 for a probe the front end has no descriptors for.
    /// </summary>
    public UsbfsProbeDevice Attach(IVirtualUsbProbe probe, object? gate = null, VirtualClock? realTime = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var descriptors = StLinkUsbDescriptors.For(probe.VendorId, probe.ProductId, probe.SerialNumber)
            ?? throw SetupFailed(string.Create(CultureInfo.InvariantCulture, $"no USB descriptors for the probe {probe.VendorId:x4}:{probe.ProductId:x4}"));
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_testbed == IntPtr.Zero, this);
            if (_devices.Any(d => d.SerialNumber == probe.SerialNumber))
            {
                throw SetupFailed($"two virtual probes have the serial number {probe.SerialNumber}; give each its own");
            }
            var device = new UsbfsProbeDevice(this, probe, descriptors, _devices.Count + 1, gate, realTime);
            _devices.Add(device);
            device.Plug(NextAddress());
            return device;
        }
    }

    internal int NextAddress()
    {
        lock (_sync)
        {
            if (_nextAddress > 127)
            {
                _nextAddress = 2; // USB addresses are 7 bits; the kernel wraps around as well
            }
            return _nextAddress++;
        }
    }

    /// <summary>Creates the device's sysfs entry and node and attaches its ioctl handler (first, so a program told by the uevent can open it).</summary>
    internal unsafe void Add(UsbfsProbeDevice device, IntPtr handler)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_testbed == IntPtr.Zero, this);
            IntPtr error = IntPtr.Zero;
            if (Umockdev.umockdev_testbed_attach_ioctl(_testbed, device.DeviceNode, handler, &error) == 0)
            {
                throw SetupFailed($"umockdev could not attach the ioctl handler of {device.DeviceNode}: {Umockdev.TakeError(error)}");
            }
            // Under the preload, adding the device also sends its "add" uevent to the programs listening.
            if (Umockdev.umockdev_testbed_add_from_string(_testbed, device.Record(), &error) == 0)
            {
                throw SetupFailed($"umockdev could not add {device.SysPath}: {Umockdev.TakeError(error)}");
            }
        }
    }

    /// <summary>Removes the device's sysfs entry and node (with a <c>remove</c> uevent) and detaches its handler.</summary>
    internal unsafe void Remove(UsbfsProbeDevice device)
    {
        lock (_sync)
        {
            if (_testbed == IntPtr.Zero)
            {
                return;
            }
            Umockdev.umockdev_testbed_remove_device(_testbed, device.SysPath);
            IntPtr error = IntPtr.Zero;
            if (Umockdev.umockdev_testbed_detach_ioctl(_testbed, device.DeviceNode, &error) == 0)
            {
                Log?.Invoke($"usb: detaching {device.DeviceNode}: {Umockdev.TakeError(error)}");
            }
            Log?.Invoke($"usb: {device.Descriptors.Product} {device.SerialNumber} left the bus ({device.DeviceNode})");
        }
    }

    internal void OnUnplugged(UsbfsProbeDevice device)
    {
        if (ReplugAfter is not { } delay)
        {
            return;
        }
        lock (_sync)
        {
            if (_testbed == IntPtr.Zero)
            {
                return;
            }
            Timer? timer = null;
            timer = new Timer(_ =>
            {
                try
                {
                    device.Replug();
                }
                catch (Stm32Exception ex)
                {
                    Log?.Invoke(ex.Diagnostic.ToCanonicalString());
                }
                catch (ObjectDisposedException)
                {
                    // The bus closed meanwhile.
                }
            }, null, delay, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }
    }

    private static Stm32Exception SetupFailed(string message) =>
        new(new Diagnostic(DiagnosticCodes.UsbEmulationSetupFailed, DiagnosticSeverity.Error, message));

    /// <summary>Unplugs nothing, drops the handlers and removes the test bed directory.</summary>
    public void Dispose()
    {
        List<UsbfsProbeDevice> devices;
        lock (_sync)
        {
            if (_testbed == IntPtr.Zero)
            {
                return;
            }
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
            devices = [.. _devices];
        }
        foreach (var device in devices)
        {
            device.Release();
        }
        lock (_sync)
        {
            Umockdev.g_object_unref(_testbed); // removes the test bed directory and detaches every handler
            _testbed = IntPtr.Zero;
        }
    }
}
