using Stm32.Build.Images;
using Stm32.Build.Images.Debugging;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>
/// The source map of firmware built by arm-none-eabi-gcc, DWARF 2 to 5, compared with arm-none-eabi-addr2line at
/// every halfword of every function of the image.
/// </summary>
[Trait("Requires", "gcc")]
public class SourceMapAddr2lineTests
{
    /// <summary>
    /// The builds: gcc's own line tables (<c>-gno-as-loc-support</c>) in each DWARF version, and what the usual build
    /// gives, where the assembler writes the line tables from <c>.loc</c> directives (version 3 for C files with
    /// binutils 2.40, version 5 for some units under <c>-gdwarf-5</c>).
    /// </summary>
    public static TheoryData<string, string> Builds() => new()
    {
        { "blinky", "-gdwarf-2 -gno-as-loc-support" },
        { "blinky", "-gdwarf-3 -gno-as-loc-support" },
        { "blinky", "-gdwarf-4 -gno-as-loc-support" },
        { "blinky", "-gdwarf-5 -gno-as-loc-support" },
        { "hal", "-gdwarf-4 -gno-as-loc-support" },
        { "hal", "-gdwarf-5 -gno-as-loc-support" },
        { "hal", "-gdwarf-5" },
        { "hal", "-gdwarf-4" },
        { "hal-O0", "-gdwarf-5" },
        { "hal-Os", "-gdwarf-4 -gno-as-loc-support" },
    };

    internal static string Build(string program, string dwarf)
    {
        var spec = program switch
        {
            "blinky" => FirmwareBuilder.SpecFor(FirmwareVariant.Cm7Blinky),
            "hal" => FirmwareBuilder.SpecFor(HalVariant.Clean),
            "hal-O0" => FirmwareBuilder.WithOptimization(FirmwareBuilder.SpecFor(HalVariant.Clean), HalOptimization.None),
            "hal-Os" => FirmwareBuilder.WithOptimization(FirmwareBuilder.SpecFor(HalVariant.Clean), HalOptimization.Size),
            _ => throw new ArgumentOutOfRangeException(nameof(program)),
        };
        var flags = dwarf.Split(' ');
        return FirmwareBuilder.Build(spec with { Name = spec.Name + string.Concat(flags), ExtraFlags = [.. spec.ExtraFlags, .. flags] });
    }

    /// <summary>The version of every unit of the ELF's .debug_line (DWARF 4/5 6.2.4: unit_length, then version).</summary>
    internal static SortedSet<int> LineTableVersions(string elf)
    {
        var bytes = File.ReadAllBytes(elf);
        var section = ImageReader.Read(elf).Sections.Single(s => s.Name == ".debug_line");
        var versions = new SortedSet<int>();
        for (long at = section.FileOffset!.Value, end = at + section.Size; at < end;)
        {
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));
            versions.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)at + 4)));
            at += 4 + length;
        }
        return versions;
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Every_address_of_every_function_has_the_line_addr2line_gives(string program, string dwarf)
    {
        var elf = Build(program, dwarf);
        var bytes = File.ReadAllBytes(elf);
        var image = ImageReader.Read(elf);
        if (dwarf.Contains("-gno-as-loc-support", StringComparison.Ordinal))
        {
            // gcc wrote the C units' tables in the version asked for (the start-up assembler stays version 3 or 5).
            Assert.Contains(int.Parse(dwarf[8..9], System.Globalization.CultureInfo.InvariantCulture), LineTableVersions(elf));
        }
        var map = SourceMap.Read(bytes, elf);
        Assert.Null(map.Problem);
        Assert.False(map.IsEmpty);

        var addresses = image.Symbols
            .Where(s => s.Kind == SymbolKind.Function && s.Size > 0)
            .SelectMany(s => Enumerable.Range(0, (int)(s.Size / 2)).Select(i => s.Address + (uint)(2 * i)))
            .Distinct().Order().ToList();
        Assert.True(addresses.Count > 100, $"{addresses.Count} addresses");
        var expected = Addr2line.Lookup(elf, addresses);

        var mismatches = new List<string>();
        int found = 0;
        for (int i = 0; i < addresses.Count; i++)
        {
            bool ours = map.TryFind(addresses[i], out var location);
            var theirs = expected[i];
            found += ours ? 1 : 0;
            bool same = theirs is { } t
                ? ours && location.Line == t.Line && (t.File == location.File || t.File.EndsWith("/" + location.File, StringComparison.Ordinal))
                : !ours;
            if (!same && mismatches.Count < 10)
            {
                mismatches.Add($"0x{addresses[i]:X8}: addr2line {(theirs is { } x ? $"{x.File}:{x.Line}" : "none")}, source map {(ours ? location.ToString() : "none")}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(found > addresses.Count / 2, $"only {found} of {addresses.Count} addresses have a line");
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void The_Thumb_bit_of_an_address_is_ignored(string program, string dwarf)
    {
        var elf = Build(program, dwarf);
        var map = SourceMap.Read(File.ReadAllBytes(elf), elf);
        var main = ImageReader.Read(elf).FindSymbol("main")!;
        Assert.True(map.TryFind(main.Address, out var even));
        Assert.True(map.TryFind(main.Address | 1, out var odd));
        Assert.Equal(even, odd);
    }
}
