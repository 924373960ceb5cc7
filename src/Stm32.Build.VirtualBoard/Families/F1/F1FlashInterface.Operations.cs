using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Families.F1;

public sealed partial class F1FlashInterface
{
    /// <summary>Reads the array: the debugger is refused while read protection is active (PM0075 2.4.1).</summary>
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

    /// <summary>A write to the array: one half-word program operation while PG is set (PM0075 2.3.3).</summary>
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
            return BusStatus.Ok; // not in programming mode: the write does nothing
        }
        if (size != AccessSize.HalfWord)
        {
            return BusStatus.Fault; // PM0075 2.3.3: anything but a half-word is a bus error
        }
        var bank = _device.FlashBanks[index];
        if (IsWriteProtected(bank.SectorOf(address)))
        {
            SetFlag("WRPRTERR");
            return BusStatus.Ok;
        }
        var half = (ushort)value;
        var old = (ushort)MemoryTarget.ReadLittleEndian(_arrays[index], offset, AccessSize.HalfWord);
        if (old != 0xFFFF && half != 0)
        {
            SetFlag("PGERR"); // PM0075 2.3.3: the half-word is not erased (writing 0x0000 is allowed)
            return BusStatus.Ok;
        }
        if (PendingFailure is var failure and not 0)
        {
            PendingFailure = 0;
            _sr.Value |= failure;
            return BusStatus.Ok;
        }
        Put16(_arrays[index], offset, (ushort)(old & half));
        _counters.FlashWordsProgrammed[Math.Min(index, 1)]++;
        BeginOperation(F1Timings.HalfWordProgram, "flash program", null);
        return BusStatus.Ok;
    }

    /// <summary>STRT was set: a page erase (PER, FLASH_AR), a mass erase (MER) or an option byte erase (OPTER).</summary>
    private void StartErase(BusInitiator initiator)
    {
        if (_cr["OPTER"].IsSet)
        {
            StartOptionErase(initiator);
            return;
        }
        var mer = _cr["MER"].IsSet;
        if (!mer && !_cr["PER"].IsSet)
        {
            _cr.Value &= ~_cr["STRT"].Mask; // nothing selected: nothing happens
            return;
        }
        if (mer)
        {
            if (TakeFailure())
            {
                return;
            }
            for (var i = 0; i < _arrays.Length; i++)
            {
                Array.Fill(_arrays[i], _device.ErasedValue);
                _counters.BankErases[Math.Min(i, 1)]++;
            }
            Record(initiator, _device.FlashBanks[0].Start, "mass erase");
            BeginOperation(F1Timings.MassErase, "flash mass erase", null);
            return;
        }
        var address = _ar.Value;
        if (Locate(address) is not var (index, _))
        {
            Context.Log.Add(new UnmodelledAccess(Name, "AR", _ar.Address, address,
                $"page erase of 0x{address:X8}, outside the {_device.Name}'s main flash: nothing erased"));
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        var bank = _device.FlashBanks[index];
        var page = bank.SectorOf(address);
        if ((initiator.IsDebugger && ReadoutLevel != 0) || IsWriteProtected(page))
        {
            SetFlag("WRPRTERR");
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        if (TakeFailure())
        {
            return;
        }
        var start = bank.SectorStart(page) - bank.Start;
        _arrays[index].AsSpan((int)start, (int)bank.SectorSizeOf(page)).Fill(_device.ErasedValue);
        _counters.SectorErases[Math.Min(index, 1)]++;
        Record(initiator, bank.Start + start, string.Create(CultureInfo.InvariantCulture, $"page {page} erase"));
        BeginOperation(F1Timings.PageErase, "flash page erase", null);
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

    /// <summary>
    /// Whether page <paramref name="page"/> is write-protected by the loaded WRP bits (PM0075 2.4.2): each bit covers
    /// the device data's pages per bit (4 of 1 KiB on medium density, 2 of 2 KiB on high density, where the last bit
    /// covers every page from 62 on); 0 = protected.
    /// </summary>
    private bool IsWriteProtected(int page)
    {
        if (_wrpLayout is not { } layout)
        {
            return false;
        }
        var bit = page / layout.SectorsPerBit;
        if (bit > 31)
        {
            if (!layout.LastBitCoversRest)
            {
                return false;
            }
            bit = 31;
        }
        return (Loaded.Wrpr & (1u << bit)) == 0;
    }

    /// <summary>OPTER + STRT with OPTWRE: the 16 option bytes become 0xFF; with read protection active the main flash is mass-erased first.</summary>
    private void StartOptionErase(BusInitiator initiator)
    {
        if (!OptionWritesEnabled)
        {
            Context.Log.Add(new UnmodelledAccess(Name, "CR.OPTER", _cr.Address, _cr.Value,
                "option byte erase without OPTWRE (FLASH_OPTKEYR sequence not done): nothing erased"));
            _cr.Value &= ~_cr["STRT"].Mask;
            return;
        }
        var duration = F1Timings.OptionErase;
        var unprotect = ReadoutLevel != 0;
        if (unprotect)
        {
            foreach (var array in _arrays)
            {
                Array.Fill(array, _device.ErasedValue);
            }
            duration += F1Timings.MassErase;
        }
        Array.Fill(OptionBytes.Bytes, (byte)0xFF);
        _counters.OptionByteWrites++;
        Context.Record(ChipEventKind.OptionBytesChanged, "FLASH", F1Family.OptionBytesAddress, 0xFFFF_FFFF,
            $"option bytes erased{(unprotect ? " (read protection active: the main flash was mass-erased)" : "")}; they load at the next reset");
        BeginOperation(duration, "option byte erase", null);
    }

    /// <summary>Reads the option bytes as stored (the information block at 0x1FFFF800).</summary>
    internal uint ReadOptionBytes(uint offset, AccessSize size) => MemoryTarget.ReadLittleEndian(OptionBytes.Bytes, (int)offset, size);

    /// <summary>
    /// A write to the option bytes: with OPTPG and OPTWRE one half-word whose low byte is programmed and its
    /// complement computed by the FPEC (PM0075 2.5.3); the pair must be erased (else PGERR).
    /// </summary>
    internal BusStatus WriteOptionBytes(uint offset, AccessSize size, uint value, BusInitiator initiator)
    {
        if (!IsUnlocked || !_cr["OPTPG"].IsSet || !OptionWritesEnabled)
        {
            return BusStatus.Ok;
        }
        if (size != AccessSize.HalfWord)
        {
            return BusStatus.Fault;
        }
        var at = (int)(offset & ~1u);
        if (OptionBytes.Bytes[at] != 0xFF || OptionBytes.Bytes[at + 1] != 0xFF)
        {
            SetFlag("PGERR");
            return BusStatus.Ok;
        }
        var data = (byte)value;
        OptionBytes.Bytes[at] = data;
        OptionBytes.Bytes[at + 1] = (byte)~data;
        _counters.OptionByteWrites++;
        Context.Record(ChipEventKind.OptionBytesChanged, "FLASH", F1Family.OptionBytesAddress + (uint)at, data, string.Create(CultureInfo.InvariantCulture,
            $"option byte 0x{F1Family.OptionBytesAddress + (uint)at:X8} programmed to 0x{data:X2}{(initiator.IsDebugger ? "" : " by firmware")}; it loads at the next reset"));
        BeginOperation(F1Timings.HalfWordProgram, "option byte program", null);
        return BusStatus.Ok;
    }
}
