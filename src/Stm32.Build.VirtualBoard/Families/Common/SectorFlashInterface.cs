using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// The sector flash interface of the STM32F4 (RM0090 chapter 3; RM0368/RM0383/RM0390 for the F401/F411/F446) and the
/// STM32F7 (RM0385/RM0410 chapter 3), what differs between them in a <see cref="SectorFlashProfile"/>: one register
/// set for every bank, registers and fields from the chip's register table (FLASH: ACR, KEYR, OPTKEYR, SR, CR, OPTCR,
/// OPTCR1 on the F42x/F43x and the F7):
/// <list type="bullet">
/// <item>FLASH_KEYR: KEY1 then KEY2 clears CR.LOCK; a wrong key is answered with a bus error and keeps FLASH_CR
/// locked until the next reset (RM0090 3.5.1). FLASH_OPTKEYR likewise for OPTCR.OPTLOCK (3.6.2). Writing
/// LOCK/OPTLOCK locks again; FLASH_CR ignores writes while locked.</item>
/// <item>Sector erase: SER + SNB + STRT; mass erase: MER (bank 1) and MER1/MER2 (bank 2 of the F42x/F43x, the F76x
/// in dual-bank mode) + STRT; SER with MER does nothing (3.5.3). SNB 0-11 are bank 1's sectors, 0b10000-0b11011 bank
/// 2's sectors 12-23 (RM0090 3.9.8, RM0410 3.7.5); the bank organisation follows the option bytes loaded at reset
/// (<see cref="SectorFlashProfile.BanksFor"/>: the F76x's nDBANK). BSY for the datasheet's typical erase time at the
/// PSIZE in CR (<see cref="SectorFlashProfile"/>).</item>
/// <item>Programming: PG set, then one write of the PSIZE width (x8 byte, x16 half-word, x32 word); another width
/// is PGPERR, a write with PG clear is PGSERR (ERSERR on the F7), a write-protected sector (its nWRP bit 0) is WRPERR, and nothing is
/// written (3.5.4, 3.9.5). Programming only clears bits; BSY for t_prog.</item>
/// <item>EOP is set at the end of an operation only while EOPIE is set (3.9.5); the error flags are set regardless.</item>
/// <item>Readout protection: at level 1 the debugger cannot read, program or erase the main flash; RDP level 1 → 0
/// mass-erases it before the change completes; level 2 is final (3.7.3). The option bytes apply at OPTSTRT
/// completion; FLASH_OPTCR/OPTCR1 reload from them at every reset.</item>
/// </list>
/// Bytes and half-words may be written to every register (ST's F4 HAL writes the LATENCY byte of FLASH_ACR).
/// </summary>
public sealed partial class SectorFlashInterface : Peripheral
{
    private const uint KeyrOffset = 0x04, OptKeyrOffset = 0x08, SrOffset = 0x0C, CrOffset = 0x10, OptCrOffset = 0x14, OptCr1Offset = 0x18;

    private readonly DeviceDescription _device;
    private readonly SectorFlashProfile _profile;
    private readonly BoardCounters _counters;
    private readonly byte[][] _arrays;
    private readonly FlashKeySequence _keys = new(FlashKeys.Key1, FlashKeys.Key2);
    private readonly FlashKeySequence _optKeys = new(FlashKeys.OptKey1, FlashKeys.OptKey2);
    private readonly Register _acr, _sr, _cr, _optcr;
    private readonly Register? _optcr1;
    private long _busyUntil = -1;
    private ScheduledEvent? _completion;
    private Action? _onComplete;

    /// <summary>Declares the interface from its register-table entry; the arrays start erased.</summary>
    public SectorFlashInterface(PeripheralContext context, PeripheralInfo info, SectorFlashProfile profile, BoardCounters counters)
        : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _device = context.Device;
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _arrays = _device.FlashBanks.Select(b =>
        {
            var data = new byte[b.Size];
            Array.Fill(data, _device.ErasedValue);
            return data;
        }).ToArray();
        Registers.Declare(info);
        _acr = Registers["ACR"].Modelled();
        _sr = Registers["SR"];
        _cr = Registers["CR"];
        _optcr = Registers["OPTCR"];
        _optcr1 = Registers.Find("OPTCR1");
        _sr["BSY"].WithFlag(() => Busy);
        _sr.Modelled();
        _cr.Modelled();
        _optcr.Modelled();
        _optcr1?.Modelled();
        StoredOptcr = profile.FactoryOptcr & OptionMask;
        StoredOptcr1 = _optcr1 is null ? 0 : profile.FactoryOptcr1;
        _loadedOptcr = StoredOptcr;
        _loadedOptcr1 = StoredOptcr1;
    }

    private uint _loadedOptcr, _loadedOptcr1;

    /// <summary>FLASH_OPTCR1 as the option bytes loaded at the last reset set it (the F7's BOOT_ADD0/BOOT_ADD1).</summary>
    public uint LoadedOptcr1 => _loadedOptcr1;

    /// <summary>FLASH_OPTCR as loaded at the last reset (what the bank organisation and the boot options follow).</summary>
    public uint LoadedOptcr => _loadedOptcr;

    /// <summary>The flash banks as the option bytes loaded at the last reset organise them (sector sizes and numbers).</summary>
    public IReadOnlyList<FlashBank> BanksInEffect => _profile.BanksFor?.Invoke(_loadedOptcr, _loadedOptcr1) ?? _device.FlashBanks;

    /// <summary>The user option bits of FLASH_OPTCR the option bytes hold (everything but OPTLOCK and OPTSTRT).</summary>
    private const uint OptionMask = ~0x3u;

    /// <summary>Whether an operation runs (FLASH_SR.BSY).</summary>
    public bool Busy => _busyUntil >= 0 && Context.Now < _busyUntil;

    /// <summary>FLASH_ACR as software reads it (LATENCY[3:0], PRFTEN, ICEN, DCEN).</summary>
    public uint Acr => _acr.Value;

    /// <summary>FLASH_SR as software reads it.</summary>
    public uint Status => _sr.Read();

    /// <summary>Whether FLASH_CR is unlocked.</summary>
    public bool IsUnlocked => !_cr["LOCK"].IsSet;

    /// <summary>The state of the FLASH_KEYR unlock sequence.</summary>
    public KeySequenceState KeyState => _keys.State;

    /// <summary>The option bytes in effect: FLASH_OPTCR's user bits (OPTLOCK and OPTSTRT clear).</summary>
    public uint StoredOptcr { get; private set; }

    /// <summary>The option bytes in effect of FLASH_OPTCR1 (bank 2's nWRP), 0 where the part has no OPTCR1.</summary>
    public uint StoredOptcr1 { get; private set; }

    /// <summary>The readout protection level in effect: RDP 0xAA is level 0, 0xCC level 2, anything else level 1 (RM0090 3.7.3).</summary>
    public int ReadoutLevel => ((StoredOptcr >> 8) & 0xFF) switch
    {
        0xAA => 0,
        0xCC => 2,
        _ => 1,
    };

    /// <summary>Makes the next program or erase end with this FLASH_SR error flag and leave the array unchanged.</summary>
    public uint PendingFailure { get; set; }

    /// <summary>The array of bank <paramref name="bankNumber"/> (1 or 2).</summary>
    public byte[] BankArray(int bankNumber)
    {
        var index = _device.FlashBanks.ToList().FindIndex(b => b.Number == bankNumber);
        return index >= 0 ? _arrays[index] : throw new ArgumentOutOfRangeException(nameof(bankNumber), bankNumber,
            $"the {_device.Name} has no flash bank {bankNumber}");
    }

    /// <summary>Reads a word of the array without side effects (boot checks, tests); 0xFFFFFFFF outside it.</summary>
    public uint PeekWord(uint address)
    {
        if (Locate(address) is not var (index, offset) || offset + 4 > _arrays[index].Length)
        {
            return 0xFFFF_FFFF;
        }
        return MemoryTarget.ReadLittleEndian(_arrays[index], offset, AccessSize.Word);
    }

    /// <summary>The option bytes for the state file: OPTCR and OPTCR1 in effect, little-endian.</summary>
    internal byte[] SaveOptions()
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, StoredOptcr);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), StoredOptcr1);
        return bytes;
    }

    /// <summary>Replaces the arrays and option bytes (state file); a record of another size is a coded error of the caller.</summary>
    internal void Restore(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> options)
    {
        for (var i = 0; i < _arrays.Length; i++)
        {
            banks[i].CopyTo(_arrays[i], 0);
        }
        StoredOptcr = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(options) & OptionMask;
        StoredOptcr1 = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(options[4..]);
        Abandon();
        Reset(ResetKind.PowerOn);
    }

    /// <summary>Power lost or a reset during an operation: it never completes.</summary>
    internal void Abandon()
    {
        Context.Scheduler.Cancel(_completion);
        _completion = null;
        _onComplete = null;
        _busyUntil = -1;
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        Abandon();
        base.Reset(kind);
        _keys.Reset();
        _optKeys.Reset();
        _optcr.Value = StoredOptcr | 1; // OPTLOCK set, the option bytes loaded
        _loadedOptcr = StoredOptcr;
        _loadedOptcr1 = StoredOptcr1;
        if (_optcr1 is not null)
        {
            _optcr1.Value = StoredOptcr1;
        }
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        switch (offset)
        {
            case KeyrOffset:
                return Key(_keys, value & laneMask, () => _cr.Value &= ~_cr["LOCK"].Mask);
            case OptKeyrOffset:
                return Key(_optKeys, value & laneMask, () => _optcr.Value &= ~1u);
            case CrOffset:
                return WriteCr(value, laneMask, initiator);
            case OptCrOffset:
            case OptCr1Offset:
                return WriteOptions(offset, value, laneMask);
            default:
                return base.WriteWord(offset, value, laneMask, initiator);
        }
    }

    private static BusStatus Key(FlashKeySequence keys, uint value, Action unlocked)
    {
        if (!keys.Write(value) || keys.State == KeySequenceState.Blocked)
        {
            return BusStatus.Fault; // RM0090 3.5.1: a wrong sequence returns a bus error and locks until reset
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
            return BusStatus.Ok; // FLASH_CR cannot be written while LOCK is set (RM0090 3.9.7)
        }
        var before = _cr.Value;
        var strt = _cr["STRT"].Mask;
        var write = value & laneMask;
        _cr.Write(value, laneMask);
        if ((write & _cr["LOCK"].Mask) != 0)
        {
            _keys.Relock();
        }
        if ((write & strt) != 0 && (before & strt) == 0)
        {
            StartErase(initiator);
        }
        return BusStatus.Ok;
    }

    /// <summary>Locates an array address: the bank index and the offset in it, or null.</summary>
    private (int Index, int Offset)? Locate(uint address)
    {
        for (var i = 0; i < _device.FlashBanks.Count; i++)
        {
            var bank = _device.FlashBanks[i];
            if (bank.Contains(address))
            {
                return (i, (int)(address - bank.Start));
            }
        }
        return null;
    }

    /// <summary>Sets <paramref name="flag"/> in FLASH_SR (hardware side).</summary>
    private void SetFlag(string flag) => _sr.Value |= _sr[flag].Mask;

    /// <summary>Makes the interface busy for <paramref name="duration"/> and runs <paramref name="done"/> at the end.</summary>
    private void BeginOperation(TimeSpan duration, string name, Action? done)
    {
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
        _cr.Value &= ~_cr["STRT"].Mask;
        if (_cr["EOPIE"].IsSet)
        {
            SetFlag("EOP");
        }
    }
}
