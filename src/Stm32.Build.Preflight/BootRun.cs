using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.Preflight;

/// <summary>A fault a core took, with the fault status registers read when it happened (ARMv7-M B3.2.15–B3.2.18).</summary>
internal sealed record FaultRecord(int Core, long TimeNs, uint Pc, int Exception, uint Cfsr, uint Hfsr, uint Bfar, bool Lockup);

/// <summary>One dry run: the chip, its clock and what was observed while it ran.</summary>
internal sealed class BootRun(VirtualChip chip, VirtualClock clock, HashSet<int> imageCores, PollWatch watch, long startNs)
{
    private const int MaxFaults = 16;

    public VirtualChip Chip { get; } = chip;
    public VirtualClock Clock { get; } = clock;
    public HashSet<int> ImageCores { get; } = imageCores;
    public PollWatch Watch { get; } = watch;
    public long StartNs { get; } = startNs;
    public long EndNs { get; set; }
    public List<FaultRecord> Faults { get; } = [];
    public Dictionary<ChipEvent, IReadOnlyList<OptionByteChange>> OptionChanges { get; } = [];
    public List<(int Core, PollRun Run)> Waits { get; } = [];

    /// <summary>Nothing more can happen: the supply collapsed, or every booted core is halted, locked up or held.</summary>
    public bool Finished => Chip.SupplyLost || ImageCores.All(i => Chip.Cores[i].State is CoreRunState.LockedUp or CoreRunState.Halted or CoreRunState.InReset);

    /// <summary>Milliseconds after reset of a trace time.</summary>
    public double Ms(long timeNs) => (timeNs - StartNs) / 1e6;

    public void OnCoreEvent(int index, CoreEvent e)
    {
        var fault = e.Kind == CoreEventKind.ExceptionEntry && e.Exception is >= 3 and <= 6;
        if ((!fault && e.Kind != CoreEventKind.Lockup) || !ImageCores.Contains(index) || Faults.Count >= MaxFaults)
        {
            return;
        }
        var core = Chip.Cores[index];
        core.ReadPrivate(0xE000_ED28, AccessSize.Word, out var cfsr);
        core.ReadPrivate(0xE000_ED2C, AccessSize.Word, out var hfsr);
        core.ReadPrivate(0xE000_ED38, AccessSize.Word, out var bfar);
        Faults.Add(new FaultRecord(index, Chip.Scheduler.Now, e.Pc, e.Exception, cfsr, hfsr, bfar, e.Kind == CoreEventKind.Lockup));
    }

    public void OnTrace(ChipEvent e)
    {
        if (e.Kind == ChipEventKind.OptionBytesChanged)
        {
            OptionChanges[e] = OptionByteChanges.Between(Chip.Flash.Options, Chip.Flash.PendingOptions);
        }
    }
}
