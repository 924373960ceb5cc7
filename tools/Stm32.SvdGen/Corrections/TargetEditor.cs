using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Corrections;

/// <summary>Applies one correction to one peripheral of one device; says whether anything changed.</summary>
internal sealed class TargetEditor(DeviceModel device, PeripheralModel peripheral, Correction correction)
{
    private bool _changed;

    /// <summary>Applies the correction; true when a value changed (or an element was added or deleted).</summary>
    public bool Apply()
    {
        var target = correction.Target;
        if (target.Interrupt is not null)
        {
            EditInterrupt(target.Interrupt);
        }
        else if (target.Register is null)
        {
            EditPeripheral();
        }
        else if (target.Field is null)
        {
            EditRegister(target.Register);
        }
        else
        {
            EditField(FindRegister(target.Register), target.Field);
        }
        return _changed;
    }

    private void EditPeripheral()
    {
        if (correction.Kind == CorrectionKind.Delete)
        {
            device.Peripherals.Remove(peripheral);
            _changed = true;
            return;
        }
        if (CorrectionValues.Get(correction, "from") is not null)
        {
            throw Fail("from= is only for an added peripheral");
        }
        peripheral.BaseAddress = Set(peripheral.BaseAddress, CorrectionValues.Number(correction, "base"));
        peripheral.Size = Set(peripheral.Size, CorrectionValues.Number(correction, "size"));
        peripheral.GroupName = SetOptional(peripheral.GroupName, CorrectionValues.Name(correction, "group"));
        peripheral.Name = Set(peripheral.Name, CorrectionValues.Name(correction, "name"));
    }

    private void EditInterrupt(string name)
    {
        var existing = peripheral.Interrupts.Find(i => Same(i.Name, name));
        switch (correction.Kind)
        {
            case CorrectionKind.Add:
                if (existing is not null)
                {
                    throw Fail($"{peripheral.Name} already has interrupt {name}");
                }
                peripheral.Interrupts.Add(new InterruptModel
                {
                    Name = name,
                    Number = (int)(CorrectionValues.Number(correction, "number") ?? throw Fail("an added interrupt needs number=N")),
                });
                _changed = true;
                break;
            case CorrectionKind.Delete:
                peripheral.Interrupts.Remove(existing ?? throw Fail($"{peripheral.Name} has no interrupt {name}"));
                _changed = true;
                break;
            default:
                if (existing is null)
                {
                    throw Fail($"{peripheral.Name} has no interrupt {name}");
                }
                existing.Number = (int)Set((uint)existing.Number, CorrectionValues.Number(correction, "number"));
                existing.Name = Set(existing.Name, CorrectionValues.Name(correction, "name"));
                break;
        }
    }

    private void EditRegister(string name)
    {
        var existing = correction.Kind == CorrectionKind.Add ? peripheral.Registers.Find(r => Same(r.Name, name)) : LookUp(name);
        if (correction.Kind == CorrectionKind.Add)
        {
            if (existing is not null)
            {
                throw Fail($"{peripheral.Name} already has register {name}");
            }
            var offset = CorrectionValues.Number(correction, "offset") ?? throw Fail("an added register needs offset=N");
            if (CorrectionValues.Name(correction, "from") is { } from)
            {
                // A copy of a sibling register (reset value, access, fields), then the line's own properties.
                existing = (peripheral.Registers.Find(r => Same(r.Name, from)) ?? throw Fail($"{peripheral.Name} has no register {from} to copy")).Clone();
                existing.Name = name;
                existing.Offset = offset;
            }
            else
            {
                existing = new RegisterModel { Name = name, Offset = offset };
            }
            peripheral.Registers.Add(existing);
            _changed = true;
        }
        else if (correction.Kind == CorrectionKind.Delete)
        {
            peripheral.Registers.Remove(existing ?? throw Fail($"{peripheral.Name} has no register {name}"));
            _changed = true;
            return;
        }
        var register = existing ?? throw Fail($"{peripheral.Name} has no register {name}");
        if (correction.Kind != CorrectionKind.Add && CorrectionValues.Get(correction, "from") is not null)
        {
            throw Fail("from= is only for an added register");
        }
        register.Offset = Set(register.Offset, CorrectionValues.Number(correction, "offset"));
        register.ResetValue = Set(register.ResetValue, CorrectionValues.Number(correction, "reset"));
        register.ResetMask = Set(register.ResetMask, CorrectionValues.Number(correction, "mask"));
        register.SizeBits = (int)Set((uint)register.SizeBits, CorrectionValues.Number(correction, "size"));
        register.Name = Set(register.Name, CorrectionValues.Name(correction, "name"));
        if (CorrectionValues.Access(correction) is { } access)
        {
            // A register's access applies to the fields that had the register's previous access.
            foreach (var field in register.Fields.Where(f => f.Access == register.Access))
            {
                field.Access = access;
            }
            register.Access = Set(register.Access, access);
        }
        if (CorrectionValues.Write(correction) is { } write)
        {
            register.Fields.ForEach(f => f.ModifiedWrite = f.ModifiedWrite == register.ModifiedWrite ? write : f.ModifiedWrite);
            register.ModifiedWrite = Set(register.ModifiedWrite, write);
        }
        if (CorrectionValues.Read(correction) is { } read)
        {
            register.Fields.ForEach(f => f.ReadAction = f.ReadAction == register.ReadAction ? read : f.ReadAction);
            register.ReadAction = Set(register.ReadAction, read);
        }
    }

    private void EditField(RegisterModel register, string name)
    {
        var existing = register.Fields.Find(f => Same(f.Name, name));
        if (correction.Kind == CorrectionKind.Add)
        {
            if (existing is not null)
            {
                throw Fail($"{peripheral.Name}.{register.Name} already has field {name}");
            }
            existing = new FieldModel
            {
                Name = name,
                Access = register.Access,
                ModifiedWrite = register.ModifiedWrite,
                ReadAction = register.ReadAction,
            };
            if (CorrectionValues.Bits(correction) is null)
            {
                throw Fail("an added field needs bits=HIGH:LOW");
            }
            register.Fields.Add(existing);
            _changed = true;
        }
        else if (correction.Kind == CorrectionKind.Delete)
        {
            register.Fields.Remove(existing ?? throw Fail($"{peripheral.Name}.{register.Name} has no field {name}"));
            _changed = true;
            return;
        }
        var field = existing ?? throw Fail($"{peripheral.Name}.{register.Name} has no field {name}");
        if (CorrectionValues.Bits(correction) is var (position, width))
        {
            if (position + width > register.SizeBits)
            {
                throw Fail($"bits {position + width - 1}:{position} do not fit the {register.SizeBits}-bit register");
            }
            field.Position = (int)Set((uint)field.Position, (uint)position);
            field.Width = (int)Set((uint)field.Width, (uint)width);
        }
        field.Access = Set(field.Access, CorrectionValues.Access(correction));
        field.ModifiedWrite = Set(field.ModifiedWrite, CorrectionValues.Write(correction));
        field.ReadAction = Set(field.ReadAction, CorrectionValues.Read(correction));
        field.Name = Set(field.Name, CorrectionValues.Name(correction, "name"));
    }

    private RegisterModel FindRegister(string name) => LookUp(name) ?? throw Fail($"{peripheral.Name} has no register {name}");

    /// <summary>A register by name; where the SVD prefixes its register names (<c>WWDG_CFR</c>) the bare name finds it.</summary>
    private RegisterModel? LookUp(string name) =>
        peripheral.Registers.Find(r => Same(r.Name, name))
        ?? peripheral.Registers.Find(r => Same(r.Name, peripheral.Name + "_" + name))
        ?? (peripheral.GroupName is { } group ? peripheral.Registers.Find(r => Same(r.Name, group + "_" + name)) : null);

    private T Set<T>(T current, T? wanted) where T : struct
    {
        if (wanted is { } value && !EqualityComparer<T>.Default.Equals(current, value))
        {
            _changed = true;
            return value;
        }
        return current;
    }

    private string Set(string current, string? wanted)
    {
        if (wanted is not null && !string.Equals(current, wanted, StringComparison.Ordinal))
        {
            _changed = true;
            return wanted;
        }
        return current;
    }

    private string? SetOptional(string? current, string? wanted) => wanted is null ? current : Set(current ?? "", wanted);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private SvdGenException Fail(string message) => CorrectionApplier.NotApplicable(correction, $"{device.Name}: {message}");
}
