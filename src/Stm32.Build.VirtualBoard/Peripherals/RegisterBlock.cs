using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// A peripheral's registers by offset (Renode's register collection): declared in code with <see cref="Define"/> or
/// from the chip's generated register table (Stm32.Build.Registers), then given behaviour by name.
/// Reads and writes of whole 32-bit words with byte-lane masks come from <see cref="Peripheral"/>, which handles
/// access sizes once. A register no behaviour was attached to still reads its reset value and keeps what is written,
/// and its first access is logged once (peripheral, register, address) in the <see cref="UnmodelledAccessLog"/>;
/// an offset with no register reads 0, ignores writes and is logged once too.
/// </summary>
public sealed class RegisterBlock
{
    private readonly Dictionary<uint, Register> _byOffset = [];
    private readonly Dictionary<string, Register> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<uint> _reported = [];

    /// <summary>Creates an empty block.</summary>
    /// <param name="name">The peripheral's name, e.g. <c>RCC</c>.</param>
    /// <param name="baseAddress">The peripheral's base address (for logs and <see cref="Register.Address"/>).</param>
    /// <param name="log">Where unmodelled accesses are recorded.</param>
    public RegisterBlock(string name, uint baseAddress, UnmodelledAccessLog log)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        BaseAddress = baseAddress;
        Log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The peripheral's name.</summary>
    public string Name { get; }

    /// <summary>The peripheral's base address.</summary>
    public uint BaseAddress { get; }

    /// <summary>The chip's log of unmodelled accesses.</summary>
    public UnmodelledAccessLog Log { get; }

    /// <summary>Every register, by ascending offset.</summary>
    public IEnumerable<Register> Registers => _byOffset.Values.OrderBy(r => r.Offset);

    /// <summary>The register named <paramref name="name"/> (case-insensitive).</summary>
    public Register this[string name] => _byName.TryGetValue(name, out var r)
        ? r
        : throw new KeyNotFoundException($"{Name} has no register '{name}'; its registers are {string.Join(", ", Registers.Select(x => x.Name))}");

    /// <summary>The register named <paramref name="name"/>, or null.</summary>
    public Register? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The register at <paramref name="offset"/>, or null.</summary>
    public Register? At(uint offset) => _byOffset.GetValueOrDefault(offset & ~3u);

    /// <summary>
    /// Declares a register. Declaring an offset again replaces the earlier declaration (a model replacing a
    /// generated one with its own fields).
    /// </summary>
    public Register Define(uint offset, string name, uint resetValue = 0)
    {
        if ((offset & 3) != 0)
        {
            throw new ArgumentException($"{Name}.{name}: offset 0x{offset:X} is not word-aligned", nameof(offset));
        }
        if (_byOffset.TryGetValue(offset, out var previous))
        {
            _byName.Remove(previous.Name);
        }
        var register = new Register(this, offset, name, resetValue);
        _byOffset[offset] = register;
        _byName[name] = register;
        return register;
    }

    /// <summary>Every register back to its reset value.</summary>
    public void Reset()
    {
        foreach (var register in _byOffset.Values)
        {
            register.Reset();
        }
    }

    /// <summary>Software reads the word at <paramref name="offset"/>.</summary>
    public uint Read(uint offset)
    {
        if (!_byOffset.TryGetValue(offset & ~3u, out var register))
        {
            ReportOnce(offset & ~3u, null, "no register at this offset: reads as 0");
            return 0;
        }
        if (!register.IsModelled)
        {
            ReportOnce(register.Offset, register, UnmodelledNote(register));
        }
        return register.Read();
    }

    /// <summary>
    /// Software writes <paramref name="value"/> on the byte lanes in <paramref name="laneMask"/>. Returns false when
    /// the register refuses the access size (<see cref="Register.WordWritesOnly"/>).
    /// </summary>
    public bool Write(uint offset, uint value, uint laneMask = 0xFFFF_FFFF)
    {
        if (!_byOffset.TryGetValue(offset & ~3u, out var register))
        {
            ReportOnce(offset & ~3u, null, "no register at this offset: write ignored");
            return true;
        }
        if (register.WordWritesOnly && laneMask != 0xFFFF_FFFF)
        {
            return false;
        }
        if (!register.IsModelled)
        {
            ReportOnce(register.Offset, register, UnmodelledNote(register));
        }
        register.Write(value, laneMask);
        return true;
    }

    private static string UnmodelledNote(Register register) => string.Create(CultureInfo.InvariantCulture,
        $"no behaviour modelled: reads its reset value 0x{register.ResetValue:X8} and keeps what is written");

    private void ReportOnce(uint offset, Register? register, string note)
    {
        if (_reported.Add(offset))
        {
            Log.Add(new UnmodelledAccess(Name, register?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, 0, note));
        }
    }

    /// <summary>Formats an address for messages.</summary>
    internal static string Hex(uint address) => Diagnostic.Hex(address);
}
