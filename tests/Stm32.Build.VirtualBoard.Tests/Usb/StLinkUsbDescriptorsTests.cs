using System.Buffers.Binary;
using System.Text;
using Stm32.Build.VirtualBoard.Usb;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Usb;

/// <summary>
/// The descriptors each generation enumerates with (USB 2.0 9.6), against the endpoint map of OpenOCD 0.12
/// stlink_usb.c (STLINK_RX_EP, STLINK_TX_EP, STLINK_V2_1_TX_EP, trace endpoints) and the speeds of the probes.
/// </summary>
public sealed class StLinkUsbDescriptorsTests
{
    [Theory]
    [InlineData(0x3748, "STM32 STLink", false, 0x02, 0x83, 64)]
    [InlineData(0x374B, "STM32 STLink", false, 0x01, 0x82, 64)]
    [InlineData(0x374F, "STLINK-V3", true, 0x01, 0x82, 512)]
    public void Each_generation_has_its_ids_endpoints_and_packet_size(int pid, string product, bool highSpeed, int endpointOut, int trace, int packet)
    {
        var d = StLinkUsbDescriptors.For(0x0483, (ushort)pid, "SERIAL1")!;
        var device = d.Device;
        Assert.Equal(18, device[0]);
        Assert.Equal(1, device[1]);
        Assert.Equal(0x0200, BinaryPrimitives.ReadUInt16LittleEndian(device.AsSpan(2)));
        Assert.Equal(64, device[7]);
        Assert.Equal(0x0483, BinaryPrimitives.ReadUInt16LittleEndian(device.AsSpan(8)));
        Assert.Equal(pid, BinaryPrimitives.ReadUInt16LittleEndian(device.AsSpan(10)));
        Assert.Equal(1, device[17]);

        var config = d.Configuration;
        Assert.Equal(config.Length, BinaryPrimitives.ReadUInt16LittleEndian(config.AsSpan(2)));
        Assert.Equal(1, config[4]); // one interface
        Assert.Equal(1, config[5]); // configuration value 1
        var descriptors = Walk(config).ToList();
        Assert.Equal([2, 4, 5, 5, 5], descriptors.Select(x => (int)x[1]));
        var endpoints = descriptors.Where(x => x[1] == 5).ToList();
        Assert.Equal([0x81, endpointOut, trace], endpoints.Select(e => (int)e[2]));
        Assert.All(endpoints, e => Assert.Equal(2, e[3]));
        Assert.All(endpoints, e => Assert.Equal(packet, BinaryPrimitives.ReadUInt16LittleEndian(e.AsSpan(4))));
        Assert.Equal(highSpeed, d.HighSpeed);
        Assert.Equal(product, Text(d.Descriptor(3, 2, 0x0409)!));
        Assert.Equal("STMicroelectronics", Text(d.Descriptor(3, 1, 0x0409)!));
        Assert.Equal([.. device, .. config], d.SysfsDescriptors());
    }

    [Fact]
    public void Only_the_high_speed_probe_has_a_device_qualifier_and_unknown_requests_stall()
    {
        Assert.Null(StLinkUsbDescriptors.For(0x0483, 0x374B, "S")!.Descriptor(6, 0, 0));
        var qualifier = StLinkUsbDescriptors.For(0x0483, 0x374F, "S")!.Descriptor(6, 0, 0)!;
        Assert.Equal(10, qualifier[0]);
        Assert.Equal(6, qualifier[1]);
        var v3 = StLinkUsbDescriptors.For(0x0483, 0x374F, "S")!;
        Assert.Null(v3.Descriptor(3, 9, 0x0409));   // no such string
        Assert.Null(v3.Descriptor(3, 3, 0x0407));   // a language the probe does not have
        Assert.Null(v3.Descriptor(0x0F, 0, 0));     // no BOS
        Assert.Null(StLinkUsbDescriptors.For(0x0483, 0x1234, "S"));
    }

    [Fact]
    public void Serial_strings_are_text_except_the_V2s_hex_serials_which_go_as_raw_bytes()
    {
        const string hex = "066DFF485550755187121234";
        var v2 = StLinkUsbDescriptors.For(0x0483, 0x3748, hex)!.Descriptor(3, 3, 0x0409)!;
        Assert.Equal(26, v2[0]); // 12 bytes, one per UTF-16 unit: the old V2 bootloader's form
        Assert.Equal(Convert.FromHexString(hex), Enumerable.Range(0, 12).Select(i => v2[2 + (2 * i)]).ToArray());
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(0, v2[3 + (2 * i)]));
        Assert.Equal("V2NAME", Text(StLinkUsbDescriptors.For(0x0483, 0x3748, "V2NAME")!.Descriptor(3, 3, 0x0409)!));
        Assert.Equal(hex, Text(StLinkUsbDescriptors.For(0x0483, 0x374B, hex)!.Descriptor(3, 3, 0x0409)!));
    }

    private static IEnumerable<byte[]> Walk(byte[] config)
    {
        for (var i = 0; i < config.Length; i += config[i])
        {
            Assert.True(config[i] >= 2 && i + config[i] <= config.Length, "descriptor lengths chain to the end");
            yield return config[i..(i + config[i])];
        }
    }

    private static string Text(byte[] descriptor) => Encoding.Unicode.GetString(descriptor, 2, descriptor[0] - 2);
}
