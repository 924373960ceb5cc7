using Stm32.Build.Diagnostics;
using Stm32.SvdGen.Model;

namespace Stm32.SvdGen.Corrections;

/// <summary>
/// Applies corrections to the devices read from the SVD files, in file order. A derived peripheral that inherits
/// its registers follows its base: after the base is corrected its registers are copied again, and only then are
/// the corrections aimed at the derived peripheral itself applied — so a fix to USART1 reaches USART2..8, and a line
/// about GPIOB alone changes GPIOB alone. Every correction must select a table, find its target in every table it
/// selects, and change something somewhere; otherwise <see cref="CheckAllUsed"/> reports it (STM5712).
/// </summary>
internal sealed class CorrectionApplier(IReadOnlyList<Correction> corrections)
{
    private readonly Dictionary<Correction, Usage> _usage = corrections.ToDictionary(c => c, _ => new Usage());

    /// <summary>Applies every correction that selects <paramref name="device"/>.</summary>
    public void Apply(DeviceModel device)
    {
        var deferred = new List<(PeripheralModel Peripheral, Correction Correction)>();
        foreach (var correction in corrections.Where(c => c.Tables.Any(t => Glob.IsMatch(t, device.Name))))
        {
            var usage = _usage[correction];
            usage.Tables++;
            var target = correction.Target;
            if (correction.Kind == CorrectionKind.Add && target.Register is null && target.Interrupt is null)
            {
                AddPeripheral(device, correction);
                usage.Changed = true;
                continue;
            }
            var peripherals = device.Peripherals.Where(p => Glob.IsMatch(target.Peripheral, p.Name)).ToList();
            if (peripherals.Count == 0)
            {
                throw NotApplicable(correction, $"{device.Name} has no peripheral '{target.Peripheral}'");
            }
            foreach (var peripheral in peripherals)
            {
                if (target.Register is not null && peripheral.InheritsRegisters)
                {
                    deferred.Add((peripheral, correction));
                }
                else
                {
                    usage.Changed |= new TargetEditor(device, peripheral, correction).Apply();
                }
            }
        }

        foreach (var peripheral in device.Peripherals.Where(p => p.InheritsRegisters).OrderBy(p => Depth(device, p)).ToList())
        {
            var basePeripheral = device.Find(peripheral.DerivedFrom!)
                ?? throw new SvdGenException(DiagnosticCodes.SvdCorrectionNotApplicable, $"{device.Name}: '{peripheral.Name}' is derived from '{peripheral.DerivedFrom}', which a correction deleted");
            peripheral.Registers = basePeripheral.Registers.ConvertAll(r => r.Clone());
            foreach (var (_, correction) in deferred.Where(d => d.Peripheral == peripheral))
            {
                _usage[correction].Changed |= new TargetEditor(device, peripheral, correction).Apply();
            }
        }
    }

    /// <summary>Fails on the first correction that selected no table or changed nothing in any table.</summary>
    public void CheckAllUsed()
    {
        foreach (var correction in corrections)
        {
            var usage = _usage[correction];
            if (usage.Tables == 0)
            {
                throw NotApplicable(correction, $"'{string.Join(",", correction.Tables)}' selects no table");
            }
            if (!usage.Changed)
            {
                throw NotApplicable(correction, $"{correction.Target} already has these values in every table the line selects; the SVD was fixed: remove the line");
            }
        }
    }

    private static void AddPeripheral(DeviceModel device, Correction correction)
    {
        var name = correction.Target.Peripheral;
        if (device.Peripherals.Exists(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw NotApplicable(correction, $"{device.Name} already has a peripheral '{name}'");
        }
        var from = CorrectionValues.Name(correction, "from");
        var basePeripheral = from is null ? null : device.Peripherals.Find(p => string.Equals(p.Name, from, StringComparison.OrdinalIgnoreCase))
            ?? throw NotApplicable(correction, $"{device.Name} has no peripheral '{from}' to derive '{name}' from");
        var peripheral = new PeripheralModel
        {
            Name = name,
            BaseAddress = CorrectionValues.Number(correction, "base") ?? throw NotApplicable(correction, "an added peripheral needs base=ADDRESS"),
            Size = CorrectionValues.Number(correction, "size") ?? basePeripheral?.Size ?? throw NotApplicable(correction, "an added peripheral needs size=BYTES"),
            GroupName = CorrectionValues.Name(correction, "group") ?? basePeripheral?.GroupName,
            DerivedFrom = basePeripheral?.Name,
            InheritsRegisters = basePeripheral is not null,
            Registers = basePeripheral?.Registers.ConvertAll(r => r.Clone()) ?? [],
        };
        device.Peripherals.Add(peripheral);
    }

    private static int Depth(DeviceModel device, PeripheralModel peripheral)
    {
        var depth = 0;
        for (var p = peripheral; p?.DerivedFrom is { } from && depth < 16; p = device.Find(from))
        {
            depth++;
        }
        return depth;
    }

    /// <summary>An STM5712 error naming the correction's line.</summary>
    public static SvdGenException NotApplicable(Correction correction, string message) =>
        new(DiagnosticCodes.SvdCorrectionNotApplicable, message, correction.File, correction.Line);

    private sealed class Usage
    {
        public int Tables { get; set; }
        public bool Changed { get; set; }
    }
}
