using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Stm32.Build.Emulator.Gdb;

/// <summary>One register of a GDB target description.</summary>
/// <param name="Name">The register name (<c>r0</c>, <c>xpsr</c>, <c>d0</c>, <c>fpscr</c>).</param>
/// <param name="Number">The register number used by <c>p</c>/<c>P</c>.</param>
/// <param name="BitSize">The width in bits.</param>
/// <param name="Type">The description's type (<c>int</c>, <c>ieee_double</c>, <c>code_ptr</c>...).</param>
/// <param name="Feature">The feature it belongs to (<c>org.gnu.gdb.arm.m-profile</c>, <c>org.gnu.gdb.arm.vfp</c>).</param>
public sealed record GdbRegister(string Name, int Number, int BitSize, string Type, string Feature)
{
    /// <summary>The width in bytes.</summary>
    public int ByteSize => (BitSize + 7) / 8;
}

/// <summary>
/// A GDB target description (GDB manual, "Target Descriptions"): <c>target.xml</c> with its
/// <c>xi:include</c>d feature files. Registers are numbered in document order from 0 unless a <c>regnum</c>
/// attribute sets the number, after which numbering continues from it. The <c>g</c> packet carries
/// the registers in ascending number order.
/// </summary>
public sealed class GdbTargetDescription
{
    private readonly Dictionary<string, GdbRegister> _byName;

    private GdbTargetDescription(string architecture, IReadOnlyList<GdbRegister> registers)
    {
        Architecture = architecture;
        Registers = registers;
        _byName = registers.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The <c>architecture</c> element (<c>arm</c>).</summary>
    public string Architecture { get; }

    /// <summary>All registers, in ascending register number.</summary>
    public IReadOnlyList<GdbRegister> Registers { get; }

    /// <summary>The register with this name, or null.</summary>
    public GdbRegister? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The register with this name; throws a protocol error when the target has none.</summary>
    public GdbRegister Get(string name) =>
        Find(name) ?? throw GdbException.Protocol($"the target description has no register '{name}'");

    /// <summary>Reads <c>target.xml</c> and its includes through <paramref name="readFile"/> and parses them.</summary>
    public static GdbTargetDescription Load(Func<string, string> readFile, string annex = "target.xml")
    {
        var registers = new List<GdbRegister>();
        var architecture = string.Empty;
        var next = 0;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(annex);
        registers.Sort((a, b) => a.Number.CompareTo(b.Number));
        return new GdbTargetDescription(architecture, registers);

        void Walk(string file)
        {
            if (!visited.Add(file))
            {
                return;
            }
            XDocument doc;
            try
            {
                doc = ParseLenient(readFile(file));
            }
            catch (XmlException ex)
            {
                throw GdbException.Protocol($"the target description '{file}' is not valid XML: {ex.Message}");
            }
            var root = doc.Root!;
            Visit(root, root.Name.LocalName == "feature" ? (string?)root.Attribute("name") ?? file : file);
        }

        void Visit(XElement element, string feature)
        {
            foreach (var child in element.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "architecture":
                        architecture = child.Value.Trim();
                        break;
                    case "include":
                        Walk((string?)child.Attribute("href") ?? throw GdbException.Protocol("xi:include without href"));
                        break;
                    case "feature":
                        Visit(child, (string?)child.Attribute("name") ?? feature);
                        break;
                    case "reg":
                        var name = (string?)child.Attribute("name") ?? throw GdbException.Protocol("reg without a name");
                        var bits = ParseInt((string?)child.Attribute("bitsize"), "bitsize of " + name);
                        if ((string?)child.Attribute("regnum") is string regnum)
                        {
                            next = ParseInt(regnum, "regnum of " + name);
                        }
                        registers.Add(new GdbRegister(name, next, bits, (string?)child.Attribute("type") ?? "int", feature));
                        next++;
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The byte offset of each register in a <c>g</c> packet of <paramref name="packetLength"/> bytes: registers
    /// in ascending number, packed without gaps, as far as the packet reaches.
    /// </summary>
    public IReadOnlyDictionary<string, int> GPacketOffsets(int packetLength)
    {
        var offsets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var offset = 0;
        foreach (var register in Registers)
        {
            if (offset + register.ByteSize > packetLength)
            {
                break;
            }
            offsets[register.Name] = offset;
            offset += register.ByteSize;
        }
        return offsets;
    }

    /// <summary>
    /// Parses a description file as stubs write them: QEMU uses <c>xi:include</c> without declaring the
    /// XInclude namespace and names a DTD it does not send, so the prefix is predeclared and the DTD ignored.
    /// </summary>
    private static XDocument ParseLenient(string text)
    {
        var names = new NameTable();
        var namespaces = new XmlNamespaceManager(names);
        namespaces.AddNamespace("xi", "http://www.w3.org/2001/XInclude");
        var context = new XmlParserContext(names, namespaces, null, XmlSpace.None);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 1 << 20 };
        using var reader = XmlReader.Create(new StringReader(text), settings, context);
        return XDocument.Load(reader);
    }

    private static int ParseInt(string? text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw GdbException.Protocol($"{what} is '{text}', not a number");
}
