using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// Declares a register block's registers from the chip's generated register table (ST's SVD facts, corrected by
/// the reference manual where they disagree): offsets, reset values, fields with position, width and access.
/// Models then attach behaviour by name, so the model and the flash drivers share one register vocabulary.
/// </summary>
public static class RegisterTableDeclarations
{
    /// <summary>Declares every register of <paramref name="peripheral"/> in <paramref name="block"/>.</summary>
    public static RegisterBlock Declare(this RegisterBlock block, PeripheralInfo peripheral)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(peripheral);
        foreach (var info in peripheral.Registers)
        {
            if ((info.Offset & 3) != 0 || info.SizeBits > 32)
            {
                // A 16-bit register sharing a word with another (some F1 blocks): the word is declared by the
                // register at its aligned offset; this one stays reachable through it.
                continue;
            }
            var register = block.Define(info.Offset, info.Name, info.ResetValue);
            if (info.Fields.Count == 0)
            {
                register.AddField(0, info.SizeBits, info.Name, Access(info.Access, info.ModifiedWrite, info.ReadAction));
                continue;
            }
            foreach (var field in info.Fields)
            {
                register.AddField(field.Position, field.Width, field.Name, Access(field.Access, field.ModifiedWrite, field.ReadAction));
            }
        }
        return block;
    }

    /// <summary>The manual's access type for a table field's SVD access, modified-write and read-action values.</summary>
    public static FieldAccess Access(RegisterAccess access, ModifiedWrite write, ReadAction read)
    {
        if (access == RegisterAccess.ReadOnly)
        {
            return read == ReadAction.ReadClears ? FieldAccess.ReadToClear : FieldAccess.ReadOnly;
        }
        if (access == RegisterAccess.WriteOnly)
        {
            return FieldAccess.WriteOnly;
        }
        return write switch
        {
            ModifiedWrite.WriteOneToClear or ModifiedWrite.WriteClears => FieldAccess.WriteOneToClear,
            ModifiedWrite.WriteZeroToClear => FieldAccess.WriteZeroToClear,
            ModifiedWrite.WriteOneToSet or ModifiedWrite.WriteSets => FieldAccess.SetOnly,
            ModifiedWrite.WriteOneToToggle => FieldAccess.Toggle,
            _ => read == ReadAction.ReadClears ? FieldAccess.ReadToClear : FieldAccess.ReadWrite,
        };
    }
}
