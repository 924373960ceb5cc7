using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.Images;
using Stm32.Build.Images.Debugging;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>Functions and source lines of the CubeIDE-like HAL firmware (tests/firmware/h747hal), against nm, objdump and the sources.</summary>
[Trait("Requires", "gcc")]
public partial class ImageSymbolizerTests
{
    private static string HalElf() => FirmwareBuilder.BuildH747Hal(HalVariant.Clean);

    [Fact]
    public void Every_halfword_of_every_function_nm_lists_is_named_with_its_offset()
    {
        var elf = HalElf();
        var symbolizer = ImageSymbolizer.ForElf(elf);
        // nm -S: "address size type name" for symbols with a size; T/t are code.
        var functions = ArmToolchain.RunChecked(ArmToolchain.Nm, ["-S", "--defined-only", elf]).StandardOutput
            .Split('\n').Select(l => NmLine().Match(l)).Where(m => m.Success && m.Groups[3].Value is "T" or "t" or "W" or "w")
            .Select(m => (Address: uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & ~1u,
                          Size: uint.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                          Name: m.Groups[4].Value))
            .ToList();
        Assert.Contains(functions, f => f.Name == "SystemClock_Config");
        var names = functions.ToLookup(f => (f.Address, f.Size), f => f.Name); // weak aliases share an address and size
        Assert.True(functions.Count > 20, $"{functions.Count} functions");
        foreach (var f in functions)
        {
            for (uint offset = 0; offset < f.Size; offset += 2)
            {
                Assert.True(symbolizer.TryFunction(f.Address + offset, out var name, out var at), $"{f.Name}+0x{offset:x}");
                Assert.Equal(offset, at);
                Assert.True(names[(f.Address, f.Size)].Contains(name), $"{f.Name}+0x{offset:x} is named {name}+0x{at:x}");
            }
        }
    }

    [Fact]
    public void The_supply_write_is_described_with_its_function_and_the_marked_source_line()
    {
        var elf = HalElf();
        var marker = FirmwareMarkers.Find(FirmwareBuilder.SpecFor(HalVariant.Clean), "supply-write");
        var addresses = ElfLineTable.Of(elf).AddressesOf(marker.FileName, marker.Line);
        Assert.NotEmpty(addresses);
        var symbolizer = ImageSymbolizer.ForElf(elf);
        var configSupply = symbolizer.Image.FindSymbol("HAL_PWREx_ConfigSupply")!;
        foreach (var address in addresses)
        {
            var text = symbolizer.Describe(address);
            Assert.Equal(text[10..], symbolizer.Describe(address | 1)[10..]); // the Thumb bit names the same place
            var offset = address - configSupply.Address;
            Assert.Equal($"0x{address:X8} in HAL_PWREx_ConfigSupply{(offset == 0 ? "" : $"+0x{offset:x}")} (", text[..(text.IndexOf('(') + 1)]);
            Assert.EndsWith($"/{marker.FileName}:{marker.Line})", text, StringComparison.Ordinal);
            Assert.True(symbolizer.TrySource(address, out var location));
            Assert.Equal(marker.Line, location.Line);
            Assert.True(location.Column > 0, "gcc emits columns");
        }
    }

    [Fact]
    public void An_elf_without_debugging_information_has_the_empty_map_and_still_names_functions()
    {
        var spec = FirmwareBuilder.SpecFor(FirmwareVariant.Cm7Blinky);
        var elf = FirmwareBuilder.Build(spec with { Name = spec.Name + "-g0", ExtraFlags = [.. spec.ExtraFlags, "-g0"] });
        var bytes = File.ReadAllBytes(elf);
        Assert.DoesNotContain(ImageReader.Read(elf).Sections, s => s.Name.StartsWith(".debug", StringComparison.Ordinal));
        var map = SourceMap.Read(bytes, elf);
        Assert.Same(SourceMap.Empty, map);
        Assert.Null(map.Problem);

        var symbolizer = ImageSymbolizer.ForElf(elf);
        var main = symbolizer.Image.FindSymbol("main")!;
        Assert.False(symbolizer.TrySource(main.Address, out _));
        Assert.Equal($"0x{main.Address + 2:X8} in main+0x2", symbolizer.Describe(main.Address + 2));
    }

    [Fact]
    public void An_address_outside_every_symbol_is_only_the_address()
    {
        var symbolizer = ImageSymbolizer.ForElf(HalElf());
        Assert.False(symbolizer.TryFunction(0x0000_0004, out var name, out _), name);
        Assert.True(symbolizer.SourceMap.TryFind(0x0000_0004, out _)); // rows of functions --gc-sections dropped
        Assert.False(symbolizer.TrySource(0x0000_0004, out _));
        Assert.Equal("0x00000004", symbolizer.Describe(0x0000_0004));
        Assert.Equal("0xFFFFFFF0", symbolizer.Describe(0xFFFF_FFF0));
    }

    [GeneratedRegex(@"^([0-9a-f]{8}) ([0-9a-f]{8}) (\w) (\S+)$")]
    private static partial Regex NmLine();
}
