using System.Globalization;
using System.Text.RegularExpressions;

namespace Stm32.Build.TestSupport;

/// <summary>One row of the DWARF line table: an instruction address and the source file and line it came from.</summary>
/// <param name="File">The source file name as the line table records it (the file name, without its folder).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Address">The first instruction address of the row.</param>
public sealed record LineRow(string File, int Line, uint Address);

/// <summary>
/// The DWARF line information of an ELF as <c>arm-none-eabi-objdump --dwarf=decodedline</c> prints it, and
/// <c>arm-none-eabi-addr2line</c> lookups: what a debugger or the twin's report turns a PC into.
/// </summary>
public sealed partial class ElfLineTable
{
    private readonly string _elf;

    private ElfLineTable(string elf, IReadOnlyList<LineRow> rows)
    {
        _elf = elf;
        Rows = rows;
    }

    /// <summary>Every row of the decoded line table whose address is in the image.</summary>
    public IReadOnlyList<LineRow> Rows { get; }

    /// <summary>Reads the line table of <paramref name="elf"/>.</summary>
    public static ElfLineTable Of(string elf)
    {
        var text = ArmToolchain.RunChecked(ArmToolchain.Objdump, ["--dwarf=decodedline", elf]).StandardOutput;
        var image = Stm32.Build.Images.ImageReader.Read(elf);
        Span<byte> probe = stackalloc byte[2];
        var rows = new List<LineRow>();
        foreach (var raw in text.Split('\n'))
        {
            var m = Row().Match(raw.TrimEnd('\r'));
            // Rows of functions the linker dropped (--gc-sections) stay in .debug_line at address 0: only rows
            // whose address is in the image's loaded code count.
            if (m.Success && image.TryRead(uint.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), probe))
            {
                rows.Add(new LineRow(
                    m.Groups[1].Value,
                    int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    uint.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }
        return new ElfLineTable(elf, rows);
    }

    /// <summary>The addresses whose code came from <paramref name="file"/> (file name only) line <paramref name="line"/>.</summary>
    public IReadOnlyList<uint> AddressesOf(string file, int line) =>
        [.. Rows.Where(r => r.Line == line && string.Equals(r.File, file, StringComparison.Ordinal)).Select(r => r.Address)];

    /// <summary>addr2line's answer for <paramref name="address"/>: the file name (without folder) and line, or
    /// null when there is no line information for it.</summary>
    public (string File, int Line)? Lookup(uint address)
    {
        var output = ArmToolchain.RunChecked(ArmToolchain.Addr2line, ["-e", _elf, "0x" + address.ToString("x", CultureInfo.InvariantCulture)])
            .StandardOutput.Trim();
        var m = Addr2lineAnswer().Match(output);
        if (!m.Success)
        {
            return null;
        }
        return (Path.GetFileName(m.Groups[1].Value), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(\S+\.(?:c|S|s|h))\s+(\d+)\s+0x([0-9a-f]+)")]
    private static partial Regex Row();

    [GeneratedRegex(@"^(.+):(\d+)(?:\s|$)")]
    private static partial Regex Addr2lineAnswer();
}

/// <summary>A place in the firmware sources marked <c>@event NAME</c> in a comment: where a documented event
/// (a supply write, an SWD pin change, a Stop entry, a flash operation) happens.</summary>
/// <param name="Name">The marker name (<c>supply-write</c>).</param>
/// <param name="Path">The source file.</param>
/// <param name="Line">The 1-based line of the marker.</param>
public sealed record SourceMarker(string Name, string Path, int Line)
{
    /// <summary>The file name without its folder, as the DWARF line table records it.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>Finds <c>@event</c> markers in the sources of a firmware build.</summary>
public static partial class FirmwareMarkers
{
    /// <summary>The marker <paramref name="name"/> in the sources <paramref name="spec"/> compiles; throws when it is
    /// missing or appears more than once.</summary>
    public static SourceMarker Find(FirmwareSpec spec, string name)
    {
        var found = For(spec).Where(m => m.Name == name).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"marker '@event {name}' found {found.Count} times in the sources of {spec.Name}");
    }

    /// <summary>Every marker in the sources <paramref name="spec"/> compiles (C and assembly files; headers are not
    /// searched).</summary>
    public static IReadOnlyList<SourceMarker> For(FirmwareSpec spec) => In(FirmwareBuilder.SourcePaths(spec));

    /// <summary>Every marker in <paramref name="files"/>, in file then line order.</summary>
    public static IReadOnlyList<SourceMarker> In(IEnumerable<string> files)
    {
        var result = new List<SourceMarker>();
        foreach (var file in files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Marker().Matches(lines[i]))
                {
                    result.Add(new SourceMarker(m.Groups[1].Value, file, i + 1));
                }
            }
        }
        return result;
    }

    [GeneratedRegex(@"@event ([a-z0-9-]+)")]
    private static partial Regex Marker();
}
