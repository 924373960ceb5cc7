namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// Finds the registers and fields a model attaches behaviour to in a block declared from the register table, by
/// the reference manual's bit position: the table's own name is kept when it has the field (ST's SVD names some
/// fields differently from the manual, e.g. DBGMCU_CR DBGSTPD1 for DBGSTOP_D1), and a field or register the table
/// lacks is added with the manual's name and position, so the models work with the tables as generated and as
/// corrected (tools/Stm32.SvdGen corrections).
/// </summary>
internal static class H7Fields
{
    /// <summary>
    /// The field covering exactly bits <paramref name="position"/>..+<paramref name="width"/> of
    /// <paramref name="register"/>; declared as <paramref name="manualName"/> with <paramref name="access"/> when the
    /// table has none. A table field with other bounds over those bits is a composition error naming both.
    /// </summary>
    public static RegisterField Field(this Register register, int position, int width, string manualName, FieldAccess access = FieldAccess.ReadWrite)
    {
        var mask = (width == 32 ? 0xFFFF_FFFFu : (1u << width) - 1) << position;
        foreach (var field in register.Fields)
        {
            if (field.Position == position && field.Width == width)
            {
                return field;
            }
        }
        foreach (var field in register.Fields)
        {
            if ((field.Mask & mask) != 0)
            {
                throw new InvalidOperationException(
                    $"{register.Block.Name}.{register.Name}: the register table's field {field} overlaps the manual's {manualName} (bits {position}+{width})");
            }
        }
        return register.AddField(position, width, manualName, access);
    }

    /// <summary>The single-bit field at <paramref name="position"/> (see <see cref="Field"/>).</summary>
    public static RegisterField Bit(this Register register, int position, string manualName, FieldAccess access = FieldAccess.ReadWrite) =>
        register.Field(position, 1, manualName, access);

    /// <summary>Sets the field's access to the manual's where the register table has another (e.g. a read-only flag the SVD marks read-write).</summary>
    public static RegisterField As(this RegisterField field, FieldAccess access)
    {
        if (field.Access != access)
        {
            field.Owner.Override(field.Name, access);
        }
        return field;
    }

    /// <summary>
    /// The register at <paramref name="offset"/>; when the table has none, one named <paramref name="name"/> is
    /// declared with <paramref name="template"/>'s reset value and fields (a per-core copy such as RCC_C2_RSR or
    /// PWR_CPU2CR), or empty when there is no template.
    /// </summary>
    public static Register Ensure(this RegisterBlock block, uint offset, string name, Register? template = null)
    {
        if (block.At(offset) is { } existing && existing.Offset == offset)
        {
            return existing;
        }
        var register = block.Define(offset, name, template?.ResetValue ?? 0);
        if (template is not null)
        {
            foreach (var field in template.Fields)
            {
                register.AddField(field.Position, field.Width, field.Name, field.Access);
            }
        }
        return register;
    }
}
