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
    public PollRun? Run(int core) => core >= 0 && core < _runs.Length && _runs[core] is { Active: true } run ? run : null;

    public void PeripheralRead(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value)
    {
        if (core < 0 || core >= _runs.Length)
        {
            return;
        }
        var run = _runs[core];
        if (run is { Active: true } && run.Address == address && run.Value == value && run.Size == size && pc + LoopSpan >= run.MinPc && pc <= run.MaxPc + LoopSpan)
        {
            run.Extend(pc, _now());
            return;
        }
        // One run object per core, restarted in place (a new generation): firmware reads peripherals millions of times.
        (_runs[core] ??= new PollRun()).Restart(peripheral.Name, address, size, value, pc, _now());
    }

    public void PeripheralWritten(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value)
    {
        if (core >= 0 && core < _runs.Length)
        {
            _runs[core]?.Stop();
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

/// <summary>
/// Consecutive reads of one register returning one value, from a short stretch of code. Restarted in place for the
/// next run; <see cref="Generation"/> tells runs apart (a run is unchanged while its generation is).
/// </summary>
internal sealed class PollRun
{
    public bool Active { get; private set; }
    public long Generation { get; private set; }
    public string Peripheral { get; private set; } = "";
    public uint Address { get; private set; }
    public AccessSize Size { get; private set; }
    public uint Value { get; private set; }
    public uint MinPc { get; private set; }
    public uint MaxPc { get; private set; }
    public uint LastPc { get; private set; }
    public long StartNs { get; private set; }
    public long LastNs { get; private set; }
    public long Reads { get; private set; }

    public void Restart(string peripheral, uint address, AccessSize size, uint value, uint pc, long now)
    {
        Active = true;
        Generation++;
        Peripheral = peripheral;
        Address = address;
        Size = size;
        Value = value;
        MinPc = MaxPc = LastPc = pc;
        StartNs = LastNs = now;
        Reads = 1;
    }

    public void Stop()
    {
        Active = false;
        Generation++;
    }

    public void Extend(uint pc, long now)
    {
        MinPc = Math.Min(MinPc, pc);
        MaxPc = Math.Max(MaxPc, pc);
        LastPc = pc;
        LastNs = now;
        Reads++;
    }

    /// <summary>A copy of the run as it is now (for findings).</summary>
    public PollRun Snapshot()
    {
        var copy = new PollRun();
        copy.Restart(Peripheral, Address, Size, Value, MinPc, StartNs);
        copy.MaxPc = MaxPc;
        copy.LastPc = LastPc;
        copy.LastNs = LastNs;
        copy.Reads = Reads;
        return copy;
    }
}
