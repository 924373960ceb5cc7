using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport.Usb;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>The libusb-1.0 binding on a machine with libusb installed and no ST-LINK attached.</summary>
public sealed class LibUsbTests
{
    [Fact]
    public void The_library_loads()
    {
        Assert.NotEqual(IntPtr.Zero, LibUsbLibrary.Load(LibUsbLibrary.DefaultCandidates));
        Assert.True(LibUsbLibrary.IsAvailable);
    }

    [Fact]
    public void Enumeration_runs_and_lists_only_st_links()
    {
        using var context = new LibUsbContext();
        var probes = context.Enumerate();
        Assert.All(probes, p => Assert.Equal(0x0483, p.VendorId));
    }

    [Fact]
    public void Opening_a_serial_that_is_not_attached_is_a_coded_error()
    {
        var e = Assert.Throws<ProbeException>(() => UsbTransport.Open("NOSUCHPROBE000000000000"));
        Assert.Equal(DiagnosticCodes.ProbeNotFound, e.Code);
    }

    [Fact]
    public void A_missing_library_says_how_to_install_it()
    {
        var e = Assert.Throws<ProbeException>(() => LibUsbLibrary.Load(["libusb-does-not-exist-9.so", "/nonexistent/libusb-1.0.so.0"]));
        Assert.Equal(DiagnosticCodes.LibUsbMissing, e.Code);
        Assert.Contains("libusb-does-not-exist-9.so", e.Message, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains("apt-get install libusb-1.0-0", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_searched_ids_cover_every_st_link_generation()
    {
        var ids = string.Join(" ", LibUsbContext.SearchedIds);
        // PIDs from OpenOCD stlink_usb.c and stlink-org usb.h.
        foreach (var pid in new[] { "3748", "374b", "374a", "3752", "374e", "374f", "3753", "3754", "3757" })
        {
            Assert.Contains("0483:" + pid, ids, StringComparison.Ordinal);
        }
    }
}
