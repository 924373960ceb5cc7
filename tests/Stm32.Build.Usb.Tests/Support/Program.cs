using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Stm32.Build.Usb.Tests.Support;

/// <summary>
/// The test assembly's entry point, used only when a test runs it under <c>stm32 sim usb</c>
/// (<c>dotnet exec Stm32.Build.Usb.Tests.dll usb-check SERIAL</c>): a libusb client that exercises the emulated
/// probe directly — descriptors, requests it must refuse, timeouts, short packets, STALL and clearing it, claim
/// exclusivity — and prints one <c>name=value</c> line per observation. Under the test runner it is never called.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "usb-check")
        {
            return UsbCheck.Run(args[1], Console.Out);
        }
        Console.Error.WriteLine("usage: usb-check SERIAL");
        return 2;
    }
}

/// <summary>The observations of <c>usb-check</c>.</summary>
internal static unsafe class UsbCheck
{
    private const byte GetDescriptor = 6;
    private const ushort DeviceQualifier = 0x0600, Configuration = 0x0200, StringDescriptor = 0x0300;
    private const byte EndpointIn = 0x81;

    public static int Run(string serial, TextWriter output)
    {
        void Say(string name, object value) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
        if (LibUsb.libusb_init(out var context) != LibUsb.Success)
        {
            Say("error", "libusb_init");
            return 1;
        }
        try
        {
            var (device, handle, list) = Find(context, serial);
            if (handle == IntPtr.Zero)
            {
                Say("error", "no device with serial " + serial);
                return 1;
            }
            try
            {
                var d = stackalloc byte[18];
                LibUsb.libusb_get_device_descriptor(device, d);
                var descriptor = new ReadOnlySpan<byte>(d, 18);
                Say("idVendor", BinaryPrimitives.ReadUInt16LittleEndian(descriptor[8..]).ToString("x4", CultureInfo.InvariantCulture));
                Say("idProduct", BinaryPrimitives.ReadUInt16LittleEndian(descriptor[10..]).ToString("x4", CultureInfo.InvariantCulture));
                Say("bMaxPacketSize0", descriptor[7]);
                Say("speed", LibUsb.libusb_get_device_speed(device)); // LIBUSB_SPEED_FULL = 2, HIGH = 3
                Say("bus", LibUsb.libusb_get_bus_number(device));
                Say("address", LibUsb.libusb_get_device_address(device));
                var (configRc, config) = LibUsb.ControlIn(handle, GetDescriptor, Configuration, 0, 255);
                Say("configuration", configRc > 0 ? Convert.ToHexString(config) : configRc.ToString(CultureInfo.InvariantCulture));
                Say("qualifier", LibUsb.ControlIn(handle, GetDescriptor, DeviceQualifier, 0, 10).Rc);
                Say("string9", LibUsb.ControlIn(handle, GetDescriptor, StringDescriptor | 9, 0x0409, 64).Rc);

                Say("claim", LibUsb.libusb_claim_interface(handle, 0));
                var outEndpoint = EndpointOut(config);
                var packet = PacketSize(config);

                // Nothing to send: the IN transfer waits until the host gives up.
                var buffer = new byte[1024];
                var idle = LibUsb.Bulk(handle, EndpointIn, buffer.AsSpan(0, 64), 200);
                Say("idleIn", $"{idle.Rc}/{idle.Transferred}");

                // GET_VERSION answers 6 bytes: a short packet ends a 64-byte IN transfer.
                Say("versionOut", LibUsb.Bulk(handle, outEndpoint, Command(0xF1), 1000).Rc);
                var version = LibUsb.Bulk(handle, EndpointIn, buffer.AsSpan(0, 64), 1000);
                Say("versionIn", $"{version.Rc}/{version.Transferred}");

                // A data phase longer than the probe's buffer halts the OUT endpoint until it is cleared.
                var tooLong = Command(0xF2, 0x08, 0x00, 0x00, 0x00, 0x24, 0x40, 0x1F); // WRITEMEM_32BIT 0x24000000, 8000 bytes
                Say("tooLongOut", LibUsb.Bulk(handle, outEndpoint, tooLong, 1000).Rc);
                Say("haltedOut", LibUsb.Bulk(handle, outEndpoint, Command(0xF1), 1000).Rc);
                Say("clearHalt", LibUsb.libusb_clear_halt(handle, outEndpoint));
                Say("afterClear", LibUsb.Bulk(handle, outEndpoint, Command(0xF1), 1000).Rc);
                var again = LibUsb.Bulk(handle, EndpointIn, buffer.AsSpan(0, 64), 1000);
                Say("afterClearIn", $"{again.Rc}/{again.Transferred}");

                // A reply that ends exactly on a packet boundary, short of what the host asks: no zero-length packet follows.
                Say("enterSwd", Exchange(handle, outEndpoint, Command(0xF2, 0x30, 0xA3), buffer.AsSpan(0, 2)));
                var read = Command(0xF2, 0x07, 0x00, 0x00, 0x00, 0x24, (byte)packet, (byte)(packet >> 8)); // READMEM_32BIT 0x24000000, one packet
                Say("readOut", LibUsb.Bulk(handle, outEndpoint, read, 1000).Rc);
                var boundary = LibUsb.Bulk(handle, EndpointIn, buffer.AsSpan(0, 2 * packet), 300);
                Say("boundaryIn", $"{boundary.Rc}/{boundary.Transferred}");
                Exchange(handle, outEndpoint, Command(0xF2, 0x21), []); // leave debug mode

                // A second open file of the same device cannot claim the interface while this one holds it.
                if (LibUsb.libusb_open(device, out var other) == LibUsb.Success)
                {
                    Say("secondClaim", LibUsb.libusb_claim_interface(other, 0));
                    LibUsb.libusb_close(other);
                }
                Say("release", LibUsb.libusb_release_interface(handle, 0));
            }
            finally
            {
                LibUsb.libusb_close(handle);
                LibUsb.libusb_free_device_list(list, 1);
            }
            return 0;
        }
        finally
        {
            LibUsb.libusb_exit(context);
        }
    }

    private static int Exchange(IntPtr handle, byte outEndpoint, byte[] command, Span<byte> reply)
    {
        var rc = LibUsb.Bulk(handle, outEndpoint, command, 1000).Rc;
        return rc != LibUsb.Success || reply.IsEmpty ? rc : LibUsb.Bulk(handle, EndpointIn, reply, 1000).Rc;
    }

    private static byte[] Command(params byte[] bytes)
    {
        var block = new byte[16];
        bytes.CopyTo(block, 0);
        return block;
    }

    /// <summary>The bulk OUT endpoint and packet size from the configuration descriptor (interface 0's endpoints).</summary>
    private static byte EndpointOut(byte[] config)
    {
        for (var i = 0; i + 7 <= config.Length; i += config[i])
        {
            if (config[i + 1] == 5 && (config[i + 2] & 0x80) == 0)
            {
                return config[i + 2];
            }
            if (config[i] == 0)
            {
                break;
            }
        }
        return 0;
    }

    private static int PacketSize(byte[] config)
    {
        for (var i = 0; i + 7 <= config.Length; i += config[i])
        {
            if (config[i + 1] == 5)
            {
                return BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(i + 4));
            }
            if (config[i] == 0)
            {
                break;
            }
        }
        return 0;
    }

    /// <summary>The device whose serial string matches, opened.</summary>
    private static (IntPtr Device, IntPtr Handle, IntPtr List) Find(IntPtr context, string serial)
    {
        var count = LibUsb.libusb_get_device_list(context, out var list);
        var d = stackalloc byte[18];
        for (nint i = 0; i < count; i++)
        {
            var device = ((IntPtr*)list)[i];
            if (LibUsb.libusb_get_device_descriptor(device, d) != LibUsb.Success || LibUsb.libusb_open(device, out var handle) != LibUsb.Success)
            {
                continue;
            }
            var (rc, data) = LibUsb.ControlIn(handle, GetDescriptor, (ushort)(StringDescriptor | d[16]), 0x0409, 64);
            if (rc > 2 && Encoding.Unicode.GetString(data, 2, rc - 2) == serial)
            {
                return (device, handle, list);
            }
            LibUsb.libusb_close(handle);
        }
        LibUsb.libusb_free_device_list(list, 1);
        return (IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
    }
}
