using System.Globalization;
using System.Text;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// One virtual ST-LINK on the emulated bus: its sysfs entry (what libusb reads: <c>descriptors</c>, <c>busnum</c>,
/// <c>devnum</c>, <c>speed</c>, <c>bConfigurationValue</c>) and device node <c>/dev/bus/usb/BBB/DDD</c>, whose usbfs
/// ioctls (<see cref="UsbfsIoctls"/>) it answers. Unplugging removes the entry with a <c>remove</c> uevent and fails
/// what is in flight as a disconnect does; replugging enumerates it again at a new address with an <c>add</c> uevent.
/// </summary>
public sealed class UsbfsProbeDevice
{
    private readonly VirtualUsbBus _bus;
    private readonly object? _gate;
    private readonly UsbfsIoctls _ioctls;

    private readonly VirtualClock? _clock;
    private readonly System.Diagnostics.Stopwatch _wall = System.Diagnostics.Stopwatch.StartNew();
    private readonly TimeSpan _clockStart;

    internal UsbfsProbeDevice(VirtualUsbBus bus, IVirtualUsbProbe probe, StLinkUsbDescriptors descriptors, int port, object? gate, VirtualClock? clock)
    {
        _clock = clock;
        _clockStart = clock?.Now ?? TimeSpan.Zero;
        _bus = bus;
        Probe = probe;
        Descriptors = descriptors;
        Port = port;
        _gate = gate;
        Function = new StLinkUsbFunction(probe, descriptors);
        _ioctls = new UsbfsIoctls(this);
    }

    /// <summary>The virtual probe.</summary>
    public IVirtualUsbProbe Probe { get; }

    /// <summary>Its USB descriptors.</summary>
    public StLinkUsbDescriptors Descriptors { get; }

    /// <summary>The serial number.</summary>
    public string SerialNumber => Descriptors.SerialNumber;

    /// <summary>The bus number (1).</summary>
    public int BusNumber => VirtualUsbBus.BusNumber;

    /// <summary>The port on the root hub (the sysfs name is <c>1-PORT</c>).</summary>
    public int Port { get; }

    /// <summary>The device address of the current enumeration (a new one after each replug).</summary>
    public int Address { get; private set; }

    /// <summary>Whether the probe is on the bus.</summary>
    public bool Present { get; private set; }

    /// <summary>The sysfs path of the device.</summary>
    public string SysPath => string.Create(CultureInfo.InvariantCulture, $"/sys/devices/platform/stm32-build-usb/usb{BusNumber}/{BusNumber}-{Port}");

    /// <summary>The device node of the current enumeration.</summary>
    public string DeviceNode => string.Create(CultureInfo.InvariantCulture, $"/dev/bus/usb/{BusNumber:000}/{Address:000}");

    /// <summary>Times the probe left the bus.</summary>
    public int Unplugs { get; private set; }

    internal StLinkUsbFunction Function { get; }

    internal object Sync { get; } = new();

    internal object? Gate => _gate;

    internal Action<string>? Log => _bus.Log;

    /// <summary>Takes the probe off the bus: URBs in flight fail as on a disconnect, the sysfs entry goes with a <c>remove</c> uevent.</summary>
    public void Unplug()
    {
        lock (Sync)
        {
            if (!Present)
            {
                return;
            }
            Present = false;
            Unplugs++;
            Probe.Unplug();
            _ioctls.FailInFlight(-UsbfsAbi.ESHUTDOWN);
            _bus.Remove(this);
        }
        _bus.OnUnplugged(this);
    }

    /// <summary>Brings the probe back: a new address, a new sysfs entry and an <c>add</c> uevent.</summary>
    public void Replug()
    {
        lock (Sync)
        {
            if (Present)
            {
                return;
            }
            Probe.Replug();
            Function.Reset();
            Plug(_bus.NextAddress());
        }
    }

    internal void Plug(int address)
    {
        Address = address;
        _bus.Add(this, _ioctls.Handler);
        Present = true;
        Log?.Invoke($"usb: {Descriptors.Product} {SerialNumber} at {DeviceNode} ({SysPath})");
    }

    /// <summary>Called by the ioctl handler (holding <see cref="Sync"/>) when the probe left the bus in the middle of a command.</summary>
    internal void LeftTheBus() => Unplug();

    internal void Release() => _ioctls.Release();

    /// <summary>
    /// The most board time one command catches up with the wall clock. Catching up costs emulation: a core running
    /// its firmware at 64-480 MHz needs host time for every virtual millisecond, and on a loaded host a whole lag
    /// caught up per command would make each command slower than the lag it removes (the client stalls). A bounded
    /// step keeps every command cheap while the board's time still moves at least a step per command (a client
    /// polling with real sleeps, such as OpenOCD's flash erase loop, sees its time pass), never ahead of the wall.
    /// </summary>
    public static readonly TimeSpan MaxCatchUpPerCommand = TimeSpan.FromMilliseconds(2);

    /// <summary>Moves the board's clock towards the wall time since it was plugged in, by at most
    /// <see cref="MaxCatchUpPerCommand"/> (called before each command, under the gate).</summary>
    internal void KeepRealTime()
    {
        if (_clock is not null && _wall.Elapsed - (_clock.Now - _clockStart) is { Ticks: > 0 } lag)
        {
            _clock.Advance(lag < MaxCatchUpPerCommand ? lag : MaxCatchUpPerCommand);
        }
    }

    /// <summary>The umockdev record of the device (the format <c>umockdev-record</c> writes).</summary>
    internal string Record()
    {
        var minor = ((BusNumber - 1) * 128) + (Address - 1);
        var d = Descriptors;
        var sb = new StringBuilder();
        void Line(string tag, string text) => sb.Append(tag).Append(": ").Append(text).Append('\n');
        void Attribute(string name, string value) => Line("A", name + "=" + value + "\\n");
        Line("P", SysPath[4..]);
        Line("N", DeviceNode[5..]);
        foreach (var (key, value) in new (string, string)[]
        {
            ("SUBSYSTEM", "usb"), ("DEVTYPE", "usb_device"), ("DRIVER", "usb"), ("DEVNAME", DeviceNode),
            ("BUSNUM", BusNumber.ToString("000", CultureInfo.InvariantCulture)), ("DEVNUM", Address.ToString("000", CultureInfo.InvariantCulture)),
            ("MAJOR", "189"), ("MINOR", minor.ToString(CultureInfo.InvariantCulture)),
            ("PRODUCT", string.Create(CultureInfo.InvariantCulture, $"{d.VendorId:x}/{d.ProductId:x}/100")), ("TYPE", "0/0/0"),
            ("ID_VENDOR_ID", d.VendorId.ToString("x4", CultureInfo.InvariantCulture)), ("ID_MODEL_ID", d.ProductId.ToString("x4", CultureInfo.InvariantCulture)),
            ("ID_SERIAL_SHORT", SerialNumber),
        })
        {
            Line("E", key + "=" + value);
        }
        Attribute("busnum", BusNumber.ToString(CultureInfo.InvariantCulture));
        Attribute("devnum", Address.ToString(CultureInfo.InvariantCulture));
        Attribute("speed", d.HighSpeed ? "480" : "12");
        Attribute("version", " 2.00");
        Attribute("bConfigurationValue", "1");
        Attribute("bNumConfigurations", "1");
        Attribute("bNumInterfaces", " 1");
        Attribute("bMaxPacketSize0", "64");
        Attribute("bDeviceClass", "00");
        Attribute("idVendor", d.VendorId.ToString("x4", CultureInfo.InvariantCulture));
        Attribute("idProduct", d.ProductId.ToString("x4", CultureInfo.InvariantCulture));
        Attribute("bcdDevice", "0100");
        Attribute("manufacturer", StLinkUsbDescriptors.Manufacturer);
        Attribute("product", d.Product);
        Attribute("serial", SerialNumber);
        Attribute("dev", string.Create(CultureInfo.InvariantCulture, $"189:{minor}"));
        Line("H", "descriptors=" + Convert.ToHexString(d.SysfsDescriptors()));
        return sb.ToString();
    }
}
