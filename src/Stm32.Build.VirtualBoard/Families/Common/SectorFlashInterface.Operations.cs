using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Families.Common;

public sealed partial class SectorFlashInterface
{
    /// <summary>PSIZE of FLASH_CR: 0 = x8, 1 = x16, 2 = x32, 3 = x64.</summary>
    private int Psize => (int)_cr["PSIZE"].Value;

    /// <summary>Reads the array: the debugger is refused at RDP level 1 (RM0090 3.7.3).</summary>
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

    /// <summary>A write to the array: one program operation when PG is set and the width matches PSIZE (RM0090 3.5.4).</summary>
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
        if (!_cr["PG"].IsSet || !IsUnlocked)
        {
            SetFlag(SequenceError);
            return BusStatus.Ok;
        }
        var width = Psize switch { 0 => AccessSize.Byte, 1 => AccessSize.HalfWord, _ => AccessSize.Word };
        if (size != width || Psize == 3)
        {
            SetFlag("PGPERR");
            return BusStatus.Ok;
        }
        if (BanksInEffect.FirstOrDefault(b => b.Contains(address)) is { } bank && IsWriteProtected(bank, bank.SectorOf(address)))
        {
            SetFlag("WRPERR");
            return BusStatus.Ok;
        }
        if (PendingFailure is var failure and not 0)
        {
            PendingFailure = 0;
            _sr.Value |= failure;
            return BusStatus.Ok;
        }
        var old = MemoryTarget.ReadLittleEndian(_arrays[index], offset, size);
        MemoryTarget.WriteLittleEndian(_arrays[index], offset, size, old & value); // programming only clears bits
        _counters.FlashWordsProgrammed[Math.Min(index, 1)]++;
        BeginOperation(_profile.WordProgram, "flash program", null);
        return BusStatus.Ok;
    }

    /// <summary>FLASH_SR bit 7: PGSERR on the F4 (RM0090 3.9.5), ERSERR on the F7 (RM0385 3.7.4), the same sequence error.</summary>
    private string SequenceError => _sr.FindField("PGSERR")?.Name ?? "ERSERR";

    /// <summary>FLASH_CR bit 15: MER1 of the F42x/F43x (RM0090 3.9.7) or MER2 of the F76x/F77x (RM0410 3.7.5), bank 2's mass erase.</summary>
    private bool Bank2MassErase => (_cr.FindField("MER1") ?? _cr.FindField("MER2"))?.IsSet == true;

    /// <summary>STRT was set: a sector or mass erase as SER/MER/MER1 and SNB say (RM0090 3.5.3, RM0385/RM0410 3.3.6).</summary>
    private void StartErase(BusInitiator initiator)
    {
        var ser = _cr["SER"].IsSet;
        var mer = _cr["MER"].IsSet;
        var mer1 = Bank2MassErase;
        var banksInEffect = BanksInEffect;
        if (ser == (mer || mer1))
        {
            // Neither, or SER together with MERx: nothing is erased (RM0090 3.5.3 note).
            SetFlag(SequenceError);
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        if (initiator.IsDebugger && ReadoutLevel != 0)
        {
            SetFlag("WRPERR");
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        if (mer || mer1)
        {
            var banks = banksInEffect.Where(b => (mer && b.Number == 1) || (mer1 && b.Number == 2)).ToList();
            if (banks.Any(b => Enumerable.Range(0, b.SectorCount).Any(s => IsWriteProtected(b, s))))
            {
                SetFlag("WRPERR");
                _cr.Value &= ~_cr["STRT"].Mask;
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
            Record(initiator, banks.Count > 0 ? banks[0].Start : banksInEffect[0].Start, "mass erase");
            BeginOperation(_profile.MassErase(Psize), "flash mass erase", null);
            return;
        }
        var snb = (int)_cr["SNB"].Value;
        var number = snb < 12 ? snb : snb >= 16 ? 12 + (snb - 16) : -1; // RM0090 3.9.8: bank 2 is 0b10000-0b11011
        var located = banksInEffect.FirstOrDefault(b => number >= b.FirstSector && number < b.FirstSector + b.SectorCount);
        if (number < 0 || located is null)
        {
            Context.Log.Add(new UnmodelledAccess(Name, "CR.SNB", _cr.Address, (uint)snb,
                $"sector number {snb} does not exist on the {_device.Name} in its current bank organisation: nothing erased"));
            SetFlag(SequenceError);
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        var sector = number - located.FirstSector;
        if (IsWriteProtected(located, sector))
        {
            SetFlag("WRPERR");
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        if (TakeFailure())
        {
            return;
        }
        var start = located.SectorStart(sector);
        var size = located.SectorSizeOf(sector);
        Fill(start, size);
        _counters.SectorErases[Math.Min(located.Number - 1, 1)]++;
        Record(initiator, start, $"sector {number} erase");
        BeginOperation(_profile.SectorErase(size, Psize), "flash sector erase", null);
    }

    /// <summary>Erases <paramref name="size"/> bytes of the arrays from <paramref name="address"/> (a sector or bank of the organisation in effect).</summary>
    private void Fill(uint address, uint size)
    {
        for (var done = 0u; done < size;)
        {
            if (Locate(address + done) is not var (index, offset))
            {
                return;
            }
            var length = (int)Math.Min(size - done, (uint)(_arrays[index].Length - offset));
            _arrays[index].AsSpan(offset, length).Fill(_device.ErasedValue);
            done += (uint)length;
        }
    }

    private bool TakeFailure()
    {
        if (PendingFailure is var failure and not 0)
        {
            PendingFailure = 0;
            _sr.Value |= failure;
            _cr.Value &= ~_cr["STRT"].Mask;
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

    /// <summary>Whether sector <paramref name="sector"/> (index in its bank) is write-protected: its nWRP bit is 0 (RM0090 3.7.4, RM0385/RM0410 3.4).</summary>
    private bool IsWriteProtected(FlashBank bank, int sector)
    {
        var number = bank.FirstSector + sector;
        return _profile.WriteProtected is { } rule
            ? rule(number, StoredOptcr, StoredOptcr1, BanksInEffect)
            : SectorFlashProfile.F4WriteProtected(number, StoredOptcr, StoredOptcr1);
    }

    /// <summary>FLASH_OPTCR/OPTCR1: writable while OPTLOCK is clear; OPTSTRT programs them (RM0090 3.6.2).</summary>
    private BusStatus WriteOptions(uint offset, uint value, uint laneMask)
    {
        if ((_optcr.Value & 1) != 0)
        {
            // Locked: only OPTLOCK itself (already set) can be written; everything else is ignored.
            return BusStatus.Ok;
        }
        var register = offset == OptCrOffset ? _optcr : _optcr1!;
        var write = value & laneMask;
        register.Write(value, laneMask);
        if (offset != OptCrOffset)
        {
            return BusStatus.Ok;
        }
        if ((write & 1) != 0)
        {
            _optKeys.Relock();
        }
        if ((write & 2) != 0 && !Busy)
        {
            StartOptionChange();
        }
        return BusStatus.Ok;
    }

    private void StartOptionChange()
    {
        var optcr = _optcr.Value & OptionMask;
        var optcr1 = _optcr1?.Value ?? 0;
        _counters.OptionByteWrites++;
        if (ReadoutLevel == 2)
        {
            // Level 2 is final: the option bytes can no longer be changed (RM0090 3.7.3).
            _optcr.Value &= ~2u;
            return;
        }
        var regression = ReadoutLevel == 1 && ((optcr >> 8) & 0xFF) == 0xAA;
        Context.Record(ChipEventKind.OptionBytesChanged, "FLASH", _optcr.Address, optcr,
            string.Create(CultureInfo.InvariantCulture, $"option bytes programmed: OPTCR 0x{optcr:X8}{(_optcr1 is null ? "" : $", OPTCR1 0x{optcr1:X8}")}{(regression ? " (RDP 1 → 0: mass erase)" : "")}"));
        var duration = _profile.OptionChange;
        if (regression)
        {
            foreach (var array in _arrays)
            {
                Array.Fill(array, _device.ErasedValue);
            }
            duration += _profile.MassErase(2);
        }
        BeginOperation(duration, "option byte change", () =>
        {
            StoredOptcr = optcr;
            StoredOptcr1 = optcr1;
            _optcr.Value &= ~2u;
        });
    }
}
