using Stm32.Build.VirtualBoard.Usb;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Usb;

/// <summary>The usbfs ioctl numbers as the kernel headers define them on 64-bit Linux (linux/usbdevice_fs.h, asm-generic/ioctl.h).</summary>
public sealed class UsbfsAbiTests
{
    public static TheoryData<string, ulong, ulong> Numbers => new()
    {
        { "USBDEVFS_CONTROL", UsbfsAbi.Control, 0xC0185500 },
        { "USBDEVFS_SETINTERFACE", UsbfsAbi.SetInterface, 0x80085504 },
        { "USBDEVFS_SETCONFIGURATION", UsbfsAbi.SetConfiguration, 0x80045505 },
        { "USBDEVFS_GETDRIVER", UsbfsAbi.GetDriver, 0x41045508 },
        { "USBDEVFS_SUBMITURB", UsbfsAbi.SubmitUrb, 0x8038550A },
        { "USBDEVFS_DISCARDURB", UsbfsAbi.DiscardUrb, 0x0000550B },
        { "USBDEVFS_REAPURBNDELAY", UsbfsAbi.ReapUrbNoDelay, 0x4008550D },
        { "USBDEVFS_CLAIMINTERFACE", UsbfsAbi.ClaimInterface, 0x8004550F },
        { "USBDEVFS_RELEASEINTERFACE", UsbfsAbi.ReleaseInterface, 0x80045510 },
        { "USBDEVFS_CONNECTINFO", UsbfsAbi.ConnectInfo, 0x40085511 },
        { "USBDEVFS_IOCTL", UsbfsAbi.Ioctl, 0xC0105512 },
        { "USBDEVFS_RESET", UsbfsAbi.Reset, 0x00005514 },
        { "USBDEVFS_CLEAR_HALT", UsbfsAbi.ClearHalt, 0x80045515 },
        { "USBDEVFS_GET_CAPABILITIES", UsbfsAbi.GetCapabilities, 0x8004551A },
        { "USBDEVFS_DISCONNECT_CLAIM", UsbfsAbi.DisconnectClaim, 0x8108551B },
        { "USBDEVFS_GET_SPEED", UsbfsAbi.GetSpeed, 0x0000551F },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Ioctl_numbers_match_the_kernel(string name, ulong ours, ulong kernel) => Assert.True(ours == kernel, $"{name}: 0x{ours:X8}, the kernel has 0x{kernel:X8}");
}
