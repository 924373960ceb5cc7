using System.Globalization;
using System.Text;
using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Output;

/// <summary>
/// Writes a peripheral's registers as the table format's <c>r</c> and <c>f</c> lines (docs/registers.md):
/// registers by offset, fields by bit position, defaults left out (32-bit, read-write, mask all ones, no side
/// effects; a field's access and side effects when they equal its register's), runs folded by <see cref="ArrayRoller"/>.
/// </summary>
internal static class LayoutWriter
{
    /// <summary>The layout text of a register list (empty for no registers), one line per element, each ending in \n.</summary>
    public static string Write(IEnumerable<RegisterModel> registers)
    {
        var ordered = registers.OrderBy(r => r.Offset).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var items = ordered.Select(r => new ArrayRoller.Item(r.Name, r.Offset, RegisterRest(r) + "\n" + Fields(r))).ToList();
        var text = new StringBuilder();
        foreach (var run in ArrayRoller.Roll(items))
        {
            var register = ordered[run.Start];
            text.Append("r ").Append(run.Name).Append(' ').Append(Hex(register.Offset)).Append(RegisterRest(register));
            if (run.Count > 1)
            {
                text.Append(" +").Append(Hex((uint)run.Step));
            }
            text.Append('\n').Append(Fields(register));
        }
        return text.ToString();
    }

    private static string RegisterRest(RegisterModel register)
    {
        var text = new StringBuilder();
        text.Append(' ').Append(Hex(register.ResetValue));
        if (register.Access != Access.ReadWrite)
        {
            text.Append(' ').Append(Codes.Code(register.Access));
        }
        if (register.SizeBits != 32)
        {
            text.Append(" size=").Append(register.SizeBits.ToString(CultureInfo.InvariantCulture));
        }
        if (register.ResetMask != 0xFFFF_FFFF)
        {
            text.Append(" mask=").Append(Hex(register.ResetMask));
        }
        if (register.ModifiedWrite != ModifiedWrite.Modify)
        {
            text.Append(' ').Append(Codes.Code(register.ModifiedWrite));
        }
        if (register.ReadAction != ReadAction.None)
        {
            text.Append(' ').Append(Codes.Code(register.ReadAction));
        }
        return text.ToString();
    }

    private static string Fields(RegisterModel register)
    {
        var ordered = register.Fields.OrderBy(f => f.Position).ThenBy(f => f.Width).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        var items = ordered.Select(f => new ArrayRoller.Item(f.Name, f.Position, f.Width.ToString(CultureInfo.InvariantCulture) + FieldAttributes(register, f))).ToList();
        var text = new StringBuilder();
        foreach (var run in ArrayRoller.Roll(items))
        {
            var field = ordered[run.Start];
            text.Append("f ").Append(run.Name).Append(' ').Append(Bits(field)).Append(FieldAttributes(register, field));
            if (run.Count > 1)
            {
                text.Append(" +").Append(run.Step.ToString(CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Bits(FieldModel field)
    {
        var high = (field.Position + field.Width - 1).ToString(CultureInfo.InvariantCulture);
        return field.Width > 1 ? high + ":" + field.Position.ToString(CultureInfo.InvariantCulture) : high;
    }

    private static string FieldAttributes(RegisterModel register, FieldModel field)
    {
        var text = new StringBuilder();
        if (field.Access != register.Access)
        {
            text.Append(' ').Append(Codes.Code(field.Access));
        }
        if (field.ModifiedWrite != register.ModifiedWrite)
        {
            text.Append(' ').Append(Codes.Code(field.ModifiedWrite));
        }
        if (field.ReadAction != register.ReadAction)
        {
            text.Append(' ').Append(Codes.Code(field.ReadAction));
        }
        return text.ToString();
    }

    /// <summary>Upper-case hexadecimal without prefix or leading zeros, as every number in the tables but bit positions.</summary>
    public static string Hex(uint value) => value.ToString("X", CultureInfo.InvariantCulture);
}
