using System.Globalization;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class FlashController
{
    /// <summary>What a queued flash operation does.</summary>
    private enum OperationKind
    {
        Program,
        SectorErase,
        BankErase,
    }

    /// <summary>A program or erase queued on one bank, finishing at <see cref="EndNs"/> on the virtual clock.</summary>
    private sealed record PendingOperation(OperationKind Kind, long EndNs, uint Offset, byte[]? Data, int Sector);

    /// <summary>
    /// A read of the array (RM0399 4.3.x). A debugger (MEM-AP) access while RDP is at level 1 is refused with a
    /// bus error (4.8.3). A flash word whose ECC is inconsistent (programmed twice without an erase) gives a
    /// double ECC error: DBECCERR, ECC_FA = the flash word's index in the bank, and a bus error (4.3.x "ECC").
    /// </summary>
    internal BusStatus ReadArray(uint address, AccessSize size, bool debugger, out uint value)
    {
        value = 0;
        var bank = BankAt(address);
        if (bank is null || (ulong)address + (ulong)size > bank.Description.End)
        {
            return BusStatus.Fault;
        }
        if (debugger && _stored.ReadoutLevel >= 1)
        {
            return BusStatus.Fault;
        }
        CompleteDue(_now());
        var offset = address - bank.Description.Start;
        var word = (int)(offset / (uint)bank.WordSize);
        if (bank.EccBroken[word])
        {
            bank.Sr |= FlashSr.DBECCERR;
            bank.EccFailAddress = (uint)word & 0x7FFF;
            UpdateInterrupt();
            return BusStatus.Fault;
        }
        value = MemorySegment.ReadLittleEndian(bank.Data, (int)offset, size);
        return BusStatus.Ok;
    }

    /// <summary>
    /// A write to a flash address: it goes into the bank's 256-bit write buffer (RM0399 4.3.9), never into the
    /// array. 8, 16, 32 and 64-bit writes fill the buffer; the flash word is programmed when the buffer is full or
    /// on FW. Errors (flags in FLASH_SRx, the write otherwise ignored):
    /// PGSERR when the bank is locked, PG is clear, or an erase is selected as well (4.9.5);
    /// INCERR when the write targets another flash word than the one being filled (the partial word is lost);
    /// STRBERR when a byte of the buffer is written twice (the second write is ignored);
    /// a debugger write while RDP is at level 1 is a bus error.
    /// </summary>
    internal BusStatus WriteArray(uint address, AccessSize size, uint value, bool debugger = false)
    {
        var status = WriteArrayCore(address, size, value, debugger);
        UpdateInterrupt();
        return status;
    }

    private BusStatus WriteArrayCore(uint address, AccessSize size, uint value, bool debugger)
    {
        var bank = BankAt(address);
        if (bank is null || (ulong)address + (ulong)size > bank.Description.End)
        {
            return BusStatus.Fault;
        }
        if (debugger && _stored.ReadoutLevel >= 1)
        {
            return BusStatus.Fault;
        }
        CompleteDue(_now());
        var cr = bank.Cr;
        if (FlashCr.LOCK.IsSet(cr) || !FlashCr.PG.IsSet(cr) || FlashCr.SER.IsSet(cr) || FlashCr.BER.IsSet(cr))
        {
            bank.Sr |= FlashSr.PGSERR;
            return BusStatus.Ok;
        }
        var offset = address - bank.Description.Start;
        var wordStart = offset - offset % (uint)bank.WordSize;
        if (bank.BufferMask != 0 && wordStart != bank.BufferWord)
        {
            bank.ClearBuffer();
            bank.Sr |= FlashSr.INCERR;
            return BusStatus.Ok;
        }
        var first = (int)(offset - wordStart);
        var count = (int)size;
        var mask = ((1UL << count) - 1) << first;
        if ((bank.BufferMask & mask) != 0)
        {
            bank.Sr |= FlashSr.STRBERR;
            return BusStatus.Ok;
        }
        bank.BufferWord = wordStart;
        MemorySegment.WriteLittleEndian(bank.Buffer, first, size, value);
        bank.BufferMask |= mask;
        var full = bank.WordSize >= 64 ? ulong.MaxValue : (1UL << bank.WordSize) - 1;
        if (bank.BufferMask == full)
        {
            QueueProgram(bank);
        }
        return BusStatus.Ok;
    }

    /// <summary>FW (RM0399 4.9.4): programs a partly filled buffer, the missing bytes left erased. Ignored when empty.</summary>
    private void ForceWrite(BankState bank)
    {
        if (bank.BufferMask != 0)
        {
            QueueProgram(bank);
        }
    }

    private void QueueProgram(BankState bank)
    {
        var data = (byte[])bank.Buffer.Clone();
        var offset = bank.BufferWord;
        bank.ClearBuffer();
        var sector = (int)(offset / bank.Description.SectorSize);
        if (_stored.IsWriteProtected(bank.Index, sector))
        {
            bank.Sr |= FlashSr.WRPERR;
            return;
        }
        var duration = FlashTimings.FlashWordProgram[(int)FlashCr.PSIZE.Get(bank.Cr)];
        var address = bank.Description.Start + offset;
        Activity?.Invoke(ChipEventKind.FlashProgrammed, address, BitConverter.ToUInt32(data, 0), string.Create(CultureInfo.InvariantCulture,
            $"flash word at 0x{address:X8} programmed (bank {bank.Description.Number} sector {sector})"));
        Enqueue(bank, OperationKind.Program, duration, offset, data, sector);
    }

    /// <summary>
    /// START (RM0399 4.3.10/4.3.11): SER erases sector SNB, BER the whole bank. Both at once, or together with PG,
    /// is a programming sequence error; a write-protected sector (or, for BER, any protected sector) gives WRPERR.
    /// </summary>
    private void StartErase(BankState bank)
    {
        var cr = bank.Cr;
        var sectorErase = FlashCr.SER.IsSet(cr);
        var bankErase = FlashCr.BER.IsSet(cr);
        if (!sectorErase && !bankErase)
        {
            return;
        }
        if ((sectorErase && bankErase) || FlashCr.PG.IsSet(cr) || bank.BufferMask != 0)
        {
            bank.Sr |= FlashSr.PGSERR;
            return;
        }
        var psize = FlashCr.PSIZE.Get(cr);
        if (sectorErase)
        {
            var sector = (int)FlashCr.SNB.Get(cr);
            if (sector >= bank.Description.SectorCount)
            {
                bank.Sr |= FlashSr.PGSERR;
                return;
            }
            if (_stored.IsWriteProtected(bank.Index, sector))
            {
                bank.Sr |= FlashSr.WRPERR;
                return;
            }
            _counters.SectorErases[bank.Index]++;
            var sectorStart = bank.Description.Start + (uint)sector * bank.Description.SectorSize;
            Activity?.Invoke(ChipEventKind.FlashErased, sectorStart, (uint)sector, string.Create(CultureInfo.InvariantCulture,
                $"bank {bank.Description.Number} sector {sector} erase started (0x{sectorStart:X8}-0x{sectorStart + bank.Description.SectorSize - 1:X8})"));
            Enqueue(bank, OperationKind.SectorErase, FlashTimings.SectorErase[(int)psize], 0, null, sector);
            return;
        }
        if (Enumerable.Range(0, bank.Description.SectorCount).Any(s => _stored.IsWriteProtected(bank.Index, s)))
        {
            bank.Sr |= FlashSr.WRPERR;
            return;
        }
        _counters.BankErases[bank.Index]++;
        Activity?.Invoke(ChipEventKind.FlashErased, bank.Description.Start, uint.MaxValue, string.Create(CultureInfo.InvariantCulture,
            $"bank {bank.Description.Number} erase started (0x{bank.Description.Start:X8}-0x{bank.Description.End - 1:X8})"));
        Enqueue(bank, OperationKind.BankErase, FlashTimings.BankErase[(int)psize], 0, null, -1);
    }

    /// <summary>OPTCR.MER (RM0399 4.3.11): erases both banks at once; needs both CRx unlocked; protected sectors give WRPERR.</summary>
    private void StartMassErase()
    {
        if (_banks.Any(b => FlashCr.LOCK.IsSet(b.Cr)))
        {
            foreach (var bank in _banks)
            {
                bank.Sr |= FlashSr.PGSERR;
            }
            return;
        }
        if (_banks.Any(b => Enumerable.Range(0, b.Description.SectorCount).Any(s => _stored.IsWriteProtected(b.Index, s))))
        {
            foreach (var bank in _banks)
            {
                bank.Sr |= FlashSr.WRPERR;
            }
            return;
        }
        var start = _banks.Max(b => Math.Max(b.BusyUntil, _now()));
        var duration = FlashTimings.BankErase[(int)FlashCr.PSIZE.Get(_banks[0].Cr)];
        Activity?.Invoke(ChipEventKind.FlashErased, _banks[0].Description.Start, uint.MaxValue, "mass erase of both banks started (FLASH_OPTCR.MER)");
        foreach (var bank in _banks)
        {
            _counters.BankErases[bank.Index]++;
            bank.Pending.Enqueue(new PendingOperation(OperationKind.BankErase, start + Nanoseconds(duration), 0, null, -1));
            bank.BusyUntil = start + Nanoseconds(duration);
        }
        CompletionScheduled?.Invoke(start + Nanoseconds(duration));
    }

    private void Enqueue(BankState bank, OperationKind kind, TimeSpan duration, uint offset, byte[]? data, int sector)
    {
        var start = Math.Max(bank.BusyUntil, _now());
        bank.BusyUntil = start + Nanoseconds(duration);
        bank.Pending.Enqueue(new PendingOperation(kind, bank.BusyUntil, offset, data, sector));
        CompletionScheduled?.Invoke(bank.BusyUntil);
    }

    /// <summary>Completes every operation due by <paramref name="nanoseconds"/> (programs, erases, option changes, CRC).</summary>
    internal void CompleteDue(long nanoseconds)
    {
        foreach (var bank in _banks)
        {
            while (bank.Pending.TryPeek(out var operation) && operation.EndNs <= nanoseconds)
            {
                bank.Pending.Dequeue();
                Complete(bank, operation);
            }
            if (bank.CrcBusyUntil >= 0 && bank.CrcBusyUntil <= nanoseconds)
            {
                bank.CrcBusyUntil = -1;
                _crcData = bank.CrcResult;
                bank.Sr |= FlashSr.CRCEND;
            }
        }
        if (_optionChange is { } change && change.EndNs <= nanoseconds)
        {
            FinishOptionChange(change);
        }
        UpdateInterrupt();
    }

    /// <summary>
    /// A FLASH_SR error flag the next program or erase operation ends with (the board's <c>flash-error=FLAG</c>
    /// property: a failing flash array); the operation then leaves the array unchanged and EOP is not set.
    /// </summary>
    internal uint PendingFailure { get; set; }

    private void Complete(BankState bank, PendingOperation operation)
    {
        if (PendingFailure != 0)
        {
            bank.Sr |= PendingFailure;
            PendingFailure = 0;
            return;
        }
        switch (operation.Kind)
        {
            case OperationKind.Program:
                Program(bank, operation.Offset, operation.Data!);
                break;
            case OperationKind.SectorErase:
                Erase(bank, operation.Sector * (int)bank.Description.SectorSize, (int)bank.Description.SectorSize);
                break;
            case OperationKind.BankErase:
                Erase(bank, 0, bank.Data.Length);
                break;
        }
        bank.Sr |= FlashSr.EOP;
    }

    /// <summary>
    /// Programs one flash word. Flash cells only go from 1 to 0, and each flash word carries 10 ECC bits written
    /// with it: programming a word that is not erased ANDs the new data into the cells and leaves ECC bits that no
    /// longer match (RM0399 4.3.x; ST community: "you can only flash some non-null value once after erase but you
    /// can flash a non-null unit to all null"). Such a word reads back with a double ECC error, except when the
    /// result is all zeros (whose ECC is all zeros too).
    /// </summary>
    private void Program(BankState bank, uint offset, byte[] data)
    {
        _counters.FlashWordsProgrammed[bank.Index]++;
        var target = bank.Data.AsSpan((int)offset, bank.WordSize);
        var word = (int)(offset / (uint)bank.WordSize);
        var wasErased = !target.ContainsAnyExcept(_device.ErasedValue);
        var allZero = true;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= data[i];
            allZero &= target[i] == 0;
        }
        if (!wasErased && !allZero)
        {
            bank.EccBroken[word] = true;
        }
        else if (allZero)
        {
            bank.EccBroken[word] = false;
        }
    }

    private void Erase(BankState bank, int offset, int length)
    {
        bank.Data.AsSpan(offset, length).Fill(_device.ErasedValue);
        var wordSize = bank.WordSize;
        Array.Clear(bank.EccBroken, offset / wordSize, length / wordSize);
    }

    private static long Nanoseconds(TimeSpan duration) => duration.Ticks * 100;
}
