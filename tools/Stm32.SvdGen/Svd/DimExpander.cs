using System.Globalization;
using System.Xml.Linq;
using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Svd;

/// <summary>
/// Turns a peripheral's <c>&lt;registers&gt;</c> into concrete registers: <c>dim</c> arrays and lists become one
/// register (or field) per index (<c>%s</c> in the name replaced by the index, <c>[%s]</c> by the index without
/// brackets, offsets stepped by <c>dimIncrement</c>); a cluster's registers are named <c>CLUSTER_REGISTER</c> with
/// the cluster's offset added; <c>derivedFrom</c> on a cluster, register or field copies its sibling and applies
/// what the derived element gives.
/// </summary>
internal sealed class DimExpander(SvdReader reader)
{
    private const int MaxClusterDepth = 8;

    /// <summary>Every register under a <c>&lt;registers&gt;</c> element.</summary>
    public IEnumerable<RegisterModel> ExpandRegisters(XElement registers, RegisterDefaults defaults) =>
        ExpandContainer(registers, defaults, 0, "", 0);

    private IEnumerable<RegisterModel> ExpandContainer(XElement container, RegisterDefaults defaults, uint baseOffset, string prefix, int depth)
    {
        if (depth > MaxClusterDepth)
        {
            throw reader.Error(container, $"clusters nested deeper than {MaxClusterDepth}");
        }
        foreach (var raw in container.Elements())
        {
            var kind = raw.Name.LocalName;
            if (kind is not ("register" or "cluster"))
            {
                continue;
            }
            var element = Effective(raw, container);
            var properties = RegisterDefaults.Read(reader, element, defaults);
            foreach (var (name, offset) in Instances(element, reader.RequiredNumber(element, "addressOffset")))
            {
                var at = checked(baseOffset + offset);
                if (kind == "register")
                {
                    yield return ReadRegister(element, prefix + name, at, properties);
                }
                else
                {
                    foreach (var register in ExpandContainer(element, properties, at, prefix + name + "_", depth + 1))
                    {
                        yield return register;
                    }
                }
            }
        }
    }

    private RegisterModel ReadRegister(XElement element, string name, uint offset, RegisterDefaults properties)
    {
        var register = new RegisterModel
        {
            Name = name,
            Offset = offset,
            SizeBits = properties.SizeBits,
            ResetValue = properties.ResetValue,
            ResetMask = properties.ResetMask,
            Access = properties.Access,
            ModifiedWrite = Write(element, ModifiedWrite.Modify),
            ReadAction = Read(element, ReadAction.None),
        };
        if (element.Element("fields") is { } fields)
        {
            foreach (var raw in fields.Elements("field"))
            {
                var field = Effective(raw, fields);
                var (position, width) = BitRange(field);
                var access = register.Access;
                if (SvdReader.Text(field, "access") is { } text && !Codes.TryParseSvdAccess(text, out access))
                {
                    throw reader.Error(field.Element("access") ?? field, $"unknown access '{text}'");
                }
                foreach (var (fieldName, step) in Instances(field, 0))
                {
                    var at = position + (int)step;
                    if (width < 1 || at + width > register.SizeBits)
                    {
                        throw reader.Error(field, $"field '{fieldName}' of register '{name}' (bits {at + width - 1}:{at}) does not fit the register's {register.SizeBits} bits");
                    }
                    register.Fields.Add(new FieldModel
                    {
                        Name = fieldName,
                        Position = at,
                        Width = width,
                        Access = access,
                        ModifiedWrite = Write(field, register.ModifiedWrite),
                        ReadAction = Read(field, register.ReadAction),
                    });
                }
            }
        }
        return register;
    }

    private (int Position, int Width) BitRange(XElement field)
    {
        if (reader.Number(field, "bitOffset") is { } offset)
        {
            return ((int)Math.Min(offset, 64), (int)Math.Min(reader.Number(field, "bitWidth") ?? 1, 64));
        }
        if (reader.Number(field, "lsb") is { } lsb && reader.Number(field, "msb") is { } msb && msb >= lsb)
        {
            return ((int)Math.Min(lsb, 64), (int)Math.Min(msb - lsb + 1, 64));
        }
        var range = SvdReader.Text(field, "bitRange");
        if (range is not null && range.StartsWith('[') && range.EndsWith(']'))
        {
            var parts = range[1..^1].Split(':');
            if (parts.Length == 2
                && byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                && byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                && high >= low)
            {
                return (low, high - low + 1);
            }
        }
        throw reader.Error(field, $"field '{SvdReader.Text(field, "name")}' has no valid bit range (bitOffset/bitWidth, lsb/msb or bitRange [msb:lsb])");
    }

    private ModifiedWrite Write(XElement element, ModifiedWrite inherited)
    {
        if (SvdReader.Text(element, "modifiedWriteValues") is not { } text)
        {
            return inherited;
        }
        return Codes.TryParseSvdWrite(text, out var value) ? value : throw reader.Error(element.Element("modifiedWriteValues")!, $"unknown modifiedWriteValues '{text}'");
    }

    private ReadAction Read(XElement element, ReadAction inherited)
    {
        if (SvdReader.Text(element, "readAction") is not { } text)
        {
            return inherited;
        }
        return Codes.TryParseSvdRead(text, out var value) ? value : throw reader.Error(element.Element("readAction")!, $"unknown readAction '{text}'");
    }

    /// <summary>
    /// The element's instances: (name, offset step) once without <c>dim</c>; per index with it.
    /// </summary>
    private IEnumerable<(string Name, uint Offset)> Instances(XElement element, uint offset)
    {
        var name = reader.RequiredText(element, "name");
        if (reader.Number(element, "dim") is not { } dim)
        {
            if (name.Contains("%s", StringComparison.Ordinal))
            {
                throw reader.Error(element, $"'{name}' has %s in its name but no <dim>");
            }
            yield return (name, offset);
            yield break;
        }
        if (!name.Contains("%s", StringComparison.Ordinal))
        {
            throw reader.Error(element, $"'{name}' has <dim> but no %s in its name");
        }
        var increment = reader.RequiredNumber(element, "dimIncrement");
        var indices = Indices(element, dim);
        for (var i = 0; i < indices.Count; i++)
        {
            var concrete = name.Replace("[%s]", indices[i], StringComparison.Ordinal).Replace("%s", indices[i], StringComparison.Ordinal);
            yield return (concrete, checked(offset + (uint)i * increment));
        }
    }

    private List<string> Indices(XElement element, uint dim)
    {
        var text = SvdReader.Text(element, "dimIndex");
        List<string> indices;
        if (text is null)
        {
            indices = Enumerable.Range(0, (int)Math.Min(dim, 4096)).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        }
        else if (text.Split('-') is [var first, var last] && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                 && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to) && to >= from && to - from < 4096)
        {
            indices = Enumerable.Range(from, to - from + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        }
        else if (text.Split('-') is [[var a], [var z]] && char.IsAsciiLetter(a) && char.IsAsciiLetter(z) && z >= a)
        {
            indices = Enumerable.Range(a, z - a + 1).Select(c => ((char)c).ToString()).ToList();
        }
        else
        {
            indices = text.Split(',').Select(s => s.Trim()).ToList();
        }
        if (indices.Count != dim || indices.Any(i => i.Length == 0))
        {
            throw reader.Error(element, $"<dim> {dim} does not match <dimIndex> '{text}' ({indices.Count} indices)");
        }
        return indices;
    }

    /// <summary>The element with its <c>derivedFrom</c> sibling's children underneath its own.</summary>
    private XElement Effective(XElement element, XElement container)
    {
        if ((string?)element.Attribute("derivedFrom") is not { } from)
        {
            return element;
        }
        var baseName = from[(from.LastIndexOf('.') + 1)..];
        var sibling = container.Elements(element.Name).FirstOrDefault(e => SvdReader.Text(e, "name") == baseName && e != element)
            ?? throw reader.Error(element, $"'{SvdReader.Text(element, "name")}' is derived from '{from}', which is not declared beside it");
        var baseElement = Effective(sibling, container);
        var merged = new XElement(element.Name, element.Elements());
        foreach (var inherited in baseElement.Elements())
        {
            if (merged.Element(inherited.Name) is null && inherited.Name.LocalName is not ("dim" or "dimIncrement" or "dimIndex"))
            {
                merged.Add(inherited);
            }
        }
        return merged;
    }
}
