using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Transport.Usb;

namespace Stm32.Build.StLink.Tests.Transport;

/// <summary>libusb error codes (libusb.h: LIBUSB_ERROR_*) become typed transport errors with their codes.</summary>
public sealed class UsbTransportErrorTests
{
    [Theory]
    [InlineData(-7, TransportErrorKind.Timeout, "STM3007")]      // LIBUSB_ERROR_TIMEOUT
    [InlineData(-4, TransportErrorKind.Disconnected, "STM3008")] // LIBUSB_ERROR_NO_DEVICE: unplugged mid-transfer
    [InlineData(-3, TransportErrorKind.AccessDenied, "STM3006")] // LIBUSB_ERROR_ACCESS
    [InlineData(-9, TransportErrorKind.Pipe, "STM3009")]         // LIBUSB_ERROR_PIPE
    [InlineData(-6, TransportErrorKind.Busy, "STM3012")]         // LIBUSB_ERROR_BUSY: interface claimed elsewhere
    [InlineData(-1, TransportErrorKind.Io, "STM3009")]           // LIBUSB_ERROR_IO
    [InlineData(-99, TransportErrorKind.Io, "STM3009")]          // LIBUSB_ERROR_OTHER
    public void Libusb_errors_map_to_kinds_and_codes(int rc, TransportErrorKind kind, string code)
    {
        Assert.Equal(kind, UsbTransport.KindOf(rc));
        var e = TransportException.Create(kind, "ST-LINK/V2 TEST", "bulk transfer");
        Assert.Equal(code, e.Code);
        Assert.Equal("ST-LINK/V2 TEST", e.Probe);
        Assert.Contains("ST-LINK/V2 TEST", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Libusb_names_its_errors()
    {
        LibUsbLibrary.EnsureLoaded();
        Assert.Equal("LIBUSB_ERROR_TIMEOUT", LibUsbNative.ErrorName(-7));
        Assert.Equal("LIBUSB_ERROR_NO_DEVICE", LibUsbNative.ErrorName(-4));
    }
}
