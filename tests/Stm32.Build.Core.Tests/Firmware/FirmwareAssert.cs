using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Firmware;

/// <summary>Checks shared by the firmware test classes: vector table, symbols, line information, immediates.</summary>
internal static partial class FirmwareAssert
{
    /// <summary>The vector table at <paramref name="flash"/>: initial SP in (ramStart, ramEnd] and 8-byte aligned,
    /// reset vector = ELF entry, every non-zero vector a Thumb address of a function in the image, the reserved
    /// words (7-10, 13) zero, and the table as long as the device's NVIC (16 + irqCount words) inside the image.</summary>
    public static void ValidVectorTable(FirmwareImage image, uint flash, int irqCount, uint ramStart, uint ramEnd)
    {
        Assert.Equal((ulong)flash, image.StartAddress);
        uint sp = image.ReadUInt32(flash) ?? throw new Xunit.Sdk.XunitException("no initial SP word");
        Assert.InRange(sp, ramStart + 1, ramEnd);
        Assert.Equal(0u, sp & 7u);
        uint reset = image.ReadUInt32(flash + 4) ?? 0;
        Assert.Equal(image.EntryPoint, reset);
        foreach (int reserved in new[] { 7, 8, 9, 10, 13 })
        {
            Assert.Equal(0u, image.ReadUInt32(flash + (uint)(4 * reserved)));
        }
        for (int i = 1; i < 16 + irqCount; i++)
        {
            uint? vector = image.ReadUInt32(flash + (uint)(4 * i));
            Assert.True(vector is not null, $"vector {i} is outside the image");
            if (vector == 0)
            {
                continue;
            }
            Assert.True((vector & 1u) == 1u, $"vector {i} = 0x{vector:X8} has no Thumb bit");
            var target = image.SymbolAt(vector!.Value & ~1u);
            Assert.True(target is { Kind: SymbolKind.Function }, $"vector {i} = 0x{vector:X8} is not a function of the image");
        }
    }

    /// <summary>Vector <paramref name="index"/> points at the function <paramref name="handler"/>.</summary>
    public static void VectorIs(FirmwareImage image, uint flash, int index, string handler)
    {
        var symbol = image.FindSymbol(handler) ?? throw new Xunit.Sdk.XunitException($"no symbol {handler}");
        Assert.Equal(symbol.Address | 1u, image.ReadUInt32(flash + (uint)(4 * index)));
    }

    public static void HasFunctions(FirmwareImage image, params string[] names)
    {
        foreach (var name in names)
        {
            var symbol = image.FindSymbol(name);
            Assert.True(symbol is { Kind: SymbolKind.Function, Size: > 0 }, $"no function {name} in {image.SourcePath}");
        }
    }

    public static void HasObjects(FirmwareImage image, params string[] names)
    {
        foreach (var name in names)
        {
            var symbol = image.FindSymbol(name);
            Assert.True(symbol is { Kind: SymbolKind.Object }, $"no data object {name} in {image.SourcePath}");
        }
    }

    /// <summary>The line table maps the first instruction of <paramref name="function"/> to the source line that
    /// defines it (the line of <paramref name="signature"/> or the brace after it) in <paramref name="source"/>;
    /// addr2line names that file for it, or a header whose inline function the first statement expanded
    /// (<c>__disable_irq</c>).</summary>
    public static void DefinedAt(FirmwareImage image, ElfLineTable lines, string function, string source, string signature)
    {
        int defined = Array.FindIndex(File.ReadAllLines(source), l => l.TrimEnd() == signature) + 1;
        Assert.True(defined > 0, $"'{signature}' not found in {source}");
        var symbol = image.FindSymbol(function) ?? throw new Xunit.Sdk.XunitException($"no symbol {function}");
        string file = Path.GetFileName(source);
        var rows = lines.Rows.Where(r => r.Address == symbol.Address).ToList();
        Assert.Contains(rows, r => r.File == file && r.Line >= defined && r.Line <= defined + 1);
        var found = lines.Lookup(symbol.Address);
        Assert.NotNull(found);
        Assert.True(found.Value.File == file || found.Value.File.EndsWith(".h", StringComparison.Ordinal),
            $"addr2line puts {function} in {found.Value.File}:{found.Value.Line}");
    }

    /// <summary>The immediates (<c>#n</c> operands) and literal-pool values of a function.</summary>
    public static IReadOnlySet<uint> ImmediatesIn(ElfDisassembly code, string function)
    {
        var values = new HashSet<uint>(code.LiteralsIn(function));
        foreach (var insn in code.Function(function))
        {
            foreach (Match m in Immediate().Matches(insn.Operands))
            {
                string v = m.Groups[1].Value;
                values.Add(v.StartsWith("0x", StringComparison.Ordinal)
                    ? uint.Parse(v[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : uint.Parse(v, CultureInfo.InvariantCulture));
            }
        }
        return values;
    }

    /// <summary>The constants a function uses: its immediates, literal-pool values and the register values the
    /// tracking computes (constants built with shifts on ARMv6-M).</summary>
    public static IReadOnlySet<uint> ConstantsIn(ElfDisassembly code, string function)
    {
        var values = new HashSet<uint>(ImmediatesIn(code, function));
        values.UnionWith(code.KnownValuesIn(function));
        return values;
    }

    /// <summary>True when <paramref name="fields"/> is the OR of the constants of <paramref name="function"/> that
    /// have no bit outside it: every field bit is set by some constant and no constant sets a neighbouring bit (the
    /// compiler splits a MODIFY_REG value into encodable immediates).</summary>
    public static bool BuildsFields(ElfDisassembly code, string function, uint fields) =>
        ConstantsIn(code, function).Where(c => c != 0 && (c & ~fields) == 0).Aggregate(0u, (a, c) => a | c) == fields;

    /// <summary>The resolved memory accesses of every function of the image.</summary>
    public static IReadOnlyList<MemoryAccess> AllAccesses(ElfDisassembly code) =>
        [.. code.FunctionNames.SelectMany(code.AccessesIn)];

    [GeneratedRegex(@"#(0x[0-9a-f]+|\d+)")]
    private static partial Regex Immediate();
}
