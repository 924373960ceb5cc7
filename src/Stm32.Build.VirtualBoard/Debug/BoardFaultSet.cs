namespace Stm32.Build.VirtualBoard.Debug;

/// <summary>
/// The board-level faults of one board and their latched state, evaluated on the debug-port side from the chip's
/// state (never from anything a driver does): <c>debug-lost-after-run</c>, <c>supply-lockup</c>,
/// <c>nrst-unwired</c>, <c>no-target-power</c>. (<c>unplug-after</c> acts on the USB side, in the probe.)
/// </summary>
public sealed class BoardFaultSet
{
    private readonly List<BoardFault> _faults;

    /// <summary>Creates the set from the board options' faults.</summary>
    public BoardFaultSet(IEnumerable<BoardFault> faults) => _faults = [.. faults ?? []];

    /// <summary>The faults.</summary>
    public IReadOnlyList<BoardFault> All => _faults;

    /// <summary>Whether the debug port has been lost after the firmware ran (cleared by NRST).</summary>
    public bool DebugLost { get; private set; }

    /// <summary>Whether the supply lock-up has happened (cleared by a power cycle with BOOT0 high).</summary>
    public bool LockedUp { get; private set; }

    /// <summary>Whether a fault of <paramref name="kind"/> is present.</summary>
    public bool Has(BoardFaultKind kind) => _faults.Any(f => f.Kind == kind);

    /// <summary>The value of the first fault of <paramref name="kind"/>, or null.</summary>
    public long? ValueOf(BoardFaultKind kind) => _faults.FirstOrDefault(f => f.Kind == kind)?.Value;

    /// <summary>Whether a fault silences the debug port now; updates the latches from the chip's state.</summary>
    public bool SilencesDebugPort(IDebugPortTarget target)
    {
        ObserveNrst(target);
        var ran = target.UserFirmwareRunTime > TimeSpan.Zero;
        if (ValueOf(BoardFaultKind.DebugLostAfterRun) is long ms && !target.NrstLow && ran
            && target.UserFirmwareRunTime >= TimeSpan.FromMilliseconds(ms))
        {
            DebugLost = true; // SWD pins reassigned or low-power entry by the firmware
        }
        if (Has(BoardFaultKind.SupplyLockup) && ran)
        {
            LockedUp = true; // SMPS/LDO configuration not matching the board: the core domain browns out
        }
        return DebugLost || LockedUp || Has(BoardFaultKind.NoTargetPower);
    }

    /// <summary>NRST asserted at the chip clears a lost debug port (the firmware stops; the DP answers again).</summary>
    public void ObserveNrst(IDebugPortTarget target)
    {
        if (target.NrstLow)
        {
            DebugLost = false;
        }
    }

    /// <summary>A power cycle: with BOOT0 high the supply lock-up clears (the firmware does not run to lock up again).</summary>
    public void PowerCycled(bool boot0High)
    {
        DebugLost = false;
        if (boot0High)
        {
            LockedUp = false;
        }
    }
}
