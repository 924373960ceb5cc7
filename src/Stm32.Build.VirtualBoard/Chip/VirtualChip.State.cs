using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class VirtualChip
{
    /// <summary>The H7 flash interface (both banks, option bytes, CRC unit), for inspection; other families have their own (<see cref="Family"/>).</summary>
    public FlashController Flash => (Family as H7Family)?.Flash
        ?? throw new InvalidOperationException($"the {Device.Name} is not an STM32H7: its flash interface is the {Family.Name} family's");

    /// <summary>Read-only view of one flash bank's array (bank numbers as in the reference manual: 1 and 2).</summary>
    public ReadOnlySpan<byte> FlashBank(int bankNumber) => Family.BankArray(bankNumber);

    /// <summary>
    /// Makes the next flash program or erase operation (either bank) end with <paramref name="srErrorFlag"/> set in
    /// FLASH_SR instead of EOP, leaving the array unchanged: a failing flash array, for the board's
    /// <c>flash-error=FLAG</c> property.
    /// </summary>
    public void FailNextFlashOperation(uint srErrorFlag) => Family.FailNextFlashOperation(srErrorFlag);

    /// <summary>
    /// Saves the non-volatile state — both flash banks, the option bytes and BOOT0 — to <paramref name="path"/>
    /// (format in docs/virtual-board/chip.md). The file is written whole or not at all.
    /// </summary>
    public void SaveState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AdvanceTo(_clock.Nanoseconds);
        var banks = Device.FlashBanks
            .Select(b => (b.Number, Family.BankArray(b.Number).ToArray(), Family.EccBrokenWords(b.Number)))
            .ToList();
        var board = new BoardReference(Board.Name, Board.Source, Board.Supply is { } supply ? Boards.SupplyWiringNames.Name(supply) : "");
        var bytes = ChipStateFile.Write(new ChipState(Device.Name, Boot0High, banks, Family.SaveOptionBytes(), board));
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
    /// The board a state file was created on (name, source, supply wiring), or null when the file is a version 1 file
    /// or does not exist; a damaged file is a coded error (STM5001), a file larger than a state file of
    /// <paramref name="device"/> can be is refused (STM0008) without being read whole.
    /// </summary>
    internal static BoardReference? ReadStateBoard(string path, DeviceDescription device)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = ChipStateFile.ReadFile(path, device.FlashSize, device.FlashBanks.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChipStateFormatException(new Diagnostic(DiagnosticCodes.BoardStateCorrupt, DiagnosticSeverity.Error,
                $"cannot load virtual board state: {e.Message}", File: path), e);
        }
        return ChipStateFile.Read(bytes, path).Board;
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
        Family.RestoreFlash(state.Banks.Select(b => b.Data).ToList(), state.OptionBytes, state.Banks.Select(b => b.EccBroken).ToList());
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
