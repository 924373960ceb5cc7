using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>The bits of FLASH_SR (RM0351 3.7.4, RM0440 3.7.4; MISERR is MISSERR in ST's G4 SVD).</summary>
internal static class SrBit
{
    public const uint Eop = 1u << 0, Operr = 1u << 1, Progerr = 1u << 3, Wrperr = 1u << 4, Pgaerr = 1u << 5, Sizerr = 1u << 6,
        Pgserr = 1u << 7, Miserr = 1u << 8, Fasterr = 1u << 9;

    /// <summary>The programming errors that must be cleared before the next operation, else PGSERR (RM0351 3.3.6, 3.3.7).</summary>
    public const uint ProgrammingErrors = Progerr | Sizerr | Pgaerr | Pgserr | Miserr | Fasterr;
}

public sealed partial class L4FlashInterface
{
    /// <summary>Reads the array: the debugger is refused at RDP level 1 (RM0351 3.5.1).</summary>
    internal BusStatus ReadArray(uint address, AccessSize size, BusInitiator initiator, out uint value)
    {
        value = 0;
        if (Locate(address) is not var (index, offset))
        {
            return BusStatus.Fault;
        }
        if (initiator.IsDebugger && ReadoutLevel != 0)
        {
            return BusStatus.Fault;
        }
        value = MemoryTarget.ReadLittleEndian(_arrays[index], offset, size);
        return BusStatus.Ok;
    }

    /// <summary>A write to the array: half of a double word while PG is set (RM0351 3.3.7).</summary>
    internal BusStatus WriteArray(uint address, AccessSize size, uint value, BusInitiator initiator)
    {
        if (Locate(address) is not var (index, offset))
        {
            return BusStatus.Fault;
        }
        if (initiator.IsDebugger && ReadoutLevel != 0)
        {
            return BusStatus.Fault;
        }
        if (!_pg.IsSet || !IsUnlocked || _per.IsSet || _mer1.IsSet || _mer2?.IsSet == true)
        {
            if (_fstpg?.IsSet == true)
            {
                Context.Log.Add(new UnmodelledAccess(Name, "CR.FSTPG", _cr.Address, _cr.Value, "fast programming is not modelled: nothing written"));
            }
            _firstWord = null;
            SetFlags(SrBit.Pgserr);
            return BusStatus.Ok;
        }
        if ((_sr.Value & SrBit.ProgrammingErrors) != 0)
        {
            _firstWord = null;
            SetFlags(SrBit.Pgserr); // an earlier programming error not cleared (RM0351 3.3.7 step 2)
            return BusStatus.Ok;
        }
        if (size != AccessSize.Word)
        {
            _firstWord = null;
            SetFlags(SrBit.Sizerr);
            return BusStatus.Ok;
        }
        if (_firstWord is not { } first)
        {
            if ((address & 7) != 0)
            {
                SetFlags(SrBit.Pgaerr);
                return BusStatus.Ok;
            }
            _firstWord = (address, value);
            return BusStatus.Ok;
        }
        _firstWord = null;
        if (address != first.Address + 4)
        {
            SetFlags(SrBit.Pgaerr);
            return BusStatus.Ok;
        }
        return ProgramDoubleWord(index, offset - 4, first.Address, first.Value, value, initiator);
    }

    private BusStatus ProgramDoubleWord(int index, int offset, uint address, uint low, uint high, BusInitiator initiator)
    {
        if (ActiveBanks.FirstOrDefault(b => b.Contains(address)) is not { } bank || IsWriteProtected(bank, bank.SectorOf(address)))
        {
            SetFlags(SrBit.Wrperr);
            return BusStatus.Ok;
        }
        if (PendingFailure is var failure and not 0)
        {
            PendingFailure = 0;
            SetFlags(failure);
            return BusStatus.Ok;
        }
        var array = _arrays[index];
        var oldLow = MemoryTarget.ReadLittleEndian(array, offset, AccessSize.Word);
        var oldHigh = MemoryTarget.ReadLittleEndian(array, offset + 4, AccessSize.Word);
        if ((oldLow != 0xFFFF_FFFF || oldHigh != 0xFFFF_FFFF) && (low | high) != 0)
        {
            SetFlags(SrBit.Progerr); // RM0351 3.7.4: the double word was not erased
            return BusStatus.Ok;
        }
        MemoryTarget.WriteLittleEndian(array, offset, AccessSize.Word, oldLow & low);
        MemoryTarget.WriteLittleEndian(array, offset + 4, AccessSize.Word, oldHigh & high);
        _counters.FlashWordsProgrammed[Math.Min(index, 1)]++;
        if (!initiator.IsDebugger && address < _device.FlashBanks[0].Start + 0x10)
        {
            Context.Record(ChipEventKind.FlashProgrammed, "FLASH", address, low, $"firmware programmed the double word at 0x{address:X8}");
        }
        BeginOperation(_profile.DoubleWordProgram, "flash program", null, BankMask(bank));
        return BusStatus.Ok;
    }

    /// <summary>STRT was set: a page or mass erase as PER/PNB/BKER and MER1/MER2 say (RM0351 3.3.6).</summary>
    private void StartErase(BusInitiator initiator)
    {
        var per = _per.IsSet;
        var mer = _mer1.IsSet || _mer2?.IsSet == true;
        if (per == mer || _pg.IsSet || (_sr.Value & SrBit.ProgrammingErrors) != 0)
        {
            Refuse(SrBit.Pgserr);
            return;
        }
        if (initiator.IsDebugger && ReadoutLevel != 0)
        {
            Refuse(SrBit.Wrperr);
            return;
        }
        var active = ActiveBanks;
        if (mer)
        {
            var banks = active.Where(b => (b.Number == 1 && _mer1.IsSet) || (b.Number == 2 && _mer2?.IsSet == true)).ToList();
            if (banks.Any(b => Enumerable.Range(0, b.SectorCount).Any(p => IsWriteProtected(b, p))))
            {
                Refuse(SrBit.Wrperr);
                return;
            }
            if (TakeFailure())
            {
                return;
            }
            foreach (var bank in banks)
            {
                Fill(bank.Start, bank.Size);
                _counters.BankErases[Math.Min(bank.Number - 1, 1)]++;
            }
            Record(initiator, banks.FirstOrDefault()?.Start ?? active[0].Start, "mass erase");
            BeginOperation(_profile.MassErase, "flash mass erase", null, banks.Aggregate(0, (m, b) => m | BankMask(b)));
            return;
        }
        var target = active.Count > 1 && _bker?.IsSet == true ? active[1] : active[0];
        var page = (int)_pnb.Value;
        if (target.FirstSector > 0 && page >= target.FirstSector)
        {
            // The G0B1 numbers bank 2's pages 256-383 (RM0444 3.3.1, 3.7.5 PNB with BKER); OpenOCD 0.12's stm32l4x
            // driver writes 0-127 with BKER. The model takes both: the page within the bank BKER selects.
            page -= target.FirstSector;
        }
        if (page >= target.SectorCount)
        {
            Context.Log.Add(new UnmodelledAccess(Name, "CR.PNB", _cr.Address, (uint)page,
                $"page {page} does not exist in bank {target.Number} of the {_device.Name}: nothing erased"));
            Refuse(SrBit.Pgserr);
            return;
        }
        if (IsWriteProtected(target, page))
        {
            Refuse(SrBit.Wrperr);
            return;
        }
        if (TakeFailure())
        {
            return;
        }
        var start = target.SectorStart(page);
        Fill(start, target.SectorSizeOf(page));
        _counters.SectorErases[Math.Min(target.Number - 1, 1)]++;
        Record(initiator, start, string.Create(CultureInfo.InvariantCulture, $"page {page} erase of bank {target.Number}"));
        BeginOperation(_profile.PageErase, "flash page erase", null, BankMask(target));
    }

    /// <summary>The busy mask of an operation on <paramref name="bank"/>: bit 0 bank 1, bit 1 bank 2.</summary>
    private static int BankMask(FlashBank bank) => bank.Number == 2 ? 2 : 1;

    /// <summary>Erases <paramref name="size"/> bytes from <paramref name="start"/> across the arrays.</summary>
    private void Fill(uint start, uint size)
    {
        for (var address = start; address < start + size;)
        {
            var (index, offset) = Locate(address)!.Value;
            var count = (int)Math.Min(start + size - address, (uint)(_arrays[index].Length - offset));
            _arrays[index].AsSpan(offset, count).Fill(_device.ErasedValue);
            address += (uint)count;
        }
    }

    private void Refuse(uint flag)
    {
        SetFlags(flag);
        _cr.Value &= ~_strt.Mask;
    }

    private bool TakeFailure()
    {
        if (PendingFailure is var failure and not 0)
        {
            PendingFailure = 0;
            Refuse(failure);
            return true;
        }
        return false;
    }

    private void Record(BusInitiator initiator, uint address, string what)
    {
        if (!initiator.IsDebugger)
        {
            Context.Record(ChipEventKind.FlashErased, "FLASH", address, 0, $"firmware started a {what} at 0x{address:X8}");
        }
    }

    /// <summary>
    /// Whether page <paramref name="page"/> of <paramref name="bank"/> is in one of the bank's WRP areas in effect
    /// (WRPxA/WRPxB: pages STRT to END, empty when STRT &gt; END; RM0351 3.5.3).
    /// </summary>
    private bool IsWriteProtected(FlashBank bank, int page)
    {
        foreach (var area in _device.Protection?.WriteProtection ?? [])
        {
            if (area.Bank != bank.Number)
            {
                continue;
            }
            if (_device.FindOptionField(area.Field) is not var (register, startField) || area.EndField is null
                || _device.FindOptionField(area.EndField) is not var (_, endField))
            {
                continue;
            }
            var value = _effective[Array.FindIndex(_options, r => r.Offset == register.Offset)];
            var first = startField.Get(value);
            var last = endField.Get(value);
            if (first <= last && page >= first && page <= last)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>OPTSTRT: the option registers are programmed into the option bytes (RM0351 3.4.2).</summary>
    private void StartOptionChange(BusInitiator initiator)
    {
        if (!OptionsUnlocked || Busy)
        {
            _cr.Value &= ~_optStrt.Mask;
            return;
        }
        _counters.OptionByteWrites++;
        if (ReadoutLevel == 2)
        {
            _cr.Value &= ~_optStrt.Mask; // level 2 is final (RM0351 3.5.1)
            return;
        }
        var values = _options.Select(r => r.Value).ToArray();
        var optr = values[Index("OPTR")];
        var regression = ReadoutLevel == 1 && LevelOf(optr) == 0;
        Context.Record(ChipEventKind.OptionBytesChanged, "FLASH", _cr.Address, optr, string.Create(CultureInfo.InvariantCulture,
            $"option bytes programmed ({(initiator.IsDebugger ? "debugger" : "firmware")}): {string.Join(", ", _options.Select((r, i) => $"{_device.OptionRegisters[i].Name} 0x{values[i]:X8}"))}{(regression ? " (RDP 1 → 0: mass erase)" : "")}"));
        var duration = _profile.OptionChange;
        if (regression)
        {
            foreach (var array in _arrays)
            {
                Array.Fill(array, _device.ErasedValue);
            }
            duration += _profile.MassErase;
        }
        BeginOperation(duration, "option byte change", () => values.CopyTo(_stored, 0));
    }
}
