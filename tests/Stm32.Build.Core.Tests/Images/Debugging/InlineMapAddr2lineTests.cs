using Stm32.Build.Images;
using Stm32.Build.Images.Debugging;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images.Debugging;

/// <summary>
/// The inlined call sites of firmware built by arm-none-eabi-gcc (DWARF 4 and 5; -Og, -O2, -Os), compared with
/// <c>arm-none-eabi-addr2line -i</c> at every halfword of every function: where addr2line shows an inline chain, the
/// map gives its outermost call site; where it shows none, the map has no inlined call.
/// </summary>
[Trait("Requires", "gcc")]
public class InlineMapAddr2lineTests
{
    public static TheoryData<HalOptimization, string> Builds() => new()
    {
        { HalOptimization.Debugging, "-gdwarf-5" },
        { HalOptimization.Debugging, "-gdwarf-4" },
        { HalOptimization.Speed, "-gdwarf-5" },
        { HalOptimization.Speed, "-gdwarf-4" },
        { HalOptimization.Size, "-gdwarf-5" },
    };

    private static string Build(HalOptimization optimization, string dwarf)
    {
        var spec = FirmwareBuilder.WithOptimization(FirmwareBuilder.SpecFor(HalVariant.StopNoDbg), optimization);
        return FirmwareBuilder.Build(spec with { Name = spec.Name + dwarf, ExtraFlags = [.. spec.ExtraFlags, dwarf] });
    }

    private static bool SameFile(string theirs, string ours) =>
        theirs == ours || theirs.EndsWith("/" + ours, StringComparison.Ordinal) || ours.EndsWith("/" + theirs, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Builds))]
    public void The_outermost_call_site_is_the_one_addr2line_gives(HalOptimization optimization, string dwarf)
    {
        var elf = Build(optimization, dwarf);
        var image = ImageReader.Read(elf);
        var map = InlineMap.Read(File.ReadAllBytes(elf), elf);
        Assert.Null(map.ProblemDiagnostic);
        Assert.True(map.RangeCount > 0, "the HAL firmware inlines cortex_m.h's helpers");

        var addresses = image.Symbols
            .Where(s => s.Kind == SymbolKind.Function && s.Size > 0)
            .SelectMany(s => Enumerable.Range(0, (int)(s.Size / 2)).Select(i => s.Address + (uint)(2 * i)))
            .Distinct().Order().ToList();
        var expected = Addr2lineInlines.Lookup(elf, addresses);

        var mismatches = new List<string>();
        int inlined = 0;
        for (int i = 0; i < addresses.Count; i++)
        {
            var frames = expected[i];
            bool ours = map.TryFind(addresses[i], out var call);
            bool same;
            if (frames.Count > 1)
            {
                inlined++;
                var (file, line) = frames[^1];
                same = ours && call.CallSite.Line == line && SameFile(file, call.CallSite.File) && call.Functions.Count == frames.Count - 1;
            }
            else
            {
                same = !ours;
            }
            if (!same && mismatches.Count < 10)
            {
                mismatches.Add($"0x{addresses[i]:X8}: addr2line -i {string.Join(" < ", frames.Select(f => $"{f.File}:{f.Line}"))}; map {(ours ? $"{call.CallSite} ({string.Join(" > ", call.Functions)})" : "none")}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(inlined > 0, "no inlined code found by addr2line");
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void The_WFI_of_the_Stop_entry_is_called_from_the_marked_line_of_pwr_c(HalOptimization optimization, string dwarf)
    {
        var elf = Build(optimization, dwarf);
        var symbolizer = ImageSymbolizer.ForElf(elf);
        var marker = FirmwareMarkers.Find(FirmwareBuilder.SpecFor(HalVariant.StopNoDbg), "stop-entry");
        var wfi = Wfi(elf, symbolizer.Image);

        Assert.True(symbolizer.TryCallerSource(wfi, out var location, out var detail), symbolizer.Describe(wfi));
        Assert.Equal(marker.Line, location.Line);
        Assert.EndsWith("/" + marker.FileName, location.File, StringComparison.Ordinal);
        Assert.NotNull(detail);
        Assert.StartsWith("inlined __WFI, ", detail, StringComparison.Ordinal);
        Assert.Contains("cortex_m.h:", detail, StringComparison.Ordinal);
        Assert.True(symbolizer.TrySource(wfi, out var own));          // the line table alone names the helper's line
        Assert.EndsWith("cortex_m.h", own.File, StringComparison.Ordinal);
        Assert.Contains($"{marker.FileName}:{marker.Line} (inlined __WFI, ", symbolizer.Describe(wfi), StringComparison.Ordinal);
    }

    /// <summary>The address of the WFI instruction (0xBF30, ARMv7-M A7.7.258) in HAL_PWREx_EnterSTOPMode.</summary>
    private static uint Wfi(string elf, FirmwareImage image)
    {
        var function = image.FindSymbol("HAL_PWREx_EnterSTOPMode")!;
        for (uint a = function.Address & ~1u; a < (function.Address & ~1u) + function.Size; a += 2)
        {
            if (image.ReadUInt32(a & ~3u) is uint word && (ushort)(word >> (int)(8 * (a & 2))) == 0xBF30)
            {
                return a;
            }
        }
        throw new InvalidOperationException($"no WFI in HAL_PWREx_EnterSTOPMode of {elf}");
    }
}
