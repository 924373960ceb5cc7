using System.Xml;
using System.Xml.Linq;
using Stm32.Build.Diagnostics;
using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Svd;

/// <summary>
/// Reads a CMSIS-SVD file into a <see cref="DeviceModel"/>: facts only (names, addresses, sizes, reset values,
/// access, side effects, interrupts); descriptions are never read. Register properties (size, access, resetValue,
/// resetMask) are inherited device → peripheral → cluster → register, field access and side effects from the
/// register; <c>dim</c> arrays and clusters are expanded into concrete registers (<see cref="DimExpander"/>);
/// <c>derivedFrom</c> is resolved for peripherals, clusters, registers and fields.
/// Every error is an <see cref="SvdGenException"/> (STM5710) naming the file and line.
/// </summary>
internal sealed partial class SvdReader
{
    private readonly string _file;
    private readonly Dictionary<string, XElement> _peripheralElements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeripheralModel> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private RegisterDefaults _deviceDefaults;

    private SvdReader(string file) => _file = file;

    /// <summary>Reads an SVD file; the table name is the file's base name.</summary>
    public static DeviceModel ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SvdGenException(DiagnosticCodes.SvdInvalid, $"cannot read the SVD file: {ex.Message}", path);
        }
        return Read(text, Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>Reads SVD text; <paramref name="file"/> is only used in messages.</summary>
    public static DeviceModel Read(string text, string tableName, string file)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new SvdGenException(DiagnosticCodes.SvdInvalid, $"not valid XML: {ex.Message}", file, ex.LineNumber);
        }
        return new SvdReader(file).ReadDevice(document.Root!, tableName);
    }

    private DeviceModel ReadDevice(XElement root, string tableName)
    {
        if (root.Name.LocalName != "device")
        {
            throw Error(root, $"the root element is <{root.Name.LocalName}>, not <device>");
        }
        _deviceDefaults = RegisterDefaults.Read(this, root, RegisterDefaults.Initial);
        var device = new DeviceModel { Name = tableName, SvdVersion = Text(root, "version") };
        var peripherals = root.Element("peripherals") ?? throw Error(root, "<device> has no <peripherals>");
        foreach (var element in peripherals.Elements("peripheral"))
        {
            var name = RequiredText(element, "name");
            if (!_peripheralElements.TryAdd(name, element))
            {
                throw Error(element, $"peripheral '{name}' is declared twice");
            }
        }
        foreach (var element in peripherals.Elements("peripheral"))
        {
            device.Peripherals.Add(ResolvePeripheral(RequiredText(element, "name")));
        }
        return device;
    }

    private PeripheralModel ResolvePeripheral(string name)
    {
        if (_resolved.TryGetValue(name, out var done))
        {
            return done;
        }
        var element = _peripheralElements[name];
        if (!_resolving.Add(name))
        {
            throw Error(element, $"peripheral '{name}' is derived from itself (derivedFrom cycle)");
        }
        var derivedFrom = (string?)element.Attribute("derivedFrom");
        PeripheralModel? baseModel = null;
        XElement? baseElement = null;
        if (derivedFrom is not null)
        {
            if (!_peripheralElements.TryGetValue(derivedFrom, out baseElement))
            {
                throw Error(element, $"peripheral '{name}' is derived from '{derivedFrom}', which the file does not declare");
            }
            baseModel = ResolvePeripheral(derivedFrom);
        }

        var model = new PeripheralModel
        {
            Name = name,
            DerivedFrom = derivedFrom,
            BaseAddress = RequiredNumber(element, "baseAddress"),
            GroupName = Text(element, "groupName") ?? baseModel?.GroupName,
        };
        var blocks = element.Elements("addressBlock").ToList();
        model.Size = blocks.Count > 0 ? BlockExtent(blocks) : baseModel?.Size ?? 0;
        foreach (var interrupt in element.Elements("interrupt"))
        {
            model.Interrupts.Add(new InterruptModel { Name = RequiredText(interrupt, "name"), Number = (int)RequiredNumber(interrupt, "value") });
        }

        var defaults = RegisterDefaults.Read(this, element, baseElement is null ? _deviceDefaults : RegisterDefaults.Read(this, baseElement, _deviceDefaults));
        var registers = baseModel?.Registers.ConvertAll(r => r.Clone()) ?? [];
        if (element.Element("registers") is { } own)
        {
            foreach (var register in new DimExpander(this).ExpandRegisters(own, defaults))
            {
                registers.RemoveAll(r => r.Name == register.Name);
                registers.Add(register);
            }
        }
        model.Registers = registers;
        model.InheritsRegisters = baseModel is not null && element.Element("registers") is null;
        _resolving.Remove(name);
        _resolved[name] = model;
        return model;
    }

    private uint BlockExtent(List<XElement> blocks)
    {
        ulong extent = 0;
        foreach (var block in blocks)
        {
            extent = Math.Max(extent, (ulong)RequiredNumber(block, "offset") + RequiredNumber(block, "size"));
        }
        return extent > uint.MaxValue ? uint.MaxValue : (uint)extent;
    }

    /// <summary>The trimmed text of a child element, or null when absent.</summary>
    internal static string? Text(XElement element, string child) => element.Element(child)?.Value.Trim();

    /// <summary>The trimmed text of a required child element.</summary>
    internal string RequiredText(XElement element, string child) =>
        Text(element, child) is { Length: > 0 } text ? text : throw Error(element, $"<{element.Name.LocalName}> has no <{child}>");

    /// <summary>A required number (SVD scaledNonNegativeInteger).</summary>
    internal uint RequiredNumber(XElement element, string child) =>
        Number(element, child) ?? throw Error(element, $"<{element.Name.LocalName}> has no <{child}>");

    /// <summary>An optional number (SVD scaledNonNegativeInteger: decimal, 0x hex, # binary, k/M/G suffix).</summary>
    internal uint? Number(XElement element, string child)
    {
        var node = element.Element(child);
        if (node is null)
        {
            return null;
        }
        if (!SvdNumber.TryParse(node.Value, out var value))
        {
            throw Error(node, $"<{child}> '{node.Value.Trim()}' is not a 32-bit number");
        }
        return value;
    }

    /// <summary>An error naming this file and the element's line.</summary>
    internal SvdGenException Error(XObject node, string message) =>
        new(DiagnosticCodes.SvdInvalid, message, _file, ((IXmlLineInfo)node).HasLineInfo() ? ((IXmlLineInfo)node).LineNumber : null);
}
