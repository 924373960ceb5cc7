using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.Preflight;

/// <summary>
/// Watches the firmware's peripheral accesses for the one pattern of a wait that may never end: a core reading the
/// same peripheral register again and again from a few instructions, getting the same value, writing nothing. It
/// keeps only the current run per core (no history), so it costs a comparison per access.
/// </summary>
internal sealed class PollWatch : IPeripheralAccessObserver
{
    /// <summary>Reads further apart than this (bytes of code) are not one polling loop.</summary>
    public const uint LoopSpan = 64;

    private readonly Func<long> _now;
    private readonly PollRun?[] _runs;

    public PollWatch(int cores, Func<long> now)
    {
        _now = now;
        _runs = new PollRun?[cores];
    }

    /// <summary>Whether any core's firmware wrote RCC_CR with HSEBYP (bit 18, RM0399 8.7.2) set.</summary>
    public bool HseBypassWritten { get; private set; }

    /// <summary>Whether any core's firmware wrote RCC_CR with HSEON (bit 16) set.</summary>
    public bool HseEnabled { get; private set; }

    /// <summary>Whether any core's firmware wrote RCC_BDCR with LSEBYP (bit 2, RM0399 8.7.26) set.</summary>
    public bool LseBypassWritten { get; private set; }

    /// <summary>The current polling run of core <paramref name="core"/>, or null.</summary>
    public PollRun? Run(int core) => core >= 0 && core < _runs.Length ? _runs[core] : null;

    public void PeripheralRead(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value)
    {
        if (core < 0 || core >= _runs.Length)
        {
            return;
        }
        var run = _runs[core];
        if (run is not null && run.Address == address && run.Value == value && run.Size == size && pc + LoopSpan >= run.MinPc && pc <= run.MaxPc + LoopSpan)
        {
            run.Extend(pc, _now());
            return;
        }
        _runs[core] = new PollRun(peripheral.Name, address, size, value, pc, _now());
    }

    public void PeripheralWritten(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value)
    {
        if (core >= 0 && core < _runs.Length)
        {
            _runs[core] = null;
        }
        if (string.Equals(peripheral.Name, "RCC", StringComparison.OrdinalIgnoreCase))
        {
            var offset = address - peripheral.BaseAddress;
            if (offset == 0x00 && size == AccessSize.Word)
            {
                HseBypassWritten |= (value & (1u << 18)) != 0;
                HseEnabled |= (value & (1u << 16)) != 0;
            }
            else if (offset == 0x70 && size == AccessSize.Word)
            {
                LseBypassWritten |= (value & (1u << 2)) != 0;
            }
        }
    }
}

/// <summary>Consecutive reads of one register returning one value, from a short stretch of code.</summary>
internal sealed class PollRun(string peripheral, uint address, AccessSize size, uint value, uint pc, long start)
{
    public string Peripheral { get; } = peripheral;
    public uint Address { get; } = address;
    public AccessSize Size { get; } = size;
    public uint Value { get; } = value;
    public uint MinPc { get; private set; } = pc;
    public uint MaxPc { get; private set; } = pc;
    public uint LastPc { get; private set; } = pc;
    public long StartNs { get; } = start;
    public long LastNs { get; private set; } = start;
    public long Reads { get; private set; } = 1;

    public void Extend(uint pc, long now)
    {
        MinPc = Math.Min(MinPc, pc);
        MaxPc = Math.Max(MaxPc, pc);
        LastPc = pc;
        LastNs = now;
        Reads++;
    }
}
