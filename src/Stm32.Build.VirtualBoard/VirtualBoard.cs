using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Debug;
using Stm32.Build.VirtualBoard.Probe;

namespace Stm32.Build.VirtualBoard;

/// <summary>
/// The virtual board: a virtual ST-LINK wired by SWD to a virtual STM32H7, composed from
/// <see cref="VirtualBoardOptions"/>: clock, counters, chip, debug port (with the board-level faults) and probe.
/// The chip's flash, option bytes and BOOT0 are loaded from <see cref="VirtualBoardOptions.StateFile"/> when it
/// exists and saved back by <see cref="SaveState"/> and <see cref="Dispose"/>. Not thread-safe: callers that share
/// a board between threads (the ST-LINK server) lock <see cref="SyncRoot"/>.
/// </summary>
public sealed class VirtualBoard : IDisposable
{
    private bool _disposed;

    /// <summary>Builds the board.</summary>
    /// <param name="options">Probe, device, faults, pins and state file.</param>
    /// <param name="coreFactory">The core models; null gives the instruction emulator (<c>CortexMCore</c>) for every core.</param>
    public VirtualBoard(VirtualBoardOptions options, Func<CoreDescription, ICoreHost, IExecutableCore>? coreFactory = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        var board = options.Board ?? StateFileBoard(options) ?? BoardDescription.Bare(DeviceCatalog.BuiltIn.Get(options.Device).Name);
        if (options.Supply is { } supply)
        {
            board = board with { Supply = supply };
        }
        Board = board;
        var device = DeviceCatalog.BuiltIn.Get(board.Device);
        Clock = new VirtualClock();
        Counters = new BoardCounters();
        Chip = new VirtualChip(device, Clock, Counters, coreFactory, board);
        if (options.StateFile is { } path && File.Exists(path))
        {
            Chip.LoadState(path);
        }
        if ((options.Boot0High || board.Boot0High) && !Chip.Boot0High)
        {
            // BOOT0 high from the options overrides the state file; otherwise the file's level holds. BOOT0 is
            // sampled at reset, so the board is assembled as if powered up with the pin already high: the chip
            // boots again, and that assembly step is not counted as a reset of the session.
            var resets = Counters.Resets;
            Chip.Boot0High = true;
            Chip.PowerOff();
            Chip.PowerOn();
            Counters.Resets = resets;
        }
        // A board whose NRST is not routed to the probe's connector behaves as the nrst-unwired fault.
        Faults = new BoardFaultSet(board.NrstWired || options.Faults.Any(f => f.Kind == BoardFaultKind.NrstUnwired)
            ? options.Faults
            : [.. options.Faults, new BoardFault(BoardFaultKind.NrstUnwired)]);
        if (options.Faults.FirstOrDefault(f => f.Kind == BoardFaultKind.FlashError) is { } flashError)
        {
            Chip.FailNextFlashOperation((uint)flashError.Value);
        }
        DebugPort = new SwDebugPort(device, new ChipDebugTarget(Chip), Clock, Faults, options.SupplyVoltage);
        if (Faults.Has(BoardFaultKind.NoTargetPower))
        {
            Chip.PowerOff();
        }
        StLink = new VirtualStLink(options.Probe, DebugPort, Clock, Counters, options.SerialNumber, Faults.ValueOf(BoardFaultKind.UnplugAfter));
    }

    /// <summary>The options the board was built from.</summary>
    public VirtualBoardOptions Options { get; }

    /// <summary>The board description in effect (the options', the state file's or the bare board, with the supply override applied).</summary>
    public BoardDescription Board { get; }

    /// <summary>The probe's USB endpoint.</summary>
    public IVirtualUsbProbe Probe => StLink;

    /// <summary>The virtual ST-LINK itself (firmware, mode, replug).</summary>
    public VirtualStLink StLink { get; }

    /// <summary>The chip.</summary>
    public VirtualChip Chip { get; }

    /// <summary>The SW-DP between probe and chip.</summary>
    public SwDebugPort DebugPort { get; }

    /// <summary>The board-level faults and their latched state.</summary>
    public BoardFaultSet Faults { get; }

    /// <summary>The board's virtual time.</summary>
    public VirtualClock Clock { get; }

    /// <summary>The counters of the session.</summary>
    public BoardCounters Counters { get; }

    /// <summary>The lock for callers sharing the board between threads.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>What the board's virtual COM port received from the UARTs the board routes to it (text, UTF-8).</summary>
    public string ConsoleText => Chip.ConsoleText;

    /// <summary>The BOOT0 pin.</summary>
    public bool Boot0High
    {
        get => Chip.Boot0High;
        set => Chip.Boot0High = value;
    }

    /// <summary>
    /// Switches the target supply off and on: everything but flash and option bytes resets, the debug port must be
    /// reconnected, a supply lock-up clears if BOOT0 is high. With <c>no-target-power</c> the supply stays off.
    /// </summary>
    public void PowerCycle()
    {
        Chip.AdvanceTo(Clock.Nanoseconds);
        Chip.PowerOff();
        DebugPort.PowerCycled(Chip.Boot0High);
        if (!Faults.Has(BoardFaultKind.NoTargetPower))
        {
            Chip.PowerOn();
        }
    }

    /// <summary>Plugs the probe back in after <c>unplug-after=N</c> took it off the bus.</summary>
    public void Replug() => StLink.Replug();

    /// <summary>Saves flash, option bytes and BOOT0 to the state file, when one is set.</summary>
    public void SaveState()
    {
        if (Options.StateFile is not { } path)
        {
            return;
        }
        Chip.SaveState(path); // the chip reports unwritable or bad state files with its own codes (STM5001-STM5003)
    }

    /// <summary>Saves the state (when a state file is set).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        SaveState();
    }

    /// <summary>
    /// The board a state file was created on, resolved again: a bundled board by name, a board file by its path, the
    /// bare board by the device; with the supply wiring it had. Null without a state file or for a version 1 file.
    /// </summary>
    private static BoardDescription? StateFileBoard(VirtualBoardOptions options)
    {
        if (options.StateFile is not { } path || VirtualChip.ReadStateBoard(path, DeviceCatalog.BuiltIn.Get(options.Device)) is not { } reference)
        {
            return null;
        }
        BoardDescription board;
        if (string.Equals(reference.Source, "bundled", StringComparison.Ordinal))
        {
            board = BoardCatalog.Resolve(reference.Name);
        }
        else if (string.Equals(reference.Source, "built-in", StringComparison.Ordinal) || reference.Source.Length == 0)
        {
            board = BoardDescription.Bare(DeviceCatalog.BuiltIn.Get(options.Device).Name);
        }
        else if (File.Exists(reference.Source))
        {
            board = BoardCatalog.ReadFile(reference.Source);
        }
        else
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardStateBoardMissing, DiagnosticSeverity.Error,
                $"the state file was created on board '{reference.Name}' from {reference.Source}, which no longer exists; pass the board explicitly (--board) to use this state",
                File: path));
        }
        return SupplyWiringNames.TryParse(reference.Supply, out var wiring) ? board with { Supply = wiring } : board;
    }

    /// <summary>The chip as the debug port sees it.</summary>
    private sealed class ChipDebugTarget(VirtualChip chip) : IDebugPortTarget
    {
        public void AdvanceTo(long nanoseconds) => chip.AdvanceTo(nanoseconds);
        public ISystemBus? AccessPortBus(int apIndex) => chip.AccessPortBus(apIndex);
        public bool IsAccessPortAvailable(int apIndex) => chip.IsAccessPortAvailable(apIndex);

        public bool IsAccessPortAddressReachable(int apIndex, uint address) => chip.IsAccessPortAddressReachable(apIndex, address);
        public bool Powered => chip.Powered;
        public string? DebugPortSilentReason => chip.Powered ? chip.DebugPortSilentReason : null;
        public bool NrstLow { get => chip.NrstLow; set => chip.NrstLow = value; }
        public TimeSpan UserFirmwareRunTime => chip.UserFirmwareRunTime;
    }
}
