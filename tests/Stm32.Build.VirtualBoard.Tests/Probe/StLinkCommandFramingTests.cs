using Stm32.Build.VirtualBoard.Probe;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

/// <summary>How many OUT bytes follow a command block, as OpenOCD 0.12 sends them (stlink_usb_write_mem*, stlink_usb_rw_misc_out).</summary>
public sealed class StLinkCommandFramingTests
{
    [Theory]
    [InlineData(new byte[] { 0xF2, 0x08, 0, 0, 0, 0x24, 0x00, 0x18 }, 6144)] // WRITEMEM_32BIT, length in bytes 6-7
    [InlineData(new byte[] { 0xF2, 0x0D, 0, 0, 0, 0x24, 0x40, 0x00 }, 64)]   // WRITEMEM_8BIT
    [InlineData(new byte[] { 0xF2, 0x48, 0, 0, 0, 0x24, 0x02, 0x00 }, 2)]    // WRITEMEM_16BIT
    [InlineData(new byte[] { 0xF2, 0x50, 0, 0, 0, 0x24, 0x10, 0x00 }, 16)]   // WRITEMEM_32BIT_NO_ADDR_INC
    [InlineData(new byte[] { 0xF2, 0x51, 1, 0, 0, 0, 0, 0 }, 4 + 4)]         // RW_MISC_OUT, 1 item: ops padded to 4, one word
    [InlineData(new byte[] { 0xF2, 0x51, 5, 0, 0, 0, 0, 0 }, 8 + 20)]        // 5 items: 8 op bytes, 5 words
    [InlineData(new byte[] { 0xF2, 0x52, 1, 0, 0, 0, 0, 0 }, 0)]             // RW_MISC_IN reads
    [InlineData(new byte[] { 0xF2, 0x07, 0, 0, 0, 0x24, 0x40, 0x00 }, 0)]    // READMEM_32BIT reads
    [InlineData(new byte[] { 0xF1 }, 0)]                                     // GET_VERSION
    [InlineData(new byte[] { 0xF2, 0x08 }, 0)]                               // too short to carry a length
    public void The_data_phase_length_comes_from_the_command(byte[] command, int expected) =>
        Assert.Equal(expected, StLinkCommandFraming.OutDataLength(command));
}
