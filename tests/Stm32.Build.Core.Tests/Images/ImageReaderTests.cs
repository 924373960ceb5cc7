using Stm32.Build.Diagnostics;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>Format selection (extension, then content) and file-level errors.</summary>
[Trait("Requires", "gcc")]
public class ImageReaderTests
{
    [Theory]
    [InlineData("fw.elf", ImageFormat.Elf)]
    [InlineData("FW.AXF", ImageFormat.Elf)]
    [InlineData("fw.out", ImageFormat.Elf)]
    [InlineData("fw.hex", ImageFormat.IntelHex)]
    [InlineData("fw.ihex", ImageFormat.IntelHex)]
    [InlineData("fw.srec", ImageFormat.SRecord)]
    [InlineData("fw.s19", ImageFormat.SRecord)]
    [InlineData("fw.s28", ImageFormat.SRecord)]
    [InlineData("fw.s37", ImageFormat.SRecord)]
    [InlineData("fw.mot", ImageFormat.SRecord)]
    [InlineData("fw.bin", ImageFormat.Binary)]
    public void Extension_selects_the_format(string name, ImageFormat format) =>
        Assert.Equal(format, ImageReader.FormatFromExtension(name));

    [Fact]
    public void Unknown_extension_falls_back_to_content()
    {
        var elf = TestImages.Elf(FirmwareVariant.Cm7Blinky);
        var hexCopy = TestImages.Temp("firmware.img");
        File.Copy(FirmwareBuilder.Convert(elf, "ihex"), hexCopy);
        Assert.Equal(ImageFormat.IntelHex, ImageReader.Read(hexCopy).Format);

        var srecCopy = TestImages.Temp("firmware.dat");
        File.Copy(FirmwareBuilder.Convert(elf, "srec"), srecCopy);
        Assert.Equal(ImageFormat.SRecord, ImageReader.Read(srecCopy).Format);

        var elfCopy = TestImages.Temp("firmware");
        File.Copy(elf, elfCopy);
        var image = ImageReader.Read(elfCopy);
        Assert.Equal(ImageFormat.Elf, image.Format);
        Assert.Equal(elfCopy, image.SourcePath);
    }

    [Fact]
    public void Unrecognisable_content_with_unknown_extension_is_a_coded_error()
    {
        var path = TestImages.Temp("notes.txt");
        File.WriteAllText(path, "hello");
        var e = Assert.Throws<ImageFormatException>(() => ImageReader.Read(path));
        Assert.Equal("STM2001", e.Code);
        Assert.Equal(path, e.Diagnostic.File);
    }

    [Fact]
    public void Missing_file_is_file_not_readable()
    {
        var path = Path.Combine(Path.GetTempPath(), "stm32build-no-such-dir", "fw.elf");
        var e = Assert.Throws<Stm32Exception>(() => ImageReader.Read(path));
        Assert.Equal(DiagnosticCodes.FileNotReadable, e.Code);
        Assert.Equal(path, e.Diagnostic.File);
    }

    [Fact]
    public void Binary_is_placed_at_the_base_address_with_offsets_as_provenance()
    {
        var path = TestImages.Temp("fw.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6]);
        var image = ImageReader.Read(path, new ImageReadOptions { BinaryBaseAddress = 0x0810_0000 });
        Assert.Equal(ImageFormat.Binary, image.Format);
        Assert.Equal(0x0810_0000UL, image.StartAddress);
        Assert.Equal(0x0403_0201u, image.ReadUInt32(0x0810_0000));
        Assert.Equal(new SourceLocation(path, null, 5), image.LocationOf(0x0810_0005));
        Assert.Empty(image.Symbols);
        Assert.Empty(image.Sections);
    }

    [Fact]
    public void Binary_defaults_to_the_flash_base()
    {
        var image = ImageReader.Read(new byte[] { 0xAA }, "fw.bin", ImageFormat.Binary);
        Assert.Equal((ulong)ImageReadOptions.DefaultBinaryBaseAddress, image.StartAddress);
    }

    [Fact]
    public void Empty_binary_is_an_empty_image()
    {
        var image = ImageReader.Read(ReadOnlySpan<byte>.Empty, "empty.bin", ImageFormat.Binary);
        Assert.True(image.IsEmpty);
        Assert.Equal(0UL, image.TotalBytes);
        Assert.Null(image.StartAddress);
        Assert.Null(image.EndAddress);
        Assert.Empty(image.Segments);
        Assert.False(image.TryRead(0x0800_0000, new byte[1]));
    }

    [Fact]
    public void Binary_running_past_4_GiB_is_an_error_at_the_first_byte_beyond()
    {
        var e = Assert.Throws<ImageFormatException>(() =>
            ImageReader.Read(new byte[0x20], "big.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0xFFFF_FFF0 }));
        Assert.Equal("STM2401", e.Code);
        Assert.Equal(0x10, e.Diagnostic.Offset);
        Assert.Equal(0xFFFF_FFF0u, e.Diagnostic.Address);
    }

    [Fact]
    public void Binary_ending_exactly_at_4_GiB_is_accepted()
    {
        var image = ImageReader.Read(new byte[0x10], "top.bin", ImageFormat.Binary, new ImageReadOptions { BinaryBaseAddress = 0xFFFF_FFF0 });
        Assert.Equal(0x1_0000_0000UL, image.EndAddress);
    }
}
