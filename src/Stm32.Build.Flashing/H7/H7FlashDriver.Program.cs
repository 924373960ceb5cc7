using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>The flash word in bytes (256 bits, RM0399 4.3.9).</summary>
    public const int FlashWordBytes = 32;

    /// <summary>
    /// Programs the plan from the host (RM0399 4.3.9 and OpenOCD stm32h7x.c for the sequence: QW clear, PG +
    /// PSIZE, the flash words, QW wait, error flags): each bank's runs go to the flash in chunks of as many flash
    /// words as one memory command of the probe carries (<see cref="Session.IDebugSession.MemoryCommandBytes"/>,
    /// never crossing its address boundary), and the status is checked once per chunk — not after every flash
    /// word. Each full flash word fills the bank's write buffer and is queued for programming (4.3.9); the chunk
    /// is done when QW clears. With two banks, a chunk is written to each bank before either is waited for, so
    /// the two controllers program at the same time. A chunk that ends with an error flag is read back to name
    /// the first flash word that did not program.
    /// </summary>
    public async Task ProgramAsync(FlashProgramPlan plan, Action<ProgramProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ct = Token(cancellationToken);
        foreach (var bank in plan.Banks)
        {
            foreach (var run in bank.Runs)
            {
                if (run.Address % FlashWordBytes != 0 || run.Data.Length % FlashWordBytes != 0 || !bank.Bank.Contains(run.Address) || run.End > bank.Bank.End)
                {
                    throw new ArgumentException($"flash words must be whole and inside bank {bank.Bank.Number}: {Diagnostic.Hex(run.Address)} + {run.Data.Length}", nameof(plan));
                }
            }
        }
        var cursors = plan.Banks.Where(b => b.Runs.Count > 0).Select(b => new ChunkCursor(b, _session.MemoryCommandBytes)).ToList();
        foreach (var cursor in cursors)
        {
            await WaitIdleAsync(cursor.Bank, SrQw | SrBsy, H7FlashTimings.SectorErase(Parallelism), "waiting to program", cursor.Program.Runs[0].Address, ct).ConfigureAwait(false);
        }
        var done = 0L;
        try
        {
            foreach (var cursor in cursors)
            {
                _session.WriteWord(_ap, Reg(cursor.Bank, Cr), CrPg | PsizeBits);
            }
            while (cursors.Any(c => !c.Finished))
            {
                ct.ThrowIfCancellationRequested();
                var written = new List<(ChunkCursor Cursor, uint Address, ReadOnlyMemory<byte> Data)>();
                foreach (var cursor in cursors.Where(c => !c.Finished))
                {
                    var (address, data) = cursor.Next();
                    _session.WriteMemory(_ap, address, data.Span);
                    written.Add((cursor, address, data));
                }
                foreach (var (cursor, address, data) in written)
                {
                    var words = data.Length / FlashWordBytes;
                    var what = $"programming the flash words {Diagnostic.Hex(address)}..{Diagnostic.Hex(address + (uint)data.Length - 1)}";
                    var sr = await WaitIdleAsync(cursor.Bank, SrQw, H7FlashTimings.WordsProgram(Parallelism, words), what, address, ct).ConfigureAwait(false);
                    if (H7FlashErrors.FromStatus(sr) != H7FlashError.None)
                    {
                        CheckErrors(cursor.Bank, sr, what, FirstUnprogrammedWord(address, data));
                    }
                    done += data.Length;
                    progress?.Invoke(new ProgramProgress(done, address + (uint)data.Length));
                }
            }
        }
        finally
        {
            // PG off (PSIZE kept); the caller relocks. A failure here must not hide the original error.
            foreach (var cursor in cursors)
            {
                try
                {
                    _session.WriteWord(_ap, Reg(cursor.Bank, Cr), PsizeBits);
                }
                catch (Stm32Exception)
                {
                }
            }
        }
    }

    /// <summary>
    /// Programs whole flash words at <paramref name="address"/> in one bank: a plan of one run (see
    /// <see cref="ProgramAsync(FlashProgramPlan, Action{ProgramProgress}?, CancellationToken)"/>). The data must be
    /// a multiple of 32 bytes at a 32-byte aligned address inside <paramref name="bank"/>; the caller pads partial
    /// words with 0xFF.
    /// </summary>
    public Task ProgramAsync(FlashBank bank, uint address, ReadOnlyMemory<byte> data, Action<int>? programmed = null) =>
        ProgramAsync(new FlashProgramPlan([new BankProgram(bank, [new ProgramRun(address, data)])]),
            programmed is null ? null : p => programmed((int)p.BytesDone), default);

    /// <summary>
    /// The first flash word of a chunk that does not read back as written (the word an error flag belongs to);
    /// the chunk's start when the read-back is not possible or everything matches.
    /// </summary>
    private uint FirstUnprogrammedWord(uint address, ReadOnlyMemory<byte> data)
    {
        try
        {
            var back = new byte[data.Length];
            _session.ReadMemory(_ap, address, back);
            var same = back.AsSpan().CommonPrefixLength(data.Span);
            return same >= data.Length ? address : address + (uint)(same / FlashWordBytes * FlashWordBytes);
        }
        catch (Stm32Exception)
        {
            return address;
        }
    }

    /// <summary>Walks one bank's runs in chunks that never cross a multiple of the chunk size.</summary>
    private sealed class ChunkCursor(BankProgram program, int chunkBytes)
    {
        private readonly int _chunk = Math.Max(FlashWordBytes, chunkBytes / FlashWordBytes * FlashWordBytes);
        private int _run;
        private int _offset;

        public BankProgram Program { get; } = program;

        public FlashBank Bank => Program.Bank;

        public bool Finished => _run >= Program.Runs.Count;

        public (uint Address, ReadOnlyMemory<byte> Data) Next()
        {
            var run = Program.Runs[_run];
            var address = run.Address + (uint)_offset;
            var toBoundary = _chunk - (int)(address % (uint)_chunk);
            var length = Math.Min(toBoundary, run.Data.Length - _offset);
            var data = run.Data.Slice(_offset, length);
            _offset += length;
            if (_offset >= run.Data.Length)
            {
                _run++;
                _offset = 0;
            }
            return (address, data);
        }
    }
}
