using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;
using static Stm32.Build.Tests.Images.TestImages;

namespace Stm32.Build.Tests.Images;

/// <summary>The image model: merged segments, reads across boundaries, symbol lookup.</summary>
[Trait("Requires", "gcc")]
public class FirmwareImageTests
{
    private static readonly string Eof = HexRecord(0x01, 0, []);

    private static FirmwareImage TwoRuns() => ReadText(string.Join("\n",
        HexRecord(0x04, 0, [0x08, 0x00]),
        HexRecord(0x00, 0x0010, [0x10, 0x11, 0x12, 0x13]),
        HexRecord(0x00, 0x0000, [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F]),
        HexRecord(0x00, 0x0040, [0x40, 0x41]),
        Eof), ImageFormat.IntelHex, "two.hex");

    [Fact]
    public void Records_given_out_of_order_but_contiguous_merge_into_one_segment()
    {
        var image = TwoRuns();
        Assert.Equal(2, image.Segments.Count);
        Assert.Equal(0x0800_0000u, image.Segments[0].Address);
        Assert.Equal(20, image.Segments[0].Length);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i).Concat(new byte[] { 0x10, 0x11, 0x12, 0x13 }), image.Segments[0].Data.ToArray());
        Assert.Equal(0x0800_0014UL, image.Segments[0].End);
    }

    [Fact]
    public void Reads_across_a_record_boundary_inside_a_segment()
    {
        var image = TwoRuns();
        Assert.Equal(0x1110_0F0Eu, image.ReadUInt32(0x0800_000E));
        Assert.Equal(3, image.LocationOf(0x0800_000F).Line);
        Assert.Equal(2, image.LocationOf(0x0800_0010).Line);
    }

    [Fact]
    public void Reads_that_leave_the_image_fail()
    {
        var image = TwoRuns();
        Assert.Null(image.ReadUInt32(0x0800_0012));           // two bytes present, two missing
        Assert.Null(image.ReadUInt32(0x0700_0000));
        Assert.False(image.TryRead(0x0800_0040, new byte[3]));
        Assert.True(image.TryRead(0x0800_0040, new byte[2]));
        Assert.True(image.TryRead(0x0900_0000, Span<byte>.Empty));
        Assert.False(image.TryRead(0xFFFF_FFFF, new byte[2]));
    }

    [Fact]
    public void Start_end_and_total_describe_the_whole_image()
    {
        var image = TwoRuns();
        Assert.Equal(0x0800_0000UL, image.StartAddress);
        Assert.Equal(0x0800_0042UL, image.EndAddress);
        Assert.Equal(22UL, image.TotalBytes);
        Assert.False(image.IsEmpty);
        Assert.Equal("two.hex", image.SourcePath);
        Assert.Equal(image.Segments, image.Blocks);
    }

    [Fact]
    public void Symbol_at_finds_the_object_or_function_containing_an_address()
    {
        var image = ImageReader.Read(Elf(FirmwareVariant.Cm7Blinky));
        var table = image.FindSymbol("crc_table")!;
        Assert.Same(table, image.SymbolAt(table.Value + 63));
        Assert.NotSame(table, image.SymbolAt(table.Value + 64));
        var main = image.FindSymbol("main")!;
        Assert.Same(main, image.SymbolAt(main.Address + main.Size - 1));
    }

    [Fact]
    public void Elf_blocks_are_loaded_sections_at_their_load_addresses_in_address_order()
    {
        var image = ImageReader.Read(Elf(FirmwareVariant.Cm7Blinky));
        var loaded = image.Sections.Where(s => s.IsLoaded).OrderBy(s => s.LoadAddress).ToList();
        Assert.Equal(loaded.Select(s => (s.LoadAddress, (int)s.Size)), image.Blocks.Select(b => (b.Address, b.Length)));
        Assert.Contains(image.Sections, s => s.Name == ".data" && s.IsLoaded);
    }

    [Fact]
    public void From_segments_merges_adjacent_segments_in_any_order()
    {
        var image = FirmwareImage.FromSegments(
            [new ImageSegment(0x0800_0010, new byte[] { 5, 6 }), new ImageSegment(0x0800_0000, new byte[16])],
            entryPoint: 0x0800_0101, sourcePath: "made");
        Assert.Single(image.Segments);
        Assert.Equal(18, image.Segments[0].Length);
        Assert.Equal(0x0800_0101u, image.EntryPoint);
        Assert.Equal(new SourceLocation("made", null, 0), image.LocationOf(0x0800_0010));
        Assert.Equal(2L, image.LocationOf(0x0800_0000).Offset);
    }

    [Fact]
    public void From_segments_rejects_overlaps()
    {
        Assert.Throws<ArgumentException>(() => FirmwareImage.FromSegments(
            [new ImageSegment(0x100, new byte[16]), new ImageSegment(0x10F, new byte[1])]));
    }

    [Fact]
    public void A_segment_may_not_run_past_4_GiB()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageSegment(0xFFFF_FFFF, new byte[2]));
        Assert.Equal(0x1_0000_0000UL, new ImageSegment(0xFFFF_FFFF, new byte[1]).End);
    }
}
