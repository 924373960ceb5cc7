using Stm32.Build.Devices;
using static Stm32.Build.Flashing.H7.H7FlashRegisters;

namespace Stm32.Build.Flashing.H7;

public sealed partial class H7FlashDriver
{
    /// <summary>The flash word in bytes (256 bits, RM0399 4.3.9).</summary>
    public const int FlashWordBytes = 32;

    /// <summary>
    /// Programs whole flash words at <paramref name="address"/> (RM0399 4.3.9 and OpenOCD stm32h7x.c: QW clear, PG +
    /// PSIZE, the eight 32-bit words of one flash word, then wait for QW to clear and check the flags, word by word).
    /// The data must be a multiple of 32 bytes at a 32-byte aligned address inside <paramref name="bank"/>; the
    /// caller pads partial words with 0xFF.
    /// </summary>
    /// <param name="bank">The bank (unlocked).</param>
    /// <param name="address">The first flash word's address.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="programmed">Told the number of bytes programmed so far, after each flash word.</param>
    public async Task ProgramAsync(FlashBank bank, uint address, ReadOnlyMemory<byte> data, Action<int>? programmed = null)
    {
        if (address % FlashWordBytes != 0 || data.Length % FlashWordBytes != 0 || !bank.Contains(address)
            || (ulong)address + (ulong)data.Length > bank.End)
        {
            throw new ArgumentException($"flash words must be whole and inside bank {bank.Number}: {Diagnostics.Diagnostic.Hex(address)} + {data.Length}");
        }
        var timeout = H7FlashTimings.WordProgram(Parallelism);
        await WaitIdleAsync(bank, SrQw | SrBsy, H7FlashTimings.SectorErase(Parallelism), "waiting to program", address).ConfigureAwait(false);
        _session.WriteWord(_ap, Reg(bank, Cr), CrPg | PsizeBits);
        try
        {
            for (var offset = 0; offset < data.Length; offset += FlashWordBytes)
            {
                _cancellation.ThrowIfCancellationRequested();
                var at = address + (uint)offset;
                _session.WriteMemory(_ap, at, data.Span.Slice(offset, FlashWordBytes));
                var sr = await WaitIdleAsync(bank, SrQw, timeout, "programming the flash word", at).ConfigureAwait(false);
                CheckErrors(bank, sr, "programming the flash word", at);
                programmed?.Invoke(offset + FlashWordBytes);
            }
        }
        finally
        {
            // PG off (PSIZE kept); the caller relocks. A failure here must not hide the original error.
            try
            {
                _session.WriteWord(_ap, Reg(bank, Cr), PsizeBits);
            }
            catch (Diagnostics.Stm32Exception)
            {
            }
        }
    }
}
