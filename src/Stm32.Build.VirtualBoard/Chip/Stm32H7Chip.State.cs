using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class Stm32H7Chip
{
    /// <summary>
    /// Saves the non-volatile state — both flash banks, the option bytes and BOOT0 — to <paramref name="path"/>
    /// (format in docs/virtual-board/chip.md). The file is written whole or not at all.
    /// </summary>
    public void SaveState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AdvanceTo(_clock.Nanoseconds);
        var banks = Device.FlashBanks
            .Select(b => (b.Number, _flash.BankData(b.Number).ToArray(), _flash.EccBrokenWords(b.Number)))
            .ToList();
        var bytes = ChipStateFile.Write(new ChipState(Device.Name, Boot0High, banks, _flash.Options));
        var temporary = path + ".tmp";
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardStateNotWritable, DiagnosticSeverity.Error,
                $"cannot save virtual board state: {e.Message}", File: path), e);
        }
    }

    /// <summary>
    /// Loads flash, option bytes and BOOT0 from a file written by <see cref="SaveState"/>. A missing, damaged or
    /// foreign file is a coded error (STM5001/STM5002) and leaves the chip unchanged. A powered chip then comes up as
    /// if it had been powered on with the loaded contents (power-on reset, cores boot from the loaded flash and
    /// option bytes with the loaded BOOT0); this restart is not counted in <see cref="BoardCounters.Resets"/>.
    /// </summary>
    public void LoadState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = ChipStateFile.ReadFile(path, Device.FlashSize, Device.FlashBanks.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateCorrupt, DiagnosticSeverity.Error,
                $"cannot load virtual board state: {e.Message}", File: path), e);
        }
        var state = ChipStateFile.Read(bytes, path);
        var layout = Device.FlashBanks.Select(b => (b.Number, (int)b.Size)).ToList();
        var fileLayout = state.Banks.Select(b => (b.Number, b.Data.Length)).ToList();
        if (!layout.SequenceEqual(fileLayout))
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateDeviceMismatch, DiagnosticSeverity.Error,
                $"cannot load virtual board state: it was saved for {state.DeviceName} with flash banks " +
                $"{string.Join(", ", fileLayout.Select(b => $"{b.Number}:{b.Length / 1024} KiB"))}, and this board is a {Device.Name} with " +
                $"{string.Join(", ", layout.Select(b => $"{b.Number}:{b.Item2 / 1024} KiB"))}", File: path));
        }
        AdvanceTo(_clock.Nanoseconds);
        _flash.Restore(state.Banks.Select(b => b.Data).ToList(), state.Options, state.Banks.Select(b => b.EccBroken).ToList());
        Boot0High = state.Boot0High;
        if (_powered)
        {
            foreach (var core in _cores)
            {
                core.HoldInReset(true);
            }
            PowerOnCore(countReset: false);
        }
    }
}
