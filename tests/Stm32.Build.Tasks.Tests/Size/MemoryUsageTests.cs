using Stm32.Build.Tasks.Size;

namespace Stm32.Build.Tasks.Tests.Size;

[Trait("Requires", "gcc")]
public class MemoryUsageTests
{
    // The shape GNU ld writes at the top of a map file (-Wl,-Map).
    private const string Map = """
        Archive member included to satisfy reference by file (symbol)

        Memory Configuration

        Name             Origin             Length             Attributes
        FLASH            0x08000000         0x00100000         xr
        DTCMRAM          0x20000000         0x00020000         xrw
        ITCMRAM          0x00000000         0x00010000         xrw
        *default*        0x00000000         0xffffffff

        Linker script and memory map

        LOAD obj/main.o
        """;

    [Fact]
    public void Reads_regions_and_leaves_out_default()
    {
        var regions = MemoryUsage.ReadMapRegions(Map);
        Assert.Equal(
            [new MemoryRegionInfo("FLASH", 0x08000000, 0x100000), new MemoryRegionInfo("DTCMRAM", 0x20000000, 0x20000), new MemoryRegionInfo("ITCMRAM", 0, 0x10000)],
            regions);
    }

    [Fact]
    public void Data_counts_in_its_run_and_load_regions_and_bss_only_where_it_runs()
    {
        var regions = MemoryUsage.ReadMapRegions(Map);
        ElfSection[] sections =
        [
            new(".isr_vector", 0x08000000, 0x08000000, 0x298, true),
            new(".text", 0x08000298, 0x08000298, 0x1000, true),
            new(".data", 0x20000000, 0x08001298, 0x10, true),
            new(".bss", 0x20000010, 0x08001298, 0x40, false),
        ];
        var usage = MemoryUsage.Compute(regions, sections);
        Assert.Equal([0x298UL + 0x1000 + 0x10, 0x10UL + 0x40, 0UL], usage.Select(u => u.Used));
        Assert.Equal(100.0 * 0x50 / 0x20000, usage[1].Percent, 6);
    }

    [Fact]
    public void Table_lists_each_region_once_with_used_and_total()
    {
        var usage = MemoryUsage.Compute(MemoryUsage.ReadMapRegions(Map), [new(".text", 0x08000000, 0x08000000, 2048, true)]);
        var lines = MemoryUsage.FormatTable(usage, "t").Split('\n');
        Assert.Equal(2 + 3, lines.Length);
        Assert.Matches(@"^FLASH\s+0x08000000\s+2 KB\s+1 MB\s+0\.20%", lines[2]);
    }

    [Fact]
    public void Reads_sections_and_load_addresses_from_a_linked_elf()
    {
        // A tiny ELF linked here with the installed toolchain; skipped silently never: the toolchain is required.
        using var dir = new TempDirectory();
        var src = dir.Write("a.c", "int counter = 5; int zero; int main(void) { return counter + zero; }\n");
        var ld = dir.Write("a.ld", "MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K\n RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 16K }\n"
            + "SECTIONS { .text : { *(.text*) } >FLASH\n .data : { *(.data*) } >RAM AT> FLASH\n .bss : { *(.bss*) *(COMMON) } >RAM }\n");
        var elf = dir.Combine("a.elf");
        var psi = new System.Diagnostics.ProcessStartInfo("arm-none-eabi-gcc", ["-mcpu=cortex-m7", "-mthumb", "-nostdlib", "-O1", "-T", ld, "-o", elf, src])
        {
            RedirectStandardError = true,
        };
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            Assert.True(p.WaitForExit(60_000));
            Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        }
        var sections = ElfSections.Read(File.ReadAllBytes(elf), elf);
        var data = Assert.Single(sections, s => s.Name == ".data");
        Assert.Equal((0x20000000u, 4u, true), (data.Address, data.Size, data.HasContent));
        Assert.InRange(data.LoadAddress, 0x08000000u, 0x0800FFFFu);
        var bss = Assert.Single(sections, s => s.Name == ".bss");
        Assert.False(bss.HasContent);
        Assert.DoesNotContain(sections, s => s.Name.StartsWith(".debug", StringComparison.Ordinal) || s.Name == ".comment");
    }

    [Fact]
    public void Truncated_elf_is_a_coded_error()
    {
        var ex = Assert.Throws<Stm32.Build.Diagnostics.Stm32Exception>(() => ElfSections.Read([0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1], "x.elf"));
        Assert.Equal(Stm32.Build.Diagnostics.DiagnosticCodes.SizeReportUnavailable, ex.Code);
    }
}
