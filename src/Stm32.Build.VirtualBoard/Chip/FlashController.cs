using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>
/// The STM32H7 embedded flash interface (RM0399 chapter 4) for both banks: the arrays, the per-bank write buffer,
/// program and erase operations that take the datasheet's time, the option bytes, protections and the CRC unit.
/// Registers are at <see cref="DeviceDescription.FlashRegistersBase"/>; offsets in <see cref="FlashRegister"/>.
/// </summary>
public sealed partial class FlashController
{
    /// <summary>FLASH_ACR reset value (RM0399 4.9.1: LATENCY = 7, WRHIGHFREQ = 3).</summary>
    internal const uint AcrReset = 0x0000_0037;

    /// <summary>FLASH_CRx reset value (RM0399 4.9.4: LOCK = 1, PSIZE = 11, x64).</summary>
    internal const uint CrReset = 0x0000_0031;

    private readonly DeviceDescription _device;
    private readonly Func<long> _now;
    private readonly BoardCounters _counters;
    private readonly UnmodelledAccessLog _log;
    private readonly BankState[] _banks;
    private readonly FlashKeySequence _optKeys = new(FlashKeys.OptKey1, FlashKeys.OptKey2);
    private OptionByteValues _stored;
    private OptionByteValues _prg;
    private uint _acr = AcrReset;
    private uint _optcrControl; // OPTCHANGEERRIE
    private bool _optChangeError;
    private PendingOptionChange? _optionChange;
    private uint _crcData;

    internal FlashController(DeviceDescription device, Func<long> now, BoardCounters counters, UnmodelledAccessLog log)
    {
        _device = device;
        _now = now;
        _counters = counters;
        _log = log;
        _banks = device.FlashBanks.Select((b, i) => new BankState(i, b, device.FlashWordSize, device.ErasedValue)).ToArray();
        _stored = OptionByteValues.Factory(device);
        _prg = _stored.Copy();
    }

    /// <summary>
    /// Called with the virtual time at which a queued operation (program, erase, option change, CRC) completes, so
    /// the chip's timeline can end a core's slice there and complete it in order.
    /// </summary>
    internal Action<long>? CompletionScheduled { get; set; }

    /// <summary>FLASH_ACR as software reads it: LATENCY[3:0] and WRHIGHFREQ[5:4] (RM0399 4.9.1).</summary>
    internal uint Acr => _acr;

    /// <summary>
    /// Called when an erase, a flash-word program or an option-byte change starts (the kind, the address, a value and
    /// the operation in words), for the chip trace; the access's initiator is whoever is accessing the bus then.
    /// </summary>
    internal Action<ChipEventKind, uint, uint, string>? Activity { get; set; }

    /// <summary>Called after software wrote FLASH_ACR, with the stored value (wait states are checked against the clock).</summary>
    internal Action<uint>? AcrWritten { get; set; }

    /// <summary>
    /// The FLASH global interrupt (RM0399 4.7, "FLASH interrupts": EOP, WRPERR, PGSERR, STRBERR, INCERR, OPERR,
    /// RDPERR, RDSERR, SNECCERR, DBECCERR and CRCEND of either bank with their enables in FLASH_CRx, OPTCHANGEERR with
    /// OPTCHANGEERRIE; one line, NVIC position 4 on both cores). Level-sensitive: asserted while any enabled flag is
    /// set. Connected by the family while composing; null leaves the controller without an interrupt output.
    /// </summary>
    internal Peripherals.InterruptLine? Interrupt { get; set; }

    /// <summary>The option bytes in effect (the *_CUR registers).</summary>
    public OptionByteValues Options => _stored;

    /// <summary>The option bytes as last written to the *_PRG registers.</summary>
    public OptionByteValues PendingOptions => _prg;

    /// <summary>The readout protection level in effect (0, 1 or 2).</summary>
    public int ReadoutLevel => _stored.ReadoutLevel;

    /// <summary>FLASH_SRx of bank <paramref name="bankNumber"/> as software would read it.</summary>
    public uint Status(int bankNumber) => StatusOf(Bank(bankNumber));

    /// <summary>FLASH_CRx of bank <paramref name="bankNumber"/>.</summary>
    public uint Control(int bankNumber) => Bank(bankNumber).Cr;

    /// <summary>Whether FLASH_CRx of the bank is unlocked.</summary>
    public bool IsUnlocked(int bankNumber) => (Bank(bankNumber).Cr & 1) == 0;

    /// <summary>The state of the bank's KEYR unlock sequence.</summary>
    public KeySequenceState KeyState(int bankNumber) => Bank(bankNumber).Keys.State;

    /// <summary>Whether an option byte change is running.</summary>
    public bool OptionChangeBusy => _optionChange is not null;

    internal bool IsFlashAddress(uint address) => BankAt(address) is not null;

    internal byte[] BankArray(int bankNumber) => Bank(bankNumber).Data;

    internal ReadOnlySpan<byte> BankData(int bankNumber) => Bank(bankNumber).Data;

    /// <summary>Reads a 32-bit word of the array without side effects (no ECC check, no RDP check, no time).</summary>
    public uint Peek(uint address) => PeekWord(address);

    /// <summary>Reads a word of the array without side effects (boot checks, tests).</summary>
    internal uint PeekWord(uint address)
    {
        var bank = BankAt(address);
        return bank is null ? 0xFFFF_FFFF : MemorySegment.ReadLittleEndian(bank.Data, (int)(address - bank.Description.Start), AccessSize.Word);
    }

    /// <summary>
    /// Places <paramref name="data"/> in the array at <paramref name="address"/> as a programmer leaves it after a
    /// verified download, without the flash interface, its timing or the chip trace (a dry run of an image, tests).
    /// Bytes outside every bank are an error.
    /// </summary>
    public void Load(uint address, ReadOnlySpan<byte> data)
    {
        var bank = BankAt(address);
        if (bank is null || (ulong)address + (ulong)data.Length > bank.Description.End)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"0x{address:X8}+{data.Length} is not inside one flash bank");
        }
        data.CopyTo(bank.Data.AsSpan((int)(address - bank.Description.Start)));
    }

    /// <summary>Replaces the array and option bytes (state file loading); pending work is dropped.</summary>
    internal void Restore(IReadOnlyList<byte[]> banks, OptionByteValues options, IReadOnlyList<IReadOnlyList<int>> eccBroken)
    {
        for (var i = 0; i < _banks.Length; i++)
        {
            banks[i].CopyTo(_banks[i].Data, 0);
            Array.Clear(_banks[i].EccBroken);
            foreach (var word in eccBroken[i])
            {
                _banks[i].EccBroken[word] = true;
            }
            _banks[i].Pending.Clear();
            _banks[i].ClearBuffer();
        }
        _stored = options.Copy();
        _prg = _stored.Copy();
        _optionChange = null;
        UpdateInterrupt();
    }

    /// <summary>The flash words whose ECC is inconsistent (programmed twice without an erase), per bank.</summary>
    internal IReadOnlyList<int> EccBrokenWords(int bankNumber)
    {
        var bank = Bank(bankNumber);
        var list = new List<int>();
        for (var i = 0; i < bank.EccBroken.Length; i++)
        {
            if (bank.EccBroken[i])
            {
                list.Add(i);
            }
        }
        return list;
    }

    /// <summary>A system reset (RM0399 4.9: register reset values): locks, errors and buffers cleared.</summary>
    internal void SystemReset()
    {
        CompleteDue(_now());
        foreach (var bank in _banks)
        {
            if (bank.Pending.Count > 0)
            {
                _log.Add(new UnmodelledAccess("FLASH", "SR" + (bank.Index + 1), _device.FlashRegistersBase + bank.Description.RegisterOffset + 0x10,
                    FlashSr.QW, "reset during a program/erase: the operation is abandoned and the array left as it was"));
            }
            bank.Pending.Clear();
            bank.Cr = CrReset;
            bank.Sr = 0;
            bank.Keys.Reset();
            bank.ClearBuffer();
            bank.CrcCr = bank.CrcStart = bank.CrcEnd = bank.EccFailAddress = 0;
            bank.CrcSectors.Clear();
            bank.CrcBusyUntil = -1;
        }
        if (_optionChange is { } change)
        {
            FinishOptionChange(change);
        }
        _optKeys.Reset();
        _optcrControl = 0;
        _optChangeError = false;
        _acr = AcrReset;
        _crcData = 0;
        _prg = _stored.Copy();
        UpdateInterrupt();
    }

    /// <summary>A power-on reset: the same as a system reset for the flash interface.</summary>
    internal void PowerOnReset() => SystemReset();

    /// <summary>Power lost: operations in flight never finish (the array keeps its previous contents).</summary>
    internal void AbortOnPowerLoss()
    {
        foreach (var bank in _banks)
        {
            bank.Pending.Clear();
            bank.ClearBuffer();
        }
        _optionChange = null;
    }

    private BankState Bank(int bankNumber)
    {
        var bank = _banks.FirstOrDefault(b => b.Description.Number == bankNumber);
        if (bank is null)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidArgument, DiagnosticSeverity.Error,
                $"the {_device.Name} has no flash bank {bankNumber}; its banks are {string.Join(", ", _banks.Select(b => b.Description.Number))}"));
        }
        return bank;
    }

    private BankState? BankAt(uint address)
    {
        foreach (var bank in _banks)
        {
            if (address >= bank.Description.Start && address - bank.Description.Start < bank.Description.Size)
            {
                return bank;
            }
        }
        return null;
    }

    private uint StatusOf(BankState bank)
    {
        var sr = bank.Sr;
        if (bank.Pending.Count > 0)
        {
            sr |= FlashSr.BSY | FlashSr.QW;
        }
        if (bank.BufferMask != 0)
        {
            sr |= FlashSr.WBNE;
        }
        if (bank.CrcBusyUntil >= 0)
        {
            sr |= FlashSr.CRC_BUSY;
        }
        return sr;
    }

    /// <summary>Drives <see cref="Interrupt"/> from the flags and their enables (RM0399 4.7).</summary>
    private void UpdateInterrupt()
    {
        if (Interrupt is not { } line)
        {
            return;
        }
        var asserted = _optChangeError && (_optcrControl & FlashOptCr.OPTCHANGEERRIE) != 0;
        foreach (var bank in _banks)
        {
            asserted |= (bank.Sr & bank.Cr & FlashSr.ClearableMask) != 0;
        }
        line.Set(asserted);
    }

    /// <summary>One bank's registers, array and queue.</summary>
    private sealed class BankState
    {
        public BankState(int index, FlashBank description, int flashWordSize, byte erasedValue)
        {
            Index = index;
            Description = description;
            Data = new byte[description.Size];
            Array.Fill(Data, erasedValue);
            WordSize = flashWordSize;
            Buffer = new byte[flashWordSize];
            EccBroken = new bool[description.Size / (uint)flashWordSize];
            Keys = new FlashKeySequence(FlashKeys.Key1, FlashKeys.Key2);
        }

        public int Index { get; }
        public FlashBank Description { get; }
        public byte[] Data { get; }
        public int WordSize { get; }
        public bool[] EccBroken { get; }
        public FlashKeySequence Keys { get; }
        public uint Cr { get; set; } = CrReset;
        public uint Sr { get; set; }
        public byte[] Buffer { get; }
        public ulong BufferMask { get; set; }
        public uint BufferWord { get; set; }
        public Queue<PendingOperation> Pending { get; } = new();
        public long BusyUntil { get; set; }
        public uint CrcCr { get; set; }
        public uint CrcStart { get; set; }
        public uint CrcEnd { get; set; }
        public List<int> CrcSectors { get; } = [];
        public long CrcBusyUntil { get; set; } = -1;
        public uint CrcResult { get; set; }
        public uint EccFailAddress { get; set; }

        public void ClearBuffer()
        {
            BufferMask = 0;
            Array.Fill(Buffer, (byte)0xFF);
        }
    }
}
