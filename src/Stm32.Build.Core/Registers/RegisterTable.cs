using System.Diagnostics.CodeAnalysis;

namespace Stm32.Build.Registers;

/// <summary>
/// The register facts of one chip (one core's view of it), generated from ST's CMSIS-SVD file of the same name
/// (e.g. <c>STM32H747_CM7</c>) with the reference manual's corrections: peripherals with their base addresses,
/// sizes and interrupts, registers with offsets, reset values and access, fields with positions, widths, access and
/// side effects. The virtual chip and the flash drivers share this vocabulary. Format, generator and corrections:
/// docs/registers.md.
/// </summary>
/// <example>
/// <code>
/// var h747 = RegisterTable.Load("STM32H747_CM7");
/// var cr = h747["RCC"]["CR"];                    // 0x58024400, reset 0x00000083
/// var psize = h747["FLASH"]["CR1"]["PSIZE1"];    // bits 5:4
/// uint value = psize.Set(cr1, 3);
/// </code>
/// </example>
public sealed class RegisterTable
{
    private readonly PeripheralInfo[] _byAddress;
    private readonly ulong[] _maxEnd;
    private readonly Lazy<InterruptInfo[]> _interrupts;
    private readonly NameIndex<PeripheralInfo> _byName;

    internal RegisterTable(string name, List<PeripheralInfo> peripherals)
    {
        Name = name;
        _byAddress = [.. peripherals];
        Array.Sort(_byAddress, static (a, b) => a.BaseAddress != b.BaseAddress ? a.BaseAddress.CompareTo(b.BaseAddress) : string.CompareOrdinal(a.Name, b.Name));
        _byName = new NameIndex<PeripheralInfo>(_byAddress, p => p.Name);
        _maxEnd = new ulong[_byAddress.Length];
        for (var i = 0; i < _byAddress.Length; i++)
        {
            var end = (ulong)_byAddress[i].BaseAddress + _byAddress[i].Size;
            _maxEnd[i] = i == 0 ? end : Math.Max(end, _maxEnd[i - 1]);
        }
        _interrupts = new Lazy<InterruptInfo[]>(CollectInterrupts);
    }

    /// <summary>Every table name (the SVD files' base names), sorted.</summary>
    public static IReadOnlyList<string> Names => RegisterTableSource.Embedded.Names;

    /// <summary>Loads a table by name (case-insensitive). Loaded once per process, thread-safely; later calls return the same instance.</summary>
    /// <exception cref="Diagnostics.Stm32Exception">STM5700 when no table has that name (the message lists the known names).</exception>
    public static RegisterTable Load(string name) => RegisterTableSource.Embedded.Load(name);

    /// <summary>Loads a table by name (case-insensitive), or returns false when there is none of that name.</summary>
    public static bool TryLoad(string name, [NotNullWhen(true)] out RegisterTable? table) => RegisterTableSource.Embedded.TryLoad(name, out table);

    /// <summary>The table's name, e.g. <c>STM32H747_CM7</c>.</summary>
    public string Name { get; }

    /// <summary>Every peripheral, by base address.</summary>
    public IReadOnlyList<PeripheralInfo> Peripherals => _byAddress;

    /// <summary>Every interrupt line of every peripheral, by number (a line several peripherals share appears once).</summary>
    public IReadOnlyList<InterruptInfo> Interrupts => _interrupts.Value;

    /// <summary>The peripheral with this name (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No such peripheral; the message names the table and the name.</exception>
    public PeripheralInfo this[string name] => Find(name)
        ?? throw new KeyNotFoundException($"register table {Name} has no peripheral '{name}'");

    /// <summary>The peripheral with this name (case-insensitive), or null.</summary>
    public PeripheralInfo? Find(string name) => _byName.Find(name);

    /// <summary>
    /// The peripheral whose address block contains <paramref name="address"/>, or null. Where blocks nest (a
    /// peripheral inside another's block), the one with the highest base address — the innermost — wins.
    /// </summary>
    public PeripheralInfo? FindByAddress(uint address)
    {
        for (var i = LastAtOrBelow(address); i >= 0 && _maxEnd[i] > address; i--)
        {
            if (_byAddress[i].Contains(address))
            {
                return _byAddress[i];
            }
        }
        return null;
    }

    /// <summary>The register whose bytes include <paramref name="address"/>, or null (innermost peripheral first).</summary>
    public RegisterInfo? FindRegisterByAddress(uint address)
    {
        for (var i = LastAtOrBelow(address); i >= 0 && _maxEnd[i] > address; i--)
        {
            var peripheral = _byAddress[i];
            if (peripheral.Contains(address) && peripheral.FindByOffset(address - peripheral.BaseAddress) is { } register)
            {
                return register;
            }
        }
        return null;
    }

    /// <summary>The interrupt line with this name (case-insensitive), or null.</summary>
    public InterruptInfo? FindInterrupt(string name) =>
        Interrupts.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => Name;

    private InterruptInfo[] CollectInterrupts()
    {
        var all = new List<InterruptInfo>();
        foreach (var peripheral in _byAddress)
        {
            all.AddRange(peripheral.Interrupts);
        }
        all.Sort(static (a, b) => a.Number != b.Number ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Name, b.Name));
        var distinct = new List<InterruptInfo>(all.Count);
        foreach (var interrupt in all)
        {
            if (distinct.Count == 0 || distinct[^1] != interrupt)
            {
                distinct.Add(interrupt);
            }
        }
        return [.. distinct];
    }

    private int LastAtOrBelow(uint address)
    {
        int low = 0, high = _byAddress.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (_byAddress[mid].BaseAddress <= address)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }
}
