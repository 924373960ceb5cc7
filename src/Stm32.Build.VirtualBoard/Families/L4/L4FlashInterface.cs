using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;
using RegisterField = Stm32.Build.VirtualBoard.Peripherals.RegisterField;

namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// The page flash interface of the STM32L4 and STM32G4 (RM0351/RM0394 chapter 3, RM0440 chapter 3): one register set
/// for every bank, registers from the chip's register table (FLASH: ACR, KEYR, OPTKEYR, SR, CR, OPTR, PCROPxSR/ER,
/// WRPxAR/BR), bits the table leaves out declared from the manual (3.7.5, 3.7.4):
/// <list type="bullet">
/// <item>FLASH_KEYR: KEY1 then KEY2 clears CR.LOCK; a wrong key is a bus error and keeps FLASH_CR locked until the next
/// reset (RM0351 3.3.5). FLASH_OPTKEYR likewise clears CR.OPTLOCK (3.4.2). LOCK and OPTLOCK are set by software only
/// (writing 0 leaves them set); setting LOCK sets OPTLOCK too (3.7.5). FLASH_CR ignores writes while LOCK is set.</item>
/// <item>Page erase: PER + PNB (+ BKER for bank 2 in dual-bank mode) then STRT; mass erase: MER1 and/or MER2 then
/// STRT (3.3.6). PER, PG and MERx together, or an error flag of an earlier programming still set (PROGERR, SIZERR,
/// PGAERR, PGSERR, MISERR, FASTERR), is PGSERR and nothing is erased. A page in a WRP area is WRPERR.</item>
/// <item>Programming (3.3.7): PG set, then a double word as two 32-bit writes, the first at a double-word address, the
/// second at the next word, which starts the operation. A narrower write is SIZERR, a first word off a double-word
/// boundary or a second word elsewhere is PGAERR, a write with PG clear PGSERR, a double word not erased (unless the
/// data is all zeros) PROGERR; nothing is written then. BSY for t_prog (<see cref="L4Timings"/>).</item>
/// <item>EOP is set at the end of an operation only while EOPIE is set (3.7.4).</item>
/// <item>Option bytes (3.4): the option registers are writable while OPTLOCK is clear; OPTSTRT programs them (BSY for
/// one page erase); they take effect at the next reset or OBL_LAUNCH (which resets the system, 3.4.2). RDP 0xAA is
/// level 0, 0xCC level 2 (final), anything else level 1: the debugger can no longer read, program or erase the main
/// flash; level 1 → 0 mass-erases it (3.5.1). Factory values: OPTR 0xFFEFF8AA (3.7.8), WRP areas empty, no PCROP.</item>
/// <item>The empty check of parts whose FLASH_ACR has EMPTY (the G0, RM0444 3.7.1, 2.5): EMPTY is set when the first
/// word of the main flash reads erased at option byte loading (power-on reset, OBL_LAUNCH) and cleared otherwise; a
/// system reset keeps it; software may write it.</item>
/// <item>Bank organisation: the device data's bank modes by their option bit (the G47x's DBANK: two banks of 2 KiB
/// pages, or one of 4 KiB pages, RM0440 3.3.1), read from the option bytes in effect.</item>
/// </list>
/// </summary>
public sealed partial class L4FlashInterface : Peripheral
{
    private const uint KeyrOffset = 0x08, OptKeyrOffset = 0x0C, SrOffset = 0x10, CrOffset = 0x14, OptrOffset = 0x20;

    /// <summary>FLASH_OPTR as delivered (RM0351/RM0394/RM0440 3.7.8: RDP 0xAA, BOR level 0, nRST_x, IWDG/WWDG software,
    /// DUALBANK/DBANK set, nBOOT1, nSWBOOT0, nBOOT0 set; BFB2 clear).</summary>
    public const uint FactoryOptr = 0xFFEF_F8AA;

    /// <summary>A WRP area as delivered: start 0xFF, end 0 (empty, RM0351 3.5.3).</summary>
    public const uint FactoryWrp = 0x0000_00FF;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private readonly byte[][] _arrays;
    private readonly FlashKeySequence _keys = new(FlashKeys.Key1, FlashKeys.Key2);
    private readonly FlashKeySequence _optKeys = new(FlashKeys.OptKey1, FlashKeys.OptKey2);
    private readonly Register _sr, _cr;
    private readonly RegisterField _lock, _optLock, _pg, _per, _mer1, _pnb, _strt, _optStrt, _oblLaunch, _eopie;
    private readonly RegisterField? _mer2, _bker, _fstpg, _empty;
    private readonly L4FlashProfile _profile;
    private bool _optionLoadPending;
    private readonly Register[] _options;
    private readonly uint[] _stored;
    private readonly uint[] _effective;
    private long _busyUntil = -1;
    private int _busyBanks;
    private ScheduledEvent? _completion;
    private Action? _onComplete;
    private (uint Address, uint Value)? _firstWord;

    /// <summary>Declares the interface from its register-table entry; the arrays start erased.</summary>
    /// <param name="context">The chip's peripheral context.</param>
    /// <param name="info">The FLASH entry of the register table.</param>
    /// <param name="counters">The board's operation counters.</param>
    /// <param name="profile">The part's factory option register and timings; the L4/G4 ones when null.</param>
    public L4FlashInterface(PeripheralContext context, PeripheralInfo info, BoardCounters counters, L4FlashProfile? profile = null)
        : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _profile = profile ?? L4FlashProfile.L4G4;
        _device = context.Device;
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _arrays = _device.FlashBanks.Select(b =>
        {
            var data = new byte[b.Size];
            Array.Fill(data, _device.ErasedValue);
            return data;
        }).ToArray();
        Registers.Declare(info);
        var acr = Registers.At(0x00)!.Modelled(); // ACR: LATENCY read back by the HAL
        _empty = acr.FindField("EMPTY");
        _sr = Registers.At(SrOffset)!;
        _cr = Registers.At(CrOffset)!;
        // RM0351 3.7.5 FLASH_CR.
        _pg = Field(_cr, 0, 1, "PG");
        _per = Field(_cr, 1, 1, "PER");
        _mer1 = Field(_cr, 2, 1, "MER1");
        _pnb = _cr.FindField("PNB") ?? _cr.AddField(3, 8, "PNB");
        _strt = Field(_cr, 16, 1, "STRT");
        _optStrt = Field(_cr, 17, 1, "OPTSTRT");
        _fstpg = _cr.FindField("FSTPG");
        _eopie = Field(_cr, 24, 1, "EOPIE");
        _oblLaunch = Field(_cr, 27, 1, "OBL_LAUNCH");
        _optLock = Field(_cr, 30, 1, "OPTLOCK");
        _lock = Field(_cr, 31, 1, "LOCK");
        if (_device.FlashBanks.Count > 1)
        {
            _bker = Field(_cr, 11, 1, "BKER");
            _mer2 = Field(_cr, 15, 1, "MER2");
        }
        var bank2Busy = _device.FlashBanks.Count > 1 && _profile.Bank2BusyBit is int bit
            ? _sr.FindField("BSY2") ?? _sr.AddField(bit, 1, "BSY2", FieldAccess.ReadOnly)
            : null;
        // BSY1 on the G0 (RM0444 3.7.4); on the dual-bank G0B1 BSY1 is bank 1's operations and BSY2 bank 2's.
        (_sr.FindField("BSY1") ?? Field(_sr, 16, 1, "BSY", FieldAccess.ReadOnly)).WithFlag(() => Busy && (bank2Busy is null || (_busyBanks & 1) != 0));
        bank2Busy?.WithFlag(() => Busy && (_busyBanks & 2) != 0);
        _sr.Modelled();
        _cr.Modelled();
        _options = _device.OptionRegisters.Select(o => Registers.At(o.Offset) ?? Registers.Define(o.Offset, o.Name)).ToArray();
        foreach (var option in _options)
        {
            option.Modelled();
        }
        _stored = _options.Select(r => FactoryValue(r.Offset)).ToArray();
        _effective = [.. _stored];
    }

    /// <summary>Whether an operation runs (FLASH_SR.BSY).</summary>
    public bool Busy => _busyUntil >= 0 && Context.Now < _busyUntil;

    /// <summary>FLASH_SR as software reads it.</summary>
    public uint Status => _sr.Read();

    /// <summary>Whether FLASH_CR is unlocked.</summary>
    public bool IsUnlocked => !_lock.IsSet;

    /// <summary>Whether the option registers are unlocked (CR.OPTLOCK clear).</summary>
    public bool OptionsUnlocked => !_optLock.IsSet;

    /// <summary>The option bytes in effect (loaded at the last reset), by option register name.</summary>
    public uint EffectiveOption(string name) => _effective[Index(name)];

    /// <summary>The option bytes programmed (in effect after the next reset or OBL_LAUNCH), by option register name.</summary>
    public uint StoredOption(string name) => _stored[Index(name)];

    /// <summary>FLASH_ACR.EMPTY (the G0's empty check, RM0444 3.7.1); null where the part has none.</summary>
    public bool? MainFlashEmpty => _empty?.IsSet;

    /// <summary>Redoes the empty check (FLASH_ACR.EMPTY) from the array as it is now, as an option byte loading does.</summary>
    internal void RedoEmptyCheck()
    {
        if (_empty is not null)
        {
            var acr = Registers.At(0x00)!;
            acr.Value = (acr.Value & ~_empty.Mask) | (PeekWord(_device.FlashBanks[0].Start) == 0xFFFF_FFFF ? _empty.Mask : 0);
        }
    }

    /// <summary>FLASH_OPTR in effect.</summary>
    public uint Optr => EffectiveOption("OPTR");

    /// <summary>The readout protection level in effect: RDP 0xAA is level 0, 0xCC level 2, anything else level 1 (RM0351 3.5.1).</summary>
    public int ReadoutLevel => LevelOf(Optr);

    /// <summary>Makes the next program or erase end with this FLASH_SR error flag and leave the array unchanged.</summary>
    public uint PendingFailure { get; set; }

    /// <summary>The banks in effect: the device data's bank mode selected by the option bytes in effect.</summary>
    public IReadOnlyList<FlashBank> ActiveBanks
    {
        get
        {
            if (_device.BankModes.Count == 0 || _device.FindOptionField(_device.BankModes[0].Option) is not var (register, modeField))
            {
                return _device.FlashBanks;
            }
            var value = modeField.Get(_effective[Array.FindIndex(_options, r => r.Offset == register.Offset)]);
            return _device.BankModes.FirstOrDefault(m => m.Value == value)?.FlashBanks ?? _device.FlashBanks;
        }
    }

    /// <summary>The array of bank <paramref name="bankNumber"/> (1 or 2) of the device data's factory organisation.</summary>
    public byte[] BankArray(int bankNumber)
    {
        var index = _device.FlashBanks.ToList().FindIndex(b => b.Number == bankNumber);
        return index >= 0 ? _arrays[index] : throw new ArgumentOutOfRangeException(nameof(bankNumber), bankNumber,
            $"the {_device.Name} has no flash bank {bankNumber}");
    }

    /// <summary>Reads a word of the array without side effects (boot checks, tests); 0xFFFFFFFF outside it.</summary>
    public uint PeekWord(uint address) =>
        Locate(address) is var (index, offset) && offset + 4 <= _arrays[index].Length
            ? MemoryTarget.ReadLittleEndian(_arrays[index], offset, AccessSize.Word)
            : 0xFFFF_FFFF;

    /// <summary>The option bytes for the state file: every option register programmed, in device-data order, little-endian.</summary>
    internal byte[] SaveOptions()
    {
        var bytes = new byte[_stored.Length * 4];
        for (var i = 0; i < _stored.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), _stored[i]);
        }
        return bytes;
    }

    /// <summary>The size of the option-byte record of the state file.</summary>
    internal int OptionRecordSize => _stored.Length * 4;

    /// <summary>Replaces the arrays and option bytes (state file) and applies a power-on reset of the interface.</summary>
    internal void Restore(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> options)
    {
        for (var i = 0; i < _arrays.Length; i++)
        {
            banks[i].CopyTo(_arrays[i], 0);
        }
        for (var i = 0; i < _stored.Length; i++)
        {
            _stored[i] = BinaryPrimitives.ReadUInt32LittleEndian(options[(i * 4)..]);
        }
        Reset(ResetKind.PowerOn);
    }

    /// <summary>Power lost or a reset during an operation: it never completes.</summary>
    internal void Abandon()
    {
        Context.Scheduler.Cancel(_completion);
        _completion = null;
        _onComplete = null;
        _busyUntil = -1;
        _firstWord = null;
    }

    /// <inheritdoc />
    /// <remarks>Every reset loads the option bytes (RM0351 3.4.2) into the option registers; the empty check (FLASH_ACR.EMPTY)
    /// is redone at a power-on reset or OBL_LAUNCH only (RM0444 3.7.1).</remarks>
    public override void Reset(ResetKind kind)
    {
        Abandon();
        var wasEmpty = _empty?.IsSet == true;
        base.Reset(kind);
        if (_empty is not null)
        {
            var empty = kind == ResetKind.PowerOn || _optionLoadPending ? PeekWord(_device.FlashBanks[0].Start) == 0xFFFF_FFFF : wasEmpty;
            Registers.At(0x00)!.Value = (Registers.At(0x00)!.Value & ~_empty.Mask) | (empty ? _empty.Mask : 0);
        }
        _optionLoadPending = false;
        _keys.Reset();
        _optKeys.Reset();
        _stored.CopyTo(_effective, 0);
        for (var i = 0; i < _options.Length; i++)
        {
            _options[i].Value = _effective[i];
        }
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        switch (offset)
        {
            case KeyrOffset:
                return Key(_keys, value & laneMask, () => _cr.Value &= ~_lock.Mask);
            case OptKeyrOffset:
                return IsUnlocked ? Key(_optKeys, value & laneMask, () => _cr.Value &= ~_optLock.Mask) : BusStatus.Ok;
            case CrOffset:
                return WriteCr(value, laneMask, initiator);
        }
        if (Array.FindIndex(_options, r => r.Offset == offset) >= 0)
        {
            if (!OptionsUnlocked || Busy)
            {
                return BusStatus.Ok; // RM0351 3.7.8: the option registers are write-protected while OPTLOCK is set
            }
        }
        return base.WriteWord(offset, value, laneMask, initiator);
    }

    private static BusStatus Key(FlashKeySequence keys, uint value, Action unlocked)
    {
        if (!keys.Write(value) || keys.State == KeySequenceState.Blocked)
        {
            return BusStatus.Fault; // RM0351 3.3.5: a wrong sequence is a bus error and locks until the next reset
        }
        if (keys.IsUnlocked)
        {
            unlocked();
        }
        return BusStatus.Ok;
    }

    private BusStatus WriteCr(uint value, uint laneMask, BusInitiator initiator)
    {
        if (!IsUnlocked)
        {
            return BusStatus.Ok; // FLASH_CR cannot be written while LOCK is set (RM0351 3.7.5)
        }
        var before = _cr.Value;
        var write = value & laneMask;
        var locks = _lock.Mask | _optLock.Mask;
        _cr.Write(value, laneMask);
        _cr.Value |= before & locks; // LOCK and OPTLOCK are cleared by the key sequences only
        if ((write & _lock.Mask) != 0)
        {
            _cr.Value |= _optLock.Mask; // setting LOCK sets OPTLOCK too
            _keys.Relock();
            _optKeys.Relock();
        }
        else if ((write & _optLock.Mask) != 0)
        {
            _optKeys.Relock();
        }
        if ((write & _strt.Mask) != 0 && (before & _strt.Mask) == 0)
        {
            StartErase(initiator);
        }
        if ((write & _optStrt.Mask) != 0 && (before & _optStrt.Mask) == 0)
        {
            StartOptionChange(initiator);
        }
        if ((write & _oblLaunch.Mask) != 0 && (before & _optLock.Mask) == 0)
        {
            // RM0351 3.4.2: OBL_LAUNCH reloads the option bytes, which resets the system.
            Context.Record(ChipEventKind.SystemReset, "FLASH", _cr.Address, write, "OBL_LAUNCH: option byte loading resets the system");
            _optionLoadPending = true;
            if (initiator.IsDebugger)
            {
                Context.Chip.RequestSystemReset(ResetCause.Software);
            }
            else
            {
                // From the core's own store: the reset follows as an event once the store has completed (a reset
                // inside the core's bus access leaves the restarted core stalled).
                Context.Scheduler.Schedule(Context.Now, () => Context.Chip.RequestSystemReset(ResetCause.Software), "option byte loading");
            }
        }
        return BusStatus.Ok;
    }

    /// <summary>Locates an array address: the index of the factory bank holding it and the offset in it, or null.</summary>
    private (int Index, int Offset)? Locate(uint address)
    {
        for (var i = 0; i < _device.FlashBanks.Count; i++)
        {
            if (_device.FlashBanks[i].Contains(address))
            {
                return (i, (int)(address - _device.FlashBanks[i].Start));
            }
        }
        return null;
    }

    private int Index(string name)
    {
        var i = _device.OptionRegisters.ToList().FindIndex(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw new ArgumentException($"the {_device.Name} has no option register {name}", nameof(name));
    }

    private uint FactoryValue(uint offset)
    {
        var name = _device.OptionRegisters.First(o => o.Offset == offset).Name.ToUpperInvariant();
        return name switch
        {
            "OPTR" => _profile.FactoryOptr,
            _ when name.StartsWith("WRP", StringComparison.Ordinal) => FactoryWrp,
            _ when name.StartsWith("PCROP", StringComparison.Ordinal) && name.EndsWith("SR", StringComparison.Ordinal) => 0xFFFF_FFFF,
            _ => 0,
        };
    }

    private static int LevelOf(uint optr) => (optr & 0xFF) switch
    {
        0xAA => 0,
        0xCC => 2,
        _ => 1,
    };

    /// <summary>The table's field, or the manual's where the table leaves it out.</summary>
    private static RegisterField Field(Register register, int bit, int width, string name, FieldAccess access = FieldAccess.ReadWrite) =>
        register.FindField(name) ?? register.AddField(bit, width, name, access);

    /// <summary>Sets <paramref name="mask"/> in FLASH_SR (hardware side).</summary>
    private void SetFlags(uint mask) => _sr.Value |= mask;

    /// <summary>
    /// Makes the interface busy for <paramref name="duration"/> with an operation on <paramref name="banks"/> (bit 0 bank 1,
    /// bit 1 bank 2) and runs <paramref name="done"/> at the end.
    /// </summary>
    private void BeginOperation(TimeSpan duration, string name, Action? done, int banks = 1)
    {
        _busyBanks = Busy ? _busyBanks | banks : banks;
        var start = Math.Max(Context.Now, _busyUntil);
        _busyUntil = start + (long)(duration.Ticks * 100);
        var previous = _onComplete;
        _onComplete = () =>
        {
            previous?.Invoke();
            done?.Invoke();
        };
        Context.Scheduler.Cancel(_completion);
        _completion = Context.Scheduler.Schedule(_busyUntil, Complete, name);
    }

    private void Complete()
    {
        _completion = null;
        _busyUntil = -1;
        var done = _onComplete;
        _onComplete = null;
        done?.Invoke();
        _cr.Value &= ~(_strt.Mask | _optStrt.Mask);
        if (_eopie.IsSet)
        {
            SetFlags(SrBit.Eop);
        }
    }
}
