using System.Globalization;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>One write the chip accepted but does not model: the register, the bits and what the chip did.</summary>
/// <param name="Block">The peripheral, e.g. <c>FLASH</c> or <c>DBGMCU</c>.</param>
/// <param name="Register">The register name from the reference manual.</param>
/// <param name="Address">The bus address written.</param>
/// <param name="Bits">The written bits the model ignores.</param>
/// <param name="Note">What happened to them (stored only, ignored ...).</param>
public sealed record UnmodelledAccess(string Block, string Register, uint Address, uint Bits, string Note)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Block}.{Register} at {Diagnostic.Hex(Address)}: bits 0x{Bits:X8} {Note}");
}

/// <summary>
/// The writes to bits and registers the chip does not model, kept so tests and the CLI can show them instead of
/// the model being silently wrong. Repeated identical entries are counted once; the log keeps the first 1000.
/// </summary>
public sealed class UnmodelledAccessLog
{
    /// <summary>The most entries kept.</summary>
    public const int Capacity = 1000;

    private readonly List<UnmodelledAccess> _entries = [];
    private readonly HashSet<UnmodelledAccess> _seen = [];

    /// <summary>The distinct entries, oldest first.</summary>
    public IReadOnlyList<UnmodelledAccess> Entries => _entries;

    /// <summary>Records an entry (once).</summary>
    public void Add(UnmodelledAccess entry)
    {
        if (_entries.Count < Capacity && _seen.Add(entry))
        {
            _entries.Add(entry);
        }
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        _entries.Clear();
        _seen.Clear();
    }
}
