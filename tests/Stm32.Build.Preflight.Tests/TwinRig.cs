using Stm32.Build.Flashing;
using Stm32.Build.Flashing.Boards;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;
using Stm32.Build.Images;
using Stm32.Build.Validation;
using Stm32.Build.VirtualBoard;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Driver;
using Board = Stm32.Build.VirtualBoard.VirtualBoard;

namespace Stm32.Build.Preflight.Tests;

/// <summary>The twin as a real board: a virtual board running its firmware on the emulator, flashed through the ST-LINK driver and the pipeline.</summary>
internal sealed class TwinRig : IDisposable
{
    public TwinRig(BoardDescription board, string state)
    {
        Board = new Board(new VirtualBoardOptions { Board = board, StateFile = state });
        Session = DebugSessions.Open(new VirtualProbeTransport(Board));
    }

    public Board Board { get; }

    public StLinkDebugSession Session { get; private set; }

    /// <summary>Closes the session and opens a new one (after a power cycle).</summary>
    public void Reopen()
    {
        Session.Dispose();
        Session = DebugSessions.Open(new VirtualProbeTransport(Board));
    }

    /// <summary>Flashes <paramref name="elf"/> to the Cortex-M7 with the preflight gate (no board declared unless given).</summary>
    public Task<FlashReport> FlashAsync(string elf, bool allowHazards, BoardDescription? declared = null, RememberedBoardStore? store = null)
    {
        var image = ImageReader.Read(elf);
        var preflight = new PreflightRequest { Device = PreflightHarness.H747, Images = [new PreflightImage(image, "CM7", elf)], Board = declared };
        return new FlashPipeline(Session).FlashAsync(new FlashRequest
        {
            Device = PreflightHarness.H747,
            Images = [new ImageInput(image, "CM7")],
            Preflight = store is null ? FlashGate.Create(preflight, allowHazards) : FlashGate.Create(preflight, allowHazards, store),
            BoardStore = store,
            RememberBoard = store is not null,
        });
    }

    /// <summary>Whether the flash holds <paramref name="elf"/>'s flash bytes.</summary>
    public bool Holds(string elf) => ImageReader.Read(elf).Segments
        .Where(s => PreflightHarness.H747.FindBank(s.Address) is not null)
        .All(s =>
        {
            var bank = PreflightHarness.H747.FindBank(s.Address)!;
            return Board.Chip.FlashBank(bank.Number).Slice((int)(s.Address - bank.Start), s.Length).SequenceEqual(s.Data.Span);
        });

    public void Dispose()
    {
        Session.Dispose();
        Board.Dispose();
    }
}
