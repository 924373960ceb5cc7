using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.Images;
using Stm32.Build.VirtualBoard.Chip;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// <see cref="ChipFamily.Preload"/>, the one way images are put into the twin's flash without the flash interface
/// (stm32 sim run, the preflight): bytes land where the segments say, as the debugger reads them back; a segment not
/// inside one bank is STM5110 and nothing is written; the flash interface counts nothing.
/// </summary>
public sealed class ChipFamilyPreloadTests
{
    private static VirtualChip Chip(string device, out BoardCounters counters)
    {
        counters = new BoardCounters();
        return new VirtualChip(DeviceCatalog.BuiltIn.Get(device), new VirtualClock(), counters);
    }

    private static uint ReadWord(VirtualChip chip, uint address)
    {
        Assert.Equal(BusStatus.Ok, chip.AccessPortBus(0)!.Read(address, AccessSize.Word, out var value));
        return value;
    }

    private static ImageSegment Words(uint address, params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }
        return new ImageSegment(address, bytes);
    }

    [Theory]
    [InlineData("STM32H747XI", 0x0800_0000u, 0x0810_0000u)]   // RM0399 4.3.3: bank 1 at 0x08000000, bank 2 at 0x08100000
    [InlineData("STM32F407VG", 0x0800_0000u, 0x0808_0000u)]   // RM0090 3.3: one bank, sector 8 at 0x08080000
    public void Segments_land_in_the_banks_as_a_programmer_leaves_them_without_the_flash_interface(string device, uint first, uint second)
    {
        var chip = Chip(device, out var counters);
        chip.Family.Preload(chip.Device, [Words(first, 0x2002_0000, 0x0800_0101), Words(second + 0x40, 0xCAFE_F00D)], "image.elf");

        Assert.Equal(0x2002_0000u, ReadWord(chip, first));
        Assert.Equal(0x0800_0101u, ReadWord(chip, first + 4));
        Assert.Equal(0xCAFE_F00Du, ReadWord(chip, second + 0x40));
        Assert.Equal(0xFFFF_FFFFu, ReadWord(chip, second + 0x44));     // not covered: keeps its (erased) content
        Assert.Equal(0, counters.FlashWordsProgrammed.Sum());
        Assert.Equal(0, counters.SectorErases.Sum());
    }

    [Theory]
    [InlineData(0x2400_0000u, 8)]        // AXI SRAM: not flash at all
    [InlineData(0x080F_FFFCu, 8)]        // runs from the end of bank 1 into bank 2
    [InlineData(0x081F_FFFCu, 8)]        // runs past the end of flash
    public void A_segment_not_inside_one_bank_is_STM5110_naming_the_file_and_nothing_is_written(uint address, int length)
    {
        var chip = Chip("STM32H747XI", out _);
        var good = Words(0x0800_0000, 0x1234_5678);

        var e = Assert.Throws<Stm32Exception>(() => chip.Family.Preload(chip.Device, [good, new ImageSegment(address, new byte[length])], "image.elf"));

        Assert.Equal(DiagnosticCodes.BoardRunSegmentOutsideFlash, e.Diagnostic.Code);
        Assert.Equal("image.elf", e.Diagnostic.File);
        Assert.Equal(address, e.Diagnostic.Address);
        Assert.Contains($"0x{address:X8}", e.Diagnostic.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0xFFFF_FFFFu, ReadWord(chip, 0x0800_0000));       // checked before any byte is written
    }
}
