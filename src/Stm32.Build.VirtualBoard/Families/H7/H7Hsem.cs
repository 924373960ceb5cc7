using Stm32.Build.Execution;
using Stm32.Build.Registers;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>The state of one hardware semaphore.</summary>
/// <param name="Locked">Whether it is taken.</param>
/// <param name="CoreId">The COREID of the master that took it (0 when free).</param>
/// <param name="ProcessId">The PROCID written with a 2-step lock (0 for a 1-step lock or when free).</param>
public readonly record struct Semaphore(bool Locked, int CoreId, int ProcessId);

/// <summary>
/// The STM32H7 hardware semaphore block (RM0399 chapter 10 HSEM; RM0433/RM0468 for the single-core parts):
/// <list type="bullet">
/// <item>32 semaphores. 2-step lock: a write of HSEM_Rx with LOCK = 1, COREID and PROCID takes a free semaphore
/// when the written COREID is the writing master's, then software reads it back; a write to a taken semaphore has no
/// effect. 1-step lock: a read of HSEM_RLRx takes a free semaphore for the reading master with PROCID 0 and returns
/// LOCK | COREID; on a taken one it returns its owner. Unlock: a write of HSEM_Rx with LOCK = 0 by the owning master
/// with the semaphore's COREID and PROCID. HSEM_CR with KEY = HSEM_KEYR.KEY frees every semaphore of its COREID.</item>
/// <item>COREID of the bus masters (RM0399 HSEM "AHB bus master ID verification"; ST's HAL HSEM_CPU1_COREID = 3,
/// HSEM_CPU2_COREID = 1): the Cortex-M7 is 3, the Cortex-M4 is 1. A debugger's access through a core's access port
/// reaches the bus through that core and carries its ID; any other master (a system AHB-AP) is unauthorized: its
/// writes are discarded and its RLR reads return 0 without locking.</item>
/// <item>Interrupts: every release sets the semaphore's bit in HSEM_CnISR of every CPU; HSEM_CnMISR = ISR &amp; IER;
/// CPU n's interrupt (HSEM1 to the Cortex-M7, HSEM2 to the Cortex-M4) is asserted while its MISR is not 0, and the same
/// signal feeds the EXTI direct event inputs 77/78 (<see cref="InterruptOutputChanged"/>); HSEM_CnICR bits written 1
/// clear ISR bits.</item>
/// </list>
/// Registers are accessed as words (RM0399 HSEM registers); the model ignores byte and halfword writes (a narrow read of
/// RLR locks like a word read). With a clock tree, the block ignores writes and reads 0 while RCC_AHB4ENR.HSEMEN is clear.
/// </summary>
public sealed class H7Hsem : Peripheral
{
    /// <summary>The number of semaphores.</summary>
    public const int Count = 32;

    /// <summary>The COREID of the Cortex-M7 (CPU1).</summary>
    public const int Cm7CoreId = 3;

    /// <summary>The COREID of the Cortex-M4 (CPU2).</summary>
    public const int Cm4CoreId = 1;

    private const uint LockBit = 1u << 31;
    private const uint RlrOffset = 0x80, CpuOffset = 0x100, CrOffset = 0x140, KeyrOffset = 0x144;

    private readonly uint[] _semaphores = new uint[Count];
    private readonly PeripheralClock _clock;
    private readonly uint[] _ier = new uint[2];
    private readonly uint[] _isr = new uint[2];
    private readonly InterruptLine[] _interrupts;
    private readonly bool[] _outputs = new bool[2];
    private uint _key;
    private bool _reportedUnclocked;

    /// <summary>Declares the HSEM from its register-table entry.</summary>
    public H7Hsem(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _clock = new PeripheralClock(context, "hsem", 0);
        Registers.Declare(info);
        foreach (var register in Registers.Registers)
        {
            register.Modelled(); // every register's behaviour is below, by the manual's offsets
        }
        _interrupts = [context.Interrupt("HSEM1"), context.Interrupt("HSEM2")];
    }

    /// <summary>Raised when CPU n's semaphore interrupt signal changes (n = 0 for CPU1, 1 for CPU2): it feeds the EXTI.</summary>
    public event Action<int, bool>? InterruptOutputChanged;

    /// <summary>The state of semaphore <paramref name="index"/>.</summary>
    public Semaphore State(int index)
    {
        var value = _semaphores[index];
        return new Semaphore((value & LockBit) != 0, (int)((value >> 8) & 0xF), (int)(value & 0xFF));
    }

    /// <summary>The COREID of the master making an access, or null for a master the HSEM does not authorize.</summary>
    public int? MasterCoreId(BusInitiator initiator)
    {
        var core = initiator.Kind == BusInitiatorKind.Core
            ? initiator.Index
            : Context.Device.Cores.ToList().FindIndex(c => c.AccessPort == initiator.Index);
        return core switch
        {
            0 => Cm7CoreId,
            1 => Cm4CoreId,
            _ => null,
        };
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        Array.Clear(_semaphores);
        Array.Clear(_ier);
        Array.Clear(_isr);
        _key = 0;
        _reportedUnclocked = false;
        UpdateInterrupts();
    }

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        value = 0;
        if (!Clocked(offset))
        {
            return BusStatus.Ok;
        }
        if (offset < RlrOffset)
        {
            value = MasterCoreId(initiator) is null ? 0 : _semaphores[offset / 4];
        }
        else if (offset < CpuOffset)
        {
            value = ReadLock((int)((offset - RlrOffset) / 4), initiator);
        }
        else if (offset < CpuOffset + 0x20 && Cpu(offset) is { } cpu)
        {
            value = ((offset & 0xF) >> 2) switch
            {
                0 => _ier[cpu],
                1 => 0, // ICR: write-only clear bits
                2 => _isr[cpu],
                _ => _isr[cpu] & _ier[cpu],
            };
        }
        else if (offset == KeyrOffset)
        {
            value = _key;
        }
        else if (offset != CrOffset)
        {
            return base.ReadWord(offset, initiator, out value);
        }
        return BusStatus.Ok;
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        if (!Clocked(offset) || laneMask != 0xFFFF_FFFF)
        {
            return BusStatus.Ok;
        }
        if (offset < RlrOffset)
        {
            WriteSemaphore((int)(offset / 4), value, initiator);
        }
        else if (offset < CpuOffset)
        {
            // RLR is read-only
        }
        else if (offset < CpuOffset + 0x20 && Cpu(offset) is { } cpu)
        {
            switch ((offset & 0xF) >> 2)
            {
                case 0:
                    _ier[cpu] = value;
                    break;
                case 1:
                    _isr[cpu] &= ~value;
                    break;
            }
            UpdateInterrupts();
        }
        else if (offset == CrOffset)
        {
            ClearByKey(value, initiator);
        }
        else if (offset == KeyrOffset)
        {
            _key = value & 0xFFFF_0000;
        }
        else
        {
            return base.WriteWord(offset, value, laneMask, initiator);
        }
        return BusStatus.Ok;
    }

    /// <summary>The CPU whose interrupt registers are at <paramref name="offset"/> (0x100 CPU1, 0x110 CPU2), if the part has it.</summary>
    private int? Cpu(uint offset)
    {
        var cpu = (int)((offset - CpuOffset) / 0x10);
        return cpu < Math.Max(1, Math.Min(2, Context.Device.Cores.Count)) ? cpu : null;
    }

    private uint ReadLock(int index, BusInitiator initiator)
    {
        if (MasterCoreId(initiator) is not { } coreId)
        {
            return 0;
        }
        if ((_semaphores[index] & LockBit) == 0)
        {
            _semaphores[index] = LockBit | (uint)coreId << 8;
        }
        return _semaphores[index];
    }

    private void WriteSemaphore(int index, uint value, BusInitiator initiator)
    {
        if (MasterCoreId(initiator) is not { } coreId)
        {
            return;
        }
        var current = _semaphores[index];
        var writtenCore = (int)((value >> 8) & 0xF);
        if ((value & LockBit) != 0)
        {
            if ((current & LockBit) == 0 && writtenCore == coreId)
            {
                _semaphores[index] = value & (LockBit | 0xFFF);
            }
            return;
        }
        if ((current & LockBit) != 0 && (current & 0xFFF) == (value & 0xFFF) && writtenCore == coreId)
        {
            Release(index);
        }
    }

    private void ClearByKey(uint value, BusInitiator initiator)
    {
        if (MasterCoreId(initiator) is null || (value & 0xFFFF_0000) != _key)
        {
            return;
        }
        var coreId = (value >> 8) & 0xF;
        for (var i = 0; i < Count; i++)
        {
            if ((_semaphores[i] & LockBit) != 0 && ((_semaphores[i] >> 8) & 0xF) == coreId)
            {
                Release(i);
            }
        }
    }

    private void Release(int index)
    {
        _semaphores[index] = 0;
        for (var cpu = 0; cpu < _isr.Length; cpu++)
        {
            _isr[cpu] |= 1u << index;
        }
        UpdateInterrupts();
    }

    private void UpdateInterrupts()
    {
        for (var cpu = 0; cpu < 2; cpu++)
        {
            var asserted = (_isr[cpu] & _ier[cpu]) != 0;
            _interrupts[cpu].Set(asserted);
            if (_outputs[cpu] != asserted)
            {
                _outputs[cpu] = asserted;
                InterruptOutputChanged?.Invoke(cpu, asserted);
            }
        }
    }

    private bool Clocked(uint offset)
    {
        if (_clock.IsRunning)
        {
            return true;
        }
        if (!_reportedUnclocked)
        {
            _reportedUnclocked = true;
            Context.Log.Add(new UnmodelledAccess(Name, Registers.At(offset)?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, 0,
                "ignored: the HSEM clock is off (RCC_AHB4ENR.HSEMEN clear), so it reads 0 and nothing is locked or released"));
        }
        return false;
    }
}
