using System.Buffers.Binary;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Session;
using Stm32.Build.StLink.Target;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;

namespace Stm32.Build.Flashing.Loader;

/// <summary>One bank's part of the loader's plan: the ranges it may write and where its ring is.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="Ranges">The address ranges [start, end) the loader may program (the erased sectors), at most 8.</param>
/// <param name="Descriptors">The descriptor array's address (<see cref="SlotCount"/> entries of 16 bytes).</param>
/// <param name="Ring">The first slot's address.</param>
/// <param name="SlotCount">The number of slots.</param>
/// <param name="SlotSize">Bytes per slot (a multiple of 32).</param>
internal sealed record LoaderBankPlan(FlashBank Bank, IReadOnlyList<(uint Start, uint End)> Ranges, uint Descriptors, uint Ring, int SlotCount, int SlotSize)
{
    /// <summary>The address of slot <paramref name="slot"/>.</summary>
    public uint SlotAddress(int slot) => Ring + (uint)(slot * SlotSize);

    /// <summary>The slot of buffer <paramref name="sequence"/> (sequence numbers start at 1).</summary>
    public int SlotOf(long sequence) => (int)((sequence - 1) % SlotCount);
}

/// <summary>The loader's status words (the state and, per bank, the last buffer programmed).</summary>
internal readonly record struct LoaderStatus(uint State, uint Completed0, uint Completed1)
{
    /// <summary>The last sequence number programmed in bank index <paramref name="index"/>.</summary>
    public uint Completed(int index) => index == 0 ? Completed0 : Completed1;
}

/// <summary>The loader's whole status block, read when it stopped.</summary>
internal readonly record struct LoaderStop(uint State, int ErrorBank, uint ErrorSr, uint ErrorAddress, uint ErrorDetail, uint Ticks, uint BytesDone0, uint BytesDone1);

/// <summary>
/// Talks to the STM32H7 flash loader (h7_loader.c) on the primary core through the debug session: writes the image
/// and the control block, sets the halted core up as a normal program (SP in DTCM, PC at the entry, xPSR Thumb,
/// PRIMASK set, the firmware's vector table unused), lets it run, reads its status, fills slots and publishes
/// descriptors. Knows the control block layout (<see cref="H7LoaderImage.Layout"/>), nothing of scheduling.
/// </summary>
internal sealed class H7LoaderTarget
{
    /// <summary>
    /// The SysTick period the loader wakes with while idle, in cycles of the 64 MHz HSI it runs from after reset
    /// (1 ms): how soon it sees buffers published while it sleeps (a sector's first ones, after its erase). While it
    /// programs, each flash word's end (EOP) wakes it anyway.
    /// </summary>
    public const uint TickCycles = 64_000;

    /// <summary>How long the loader waits for a sign of the host before it relocks the flash and stops: 2 s of ticks at 64 MHz.</summary>
    public const uint LeaseTicks = 2_000;

    private const int RegSp = 13, RegLr = 14, RegPc = 15, RegXpsr = 16, RegMsp = 17, RegSpecial = 20;

    private readonly IDebugSession _session;
    private readonly DeviceDescription _device;
    private readonly int _ap;
    private uint _heartbeat;

    /// <summary>Creates the link for <paramref name="device"/>'s primary core.</summary>
    public H7LoaderTarget(IDebugSession session, DeviceDescription device)
    {
        _session = session;
        _device = device;
        _ap = device.Cores[0].AccessPort;
    }

    /// <summary>
    /// The first address past the loader's own RAM and the end of the RAM it may use for rings: the DTCM region of
    /// the device data (the image is linked for it), or null when the device has no such region for its primary core.
    /// </summary>
    public (uint Start, uint End)? FreeRam()
    {
        var core = _device.Cores[0].Name;
        var dtcm = _device.RamRegions.FirstOrDefault(m => m.Contains(H7LoaderImage.LoadAddress) && m.IsVisibleTo(core));
        if (dtcm is null || dtcm.End < H7LoaderImage.End + 4096UL)
        {
            return null;
        }
        return (H7LoaderImage.End, (uint)Math.Min(dtcm.End, uint.MaxValue));
    }

    /// <summary>
    /// Writes the image and reads it back, writes the control block with the plan and clears every descriptor.
    /// Returns null when done, or why the RAM does not hold the loader (the read-back differs).
    /// </summary>
    public string? Download(IReadOnlyList<LoaderBankPlan> banks, uint psize)
    {
        var image = H7LoaderImage.Bytes.ToArray();
        _session.WriteMemory(_ap, H7LoaderImage.LoadAddress, image);
        var back = new byte[image.Length];
        _session.ReadMemory(_ap, H7LoaderImage.LoadAddress, back);
        var same = back.AsSpan().CommonPrefixLength(image);
        if (same < image.Length)
        {
            return $"the RAM at {Diagnostic.Hex(H7LoaderImage.LoadAddress + (uint)same)} does not hold what was written (the loader image read back differs)";
        }
        foreach (var bank in banks)
        {
            _session.WriteMemory(_ap, bank.Descriptors, new byte[bank.SlotCount * (int)DescSize]);
        }
        _session.WriteMemory(_ap, H7LoaderImage.ControlAddress, ControlBlock(banks, psize));
        return null;
    }

    /// <summary>The control block for <paramref name="banks"/>: header, state LOADED, command RUN, the plans.</summary>
    internal byte[] ControlBlock(IReadOnlyList<LoaderBankPlan> banks, uint psize)
    {
        var block = new byte[ControlSize];
        void Put(uint offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan((int)offset), value);
        Put(OffMagic, Magic);
        Put(OffVersion, H7LoaderImage.Layout.Version);
        Put(OffSize, ControlSize);
        Put(OffBankCount, (uint)banks.Count);
        Put(OffPsize, psize);
        Put(OffTickCycles, TickCycles);
        Put(OffLeaseTicks, LeaseTicks);
        Put(OffFlashRegs, _device.FlashRegistersBase);
        Put(OffState, StateLoaded);
        Put(OffCommand, CommandRun);
        for (var i = 0; i < banks.Count; i++)
        {
            var plan = banks[i];
            var at = OffBanks + (uint)i * BankSize;
            Put(at + BankRegs, plan.Bank.RegisterOffset);
            Put(at + BankStart, plan.Bank.Start);
            Put(at + BankEnd, (uint)plan.Bank.End);
            Put(at + BankRangeCount, (uint)plan.Ranges.Count);
            Put(at + BankRing, plan.Ring);
            Put(at + BankSlotCount, (uint)plan.SlotCount);
            Put(at + BankSlotSize, (uint)plan.SlotSize);
            Put(at + BankDescriptors, plan.Descriptors);
            for (var r = 0; r < plan.Ranges.Count; r++)
            {
                Put(at + BankRanges + (uint)r * 8, plan.Ranges[r].Start);
                Put(at + BankRanges + (uint)r * 8 + 4, plan.Ranges[r].End);
            }
        }
        return block;
    }

    /// <summary>
    /// Sets the halted core up as a normal program and lets it run: SP and MSP at the loader's stack, PC at its
    /// entry, xPSR with only the Thumb bit, PRIMASK set (CONTROL, FAULTMASK, BASEPRI clear), LR an invalid return.
    /// </summary>
    public void Start()
    {
        WriteCoreRegister(RegMsp, H7LoaderImage.StackTop);
        WriteCoreRegister(RegSp, H7LoaderImage.StackTop);
        WriteCoreRegister(RegLr, 0xFFFF_FFFF);
        WriteCoreRegister(RegPc, H7LoaderImage.Entry & ~1u);
        WriteCoreRegister(RegXpsr, 0x0100_0000);
        WriteCoreRegister(RegSpecial, 0x0000_0001);
        _session.WriteWord(_ap, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CDebugEn);
    }

    /// <summary>Reads the state and the completed sequence numbers (one memory command).</summary>
    public LoaderStatus ReadStatus()
    {
        Span<byte> words = stackalloc byte[12];
        _session.ReadMemory(_ap, H7LoaderImage.ControlAddress + OffState, words);
        return new LoaderStatus(BinaryPrimitives.ReadUInt32LittleEndian(words), BinaryPrimitives.ReadUInt32LittleEndian(words[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(words[8..]));
    }

    /// <summary>Reads the whole status block.</summary>
    public LoaderStop ReadStop()
    {
        var words = new byte[OffTicks + 4 - OffState];
        _session.ReadMemory(_ap, H7LoaderImage.ControlAddress + OffState, words);
        uint Word(uint offset) => BinaryPrimitives.ReadUInt32LittleEndian(words.AsSpan((int)(offset - OffState)));
        return new LoaderStop(Word(OffState), (int)Word(OffErrorBank), Word(OffErrorSr), Word(OffErrorAddress), Word(OffErrorDetail),
            Word(OffTicks), Word(OffBytesDone), Word(OffBytesDone + 4));
    }

    /// <summary>Writes buffer bytes into consecutive slots starting at <paramref name="slot"/> (one slot per <paramref name="plan"/>'s slot size).</summary>
    public void WriteSlot(LoaderBankPlan plan, int slot, ReadOnlySpan<byte> data) => _session.WriteMemory(_ap, plan.SlotAddress(slot), data);

    /// <summary>
    /// Publishes consecutive descriptors from <paramref name="firstSlot"/> (no wrap) in one memory command: address,
    /// length, sequence number each — the words go out in address order, so a descriptor's sequence number is
    /// written after its address and length.
    /// </summary>
    public void Publish(LoaderBankPlan plan, int firstSlot, IReadOnlyList<(uint Address, int Length, long Sequence)> descriptors)
    {
        var bytes = new byte[descriptors.Count * (int)DescSize];
        for (var i = 0; i < descriptors.Count; i++)
        {
            var at = bytes.AsSpan(i * (int)DescSize);
            BinaryPrimitives.WriteUInt32LittleEndian(at[(int)DescAddress..], descriptors[i].Address);
            BinaryPrimitives.WriteUInt32LittleEndian(at[(int)DescLength..], (uint)descriptors[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(at[(int)DescSequence..], (uint)descriptors[i].Sequence);
        }
        _session.WriteMemory(_ap, plan.Descriptors + (uint)firstSlot * DescSize, bytes);
    }

    /// <summary>Writes a command (<see cref="H7LoaderImage.Layout.CommandFinish"/>, <see cref="H7LoaderImage.Layout.CommandAbort"/>).</summary>
    public void Command(uint command) => _session.WriteWord(_ap, H7LoaderImage.ControlAddress + OffCommand, command);

    /// <summary>Changes the heartbeat word: the host is still there.</summary>
    public void Heartbeat() => _session.WriteWord(_ap, H7LoaderImage.ControlAddress + OffHeartbeat, ++_heartbeat);

    /// <summary>DHCSR of the primary core.</summary>
    public uint ReadDhcsr() => _session.ReadWord(_ap, ArmDebugRegisters.Dhcsr);

    /// <summary>Asks the primary core to halt (no wait).</summary>
    public void Halt() => _session.WriteWord(_ap, ArmDebugRegisters.Dhcsr, ArmDebugRegisters.DbgKey | ArmDebugRegisters.CHalt | ArmDebugRegisters.CDebugEn);

    /// <summary>Writes a core register through DCRDR/DCRSR (ARMv7-M C1.6.3, C1.6.4) and waits for S_REGRDY (bounded).</summary>
    private void WriteCoreRegister(int regsel, uint value)
    {
        _session.WriteWord(_ap, ArmDebugRegisters.Dcrdr, value);
        _session.WriteWord(_ap, ArmDebugRegisters.Dcrsr, (uint)regsel | ArmDebugRegisters.RegWnR);
        for (var poll = 0; poll < 100; poll++)
        {
            if ((ReadDhcsr() & ArmDebugRegisters.SRegRdy) != 0)
            {
                return;
            }
        }
        throw new LoaderCannotRunException($"the core did not take register {regsel} (DHCSR.S_REGRDY stayed 0)");
    }
}

/// <summary>The loader cannot run or stopped in a way the host-driven path can take over from; the message says why.</summary>
internal sealed class LoaderCannotRunException(string reason, Exception? inner = null) : Exception(reason, inner);
