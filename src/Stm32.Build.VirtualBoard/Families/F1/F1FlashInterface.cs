using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Families.F1;

/// <summary>
/// The STM32F1 flash program/erase controller (FPEC; PM0075 "STM32F10xxx Flash memory microcontrollers" chapters 2
/// and 3, RM0008 3.3.3), registers and fields from the chip's register table (FLASH: ACR, KEYR, OPTKEYR, SR, CR, AR,
/// OBR, WRPR):
/// <list type="bullet">
/// <item>FLASH_KEYR: KEY1 then KEY2 clears CR.LOCK; a wrong key is answered with a bus error and keeps FLASH_CR
/// locked until the next reset (PM0075 2.3.1). FLASH_OPTKEYR takes the same two keys and sets CR.OPTWRE (2.5.1),
/// which software clears by writing 0. Writing LOCK locks again; FLASH_CR ignores writes while locked.</item>
/// <item>Page erase: PER, the page's address in FLASH_AR, STRT; mass erase: MER, STRT (2.3.4, 2.3.5). BSY for the
/// datasheet's erase time (<see cref="F1Timings"/>); EOP at the end of every operation (3.3).</item>
/// <item>Programming: PG set, then one half-word write; a byte or word write is a bus error (2.3.3). A half-word
/// that is not erased (not 0xFFFF) is not programmed and sets PGERR, except a write of 0x0000; a write-protected
/// page sets WRPRTERR (2.3.3, 2.4.2). BSY for t_prog.</item>
/// <item>Option bytes (2.5, <see cref="F1OptionBytes"/>): the 16 bytes at 0x1FFFF800 are erased by OPTER + STRT and
/// programmed half-word by half-word with OPTPG, both only while OPTWRE is set; the FPEC writes the complement of
/// each byte itself. FLASH_OBR and FLASH_WRPR load from them at every reset.</item>
/// <item>Read protection (2.4.1): while the loaded RDP is not 0xA5 the debugger cannot read or program the main
/// flash (a bus error) nor erase its pages (WRPRTERR); erasing the option bytes then mass-erases the main flash
/// first, so unprotecting never exposes its content.</item>
/// </list>
/// Bytes and half-words may be written to every register (ST's HAL writes FLASH_ACR.LATENCY with a read-modify-write
/// of the word; a byte store does the same here).
/// </summary>
public sealed partial class F1FlashInterface : Peripheral
{
    private const uint KeyrOffset = 0x04, OptKeyrOffset = 0x08, CrOffset = 0x10, ArOffset = 0x14;

    private readonly DeviceDescription _device;
    private readonly BoardCounters _counters;
    private readonly byte[][] _arrays;
    private readonly FlashKeySequence _keys = new(FlashKeys.Key1, FlashKeys.Key2);
    private readonly FlashKeySequence _optKeys = new(FlashKeys.Key1, FlashKeys.Key2); // PM0075 2.5.1: the same keys
    private readonly Register _acr, _sr, _cr, _ar, _obr, _wrpr;
    private readonly WriteProtectionField? _wrpLayout;
    private long _busyUntil = -1;
    private ScheduledEvent? _completion;
    private Action? _onComplete;

    /// <summary>Declares the interface from its register-table entry; the arrays start erased, the option bytes as delivered.</summary>
    public F1FlashInterface(PeripheralContext context, PeripheralInfo info, BoardCounters counters)
        : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _device = context.Device;
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _arrays = _device.FlashBanks.Select(b =>
        {
            var data = new byte[b.Size];
            Array.Fill(data, _device.ErasedValue);
            return data;
        }).ToArray();
        _wrpLayout = _device.Protection?.WriteProtection.FirstOrDefault();
        Registers.Declare(info);
        _acr = Registers["ACR"].Modelled();
        _sr = Registers["SR"];
        _cr = Registers["CR"];
        _ar = Registers["AR"];
        _obr = Registers["OBR"].Modelled();
        _wrpr = Registers["WRPR"].Modelled();
        _sr["BSY"].WithFlag(() => Busy);
        _sr.Modelled();
        _cr.Modelled();
        _ar.Modelled();
        OptionBytes.Reset();
        Loaded = OptionBytes.Decode();
    }

    /// <summary>The option bytes as stored in the information block (what 0x1FFFF800 reads).</summary>
    public F1OptionBytes OptionBytes { get; } = new();

    /// <summary>The option bytes loaded at the last reset (FLASH_OBR and FLASH_WRPR).</summary>
    public F1LoadedOptions Loaded { get; private set; }

    /// <summary>Whether an operation runs (FLASH_SR.BSY).</summary>
    public bool Busy => _busyUntil >= 0 && Context.Now < _busyUntil;

    /// <summary>FLASH_ACR as software reads it (LATENCY, HLFCYA, PRFTBE).</summary>
    public uint Acr => _acr.Value;

    /// <summary>FLASH_SR as software reads it.</summary>
    public uint Status => _sr.Read();

    /// <summary>Whether FLASH_CR is unlocked.</summary>
    public bool IsUnlocked => !_cr["LOCK"].IsSet;

    /// <summary>Whether the option bytes may be erased and programmed (FLASH_CR.OPTWRE).</summary>
    public bool OptionWritesEnabled => _cr["OPTWRE"].IsSet;

    /// <summary>The state of the FLASH_KEYR unlock sequence.</summary>
    public KeySequenceState KeyState => _keys.State;

    /// <summary>The readout protection in effect: 0 while the loaded RDP is 0xA5, else 1 (the F1 has no level 2).</summary>
    public int ReadoutLevel => Loaded.ReadProtected ? 1 : 0;

    /// <summary>Makes the next program or erase end with this FLASH_SR error flag and leave the array unchanged.</summary>
    public uint PendingFailure { get; set; }

    /// <summary>The array of bank <paramref name="bankNumber"/>.</summary>
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

    /// <summary>The option bytes for the state file: the 16 stored bytes of the information block.</summary>
    internal byte[] SaveOptions() => OptionBytes.Bytes.ToArray();

    /// <summary>Replaces the arrays and option bytes (state file), then a power-on reset loads them.</summary>
    internal void Restore(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> options)
    {
        for (var i = 0; i < _arrays.Length; i++)
        {
            banks[i].CopyTo(_arrays[i], 0);
        }
        options.CopyTo(OptionBytes.Bytes);
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
    /// <remarks>Every reset reloads FLASH_OBR and FLASH_WRPR from the option bytes (PM0075 2.5).</remarks>
    public override void Reset(ResetKind kind)
    {
        Abandon();
        base.Reset(kind);
        _keys.Reset();
        _optKeys.Reset();
        Loaded = OptionBytes.Decode();
        _obr.Value = Loaded.Obr;
        _wrpr.Value = Loaded.Wrpr;
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        switch (offset)
        {
            case KeyrOffset:
                return Key(_keys, value & laneMask, () => _cr.Value &= ~_cr["LOCK"].Mask);
            case OptKeyrOffset:
                return Key(_optKeys, value & laneMask, () => _cr.Value |= _cr["OPTWRE"].Mask);
            case CrOffset:
                return WriteCr(value, laneMask, initiator);
            case ArOffset:
                if (!Busy)
                {
                    _ar.Write(value, laneMask); // PM0075 3.5: FLASH_AR cannot be written while BSY is set
                }
                return BusStatus.Ok;
            default:
                return base.WriteWord(offset, value, laneMask, initiator);
        }
    }

    private static BusStatus Key(FlashKeySequence keys, uint value, Action unlocked)
    {
        if (!keys.Write(value) || keys.State == KeySequenceState.Blocked)
        {
            return BusStatus.Fault; // PM0075 2.3.1: a wrong sequence is a bus error and locks FLASH_CR until reset
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
            return BusStatus.Ok; // FLASH_CR cannot be written while LOCK is set (PM0075 3.4)
        }
        var before = _cr.Value;
        var strt = _cr["STRT"].Mask;
        var optwre = _cr["OPTWRE"].Mask;
        var write = value & laneMask;
        _cr.Write(value, laneMask);
        // OPTWRE is set only by the OPTKEYR sequence; software can only clear it (PM0075 3.4).
        var keepOptwre = (laneMask & optwre) == 0 || (write & optwre) != 0 ? before & optwre : 0;
        _cr.Value = (_cr.Value & ~optwre) | keepOptwre;
        if ((before & optwre) != 0 && keepOptwre == 0)
        {
            _optKeys.Relock();
        }
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
        SetFlag("EOP"); // PM0075 3.3: set at the end of every program or erase
    }

    /// <summary>Writes a little-endian half-word into a byte array.</summary>
    private static void Put16(byte[] array, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(array.AsSpan(offset), value);
}
