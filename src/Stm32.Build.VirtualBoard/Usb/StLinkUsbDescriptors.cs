using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Stm32.Build.VirtualBoard.Usb;

/// <summary>
/// The USB identity of one virtual ST-LINK as the host enumerates it: device, configuration and string
/// descriptors (USB 2.0 chapter 9.6) with the debug interface's bulk endpoints as the real probes have them
/// (OpenOCD 0.12 <c>stlink_usb.c</c>: replies on EP1 IN for every generation; commands on EP2 OUT for the
/// ST-LINK/V2, EP1 OUT for V2-1 and V3; SWO trace on EP3 IN (V2) or EP2 IN (V2-1, V3)). V2 and V2-1 are full-speed
/// devices with 64-byte bulk packets, STLINK-V3 a high-speed device with 512-byte packets and a device qualifier.
/// Only the debug interface (interface 0, vendor class) is described: the mass-storage and virtual COM port
/// interfaces of V2-1 and V3 are not emulated.
/// </summary>
public sealed class StLinkUsbDescriptors
{
    private const byte DescriptorDevice = 1, DescriptorConfiguration = 2, DescriptorString = 3, DescriptorInterface = 4,
        DescriptorEndpoint = 5, DescriptorQualifier = 6;
    private const byte TransferBulk = 0x02, VendorClass = 0xFF;
    private const ushort Usb20 = 0x0200, DeviceRelease = 0x0100, EnglishUs = 0x0409;
    private const byte ManufacturerIndex = 1, ProductIndex = 2, SerialIndex = 3;
    private const int ControlPacketSize = 64, MaxPowerUnits = 50; // 100 mA in 2 mA units

    private StLinkUsbDescriptors(ushort vendorId, ushort productId, string product, bool highSpeed, byte endpointOut, byte endpointTrace, string serial)
    {
        VendorId = vendorId;
        ProductId = productId;
        Product = product;
        HighSpeed = highSpeed;
        EndpointOut = endpointOut;
        EndpointTrace = endpointTrace;
        SerialNumber = serial;
        Device = BuildDevice();
        Configuration = BuildConfiguration();
    }

    /// <summary>The USB vendor ID.</summary>
    public ushort VendorId { get; }

    /// <summary>The USB product ID.</summary>
    public ushort ProductId { get; }

    /// <summary>The product string.</summary>
    public string Product { get; }

    /// <summary>Whether the probe is a high-speed device (STLINK-V3).</summary>
    public bool HighSpeed { get; }

    /// <summary>The bulk packet size of every endpoint of the debug interface.</summary>
    public int PacketSize => HighSpeed ? 512 : 64;

    /// <summary>The bulk OUT endpoint for commands and written data.</summary>
    public byte EndpointOut { get; }

    /// <summary>The bulk IN endpoint for replies (EP1 IN on every generation).</summary>
    public byte EndpointIn => 0x81;

    /// <summary>The bulk IN endpoint of the SWO trace (never has data: SWO is not modelled).</summary>
    public byte EndpointTrace { get; }

    /// <summary>The serial number string.</summary>
    public string SerialNumber { get; }

    /// <summary>The device descriptor (18 bytes).</summary>
    public byte[] Device { get; }

    /// <summary>The configuration descriptor with its interface and endpoint descriptors (wTotalLength bytes).</summary>
    public byte[] Configuration { get; }

    /// <summary>The manufacturer string.</summary>
    public static string Manufacturer => "STMicroelectronics";

    /// <summary>
    /// The descriptors of the probe with <paramref name="productId"/>: 0x3748 (ST-LINK/V2), 0x374B (V2-1),
    /// 0x374F (STLINK-V3); null for another product.
    /// </summary>
    public static StLinkUsbDescriptors? For(ushort vendorId, ushort productId, string serial) => productId switch
    {
        0x3748 => new(vendorId, productId, "STM32 STLink", highSpeed: false, endpointOut: 0x02, endpointTrace: 0x83, serial),
        0x374B => new(vendorId, productId, "STM32 STLink", highSpeed: false, endpointOut: 0x01, endpointTrace: 0x82, serial),
        0x374F => new(vendorId, productId, "STLINK-V3", highSpeed: true, endpointOut: 0x01, endpointTrace: 0x82, serial),
        _ => null,
    };

    /// <summary>Whether <paramref name="endpoint"/> is one of the debug interface's endpoints.</summary>
    public bool HasEndpoint(byte endpoint) => endpoint == EndpointOut || endpoint == EndpointIn || endpoint == EndpointTrace;

    /// <summary>What usbfs and sysfs show as the <c>descriptors</c> attribute: the device descriptor then the configuration.</summary>
    public byte[] SysfsDescriptors() => [.. Device, .. Configuration];

    /// <summary>
    /// A GET_DESCRIPTOR answer for <paramref name="type"/> and <paramref name="index"/>, or null when the device
    /// answers with a request error (STALL): an unknown string index, a wrong language, the device qualifier of a
    /// full-speed-only device (USB 2.0 9.6.2), any other descriptor type.
    /// </summary>
    public byte[]? Descriptor(byte type, byte index, ushort language) => type switch
    {
        DescriptorDevice => Device,
        DescriptorConfiguration when index == 0 => Configuration,
        DescriptorString => StringDescriptor(index, language),
        DescriptorQualifier when HighSpeed => Qualifier(),
        _ => null,
    };

    private byte[]? StringDescriptor(byte index, ushort language)
    {
        if (index == 0)
        {
            var languages = new byte[4];
            languages[0] = 4;
            languages[1] = DescriptorString;
            BinaryPrimitives.WriteUInt16LittleEndian(languages.AsSpan(2), EnglishUs);
            return languages;
        }
        if (language != EnglishUs)
        {
            return null;
        }
        return index switch
        {
            ManufacturerIndex => Utf16(Manufacturer),
            ProductIndex => Utf16(Product),
            SerialIndex => SerialDescriptor(),
            _ => null,
        };
    }

    /// <summary>
    /// The serial string. The virtual ST-LINK/V2 answers as the V2's old bootloader does: a 24-hex-digit serial is
    /// sent as its 12 raw bytes, one per UTF-16 unit (a 26-byte descriptor; OpenOCD
    /// <c>stlink_usb_get_alternate_serial</c>), which drivers must convert back to hex. Other serials are text.
    /// </summary>
    private byte[] SerialDescriptor()
    {
        if (ProductId == 0x3748 && SerialNumber.Length == 24 && SerialNumber.All(char.IsAsciiHexDigit))
        {
            var raw = new byte[2 + 24];
            raw[0] = (byte)raw.Length;
            raw[1] = DescriptorString;
            for (var i = 0; i < 12; i++)
            {
                raw[2 + (2 * i)] = byte.Parse(SerialNumber.AsSpan(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            return raw;
        }
        return Utf16(SerialNumber);
    }

    private static byte[] Utf16(string text)
    {
        var body = Encoding.Unicode.GetBytes(text);
        var descriptor = new byte[2 + body.Length];
        descriptor[0] = (byte)descriptor.Length;
        descriptor[1] = DescriptorString;
        body.CopyTo(descriptor, 2);
        return descriptor;
    }

    private byte[] BuildDevice()
    {
        var d = new byte[18];
        d[0] = 18;
        d[1] = DescriptorDevice;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(2), Usb20);
        // bDeviceClass, bDeviceSubClass, bDeviceProtocol: 0 (per interface).
        d[7] = ControlPacketSize;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(8), VendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(10), ProductId);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(12), DeviceRelease);
        d[14] = ManufacturerIndex;
        d[15] = ProductIndex;
        d[16] = SerialIndex;
        d[17] = 1; // bNumConfigurations
        return d;
    }

    private byte[] BuildConfiguration()
    {
        byte[] endpoints = [EndpointIn, EndpointOut, EndpointTrace];
        var total = 9 + 9 + (7 * endpoints.Length);
        var c = new byte[total];
        c[0] = 9;
        c[1] = DescriptorConfiguration;
        BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(2), (ushort)total);
        c[4] = 1; // bNumInterfaces
        c[5] = 1; // bConfigurationValue
        c[7] = 0x80; // bmAttributes: bus powered (bit 7 is reserved as one)
        c[8] = MaxPowerUnits;
        var i = c.AsSpan(9);
        i[0] = 9;
        i[1] = DescriptorInterface;
        i[4] = (byte)endpoints.Length;
        i[5] = VendorClass;
        i[6] = VendorClass;
        i[7] = VendorClass;
        for (var n = 0; n < endpoints.Length; n++)
        {
            var e = c.AsSpan(18 + (7 * n));
            e[0] = 7;
            e[1] = DescriptorEndpoint;
            e[2] = endpoints[n];
            e[3] = TransferBulk;
            BinaryPrimitives.WriteUInt16LittleEndian(e[4..], (ushort)PacketSize);
        }
        return c;
    }

    private static byte[] Qualifier()
    {
        var q = new byte[10];
        q[0] = 10;
        q[1] = DescriptorQualifier;
        BinaryPrimitives.WriteUInt16LittleEndian(q.AsSpan(2), Usb20);
        q[7] = ControlPacketSize;
        q[8] = 1; // bNumConfigurations at the other speed
        return q;
    }
}
