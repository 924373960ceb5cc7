using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>The NVIC registers (B3.4: ISER, ICER, ISPR, ICPR, IABR, IPR) and the ITM stimulus port (C1.7).</summary>
public sealed partial class CortexMCore
{
    /// <summary>
    /// Interrupt lines wired on the STM32H745/H747 (RM0399, NVIC: 150 maskable interrupt channels for each core);
    /// the registers of lines 150–159 (inside ICTR's 160) read as zero and ignore writes.
    /// </summary>
    internal const int ImplementedInterrupts = 150;

    // ---- NVIC (B3.4) ---------------------------------------------------------------------------------------

    private uint ReadNvic(uint a)
    {
        var offset = a - 0xE000E100;
        if (offset >= 0x300)
        {
            var first = (int)(offset - 0x300) + 16; // IPR: one byte per interrupt
            uint v = 0;
            for (var i = 0; i < 4 && first + i < ExceptionCount; i++)
            {
                v |= (uint)_priority[first + i] << (8 * i);
            }
            return v;
        }
        var group = offset / 0x80; // 0 ISER, 1 ICER, 2 ISPR, 3 ICPR, 4 IABR, 5 reserved
        var baseIrq = (int)((offset % 0x80) / 4) * 32 + 16;
        uint bits = 0;
        for (var i = 0; i < 32 && baseIrq + i < ExceptionCount; i++)
        {
            var n = baseIrq + i;
            var set = group switch
            {
                0 or 1 => _irqEnabled[n],
                2 or 3 => _pendingEx[n],
                4 => _activeEx[n],
                _ => false,
            };
            if (set)
            {
                bits |= 1u << i;
            }
        }
        return bits;
    }

    private void WriteNvic(uint a, uint value, uint laneMask)
    {
        var offset = a - 0xE000E100;
        if (offset >= 0x300)
        {
            var first = (int)(offset - 0x300) + 16;
            for (var i = 0; i < 4 && first + i < 16 + ImplementedInterrupts; i++)
            {
                if (((laneMask >> (8 * i)) & 0xFF) != 0)
                {
                    _priority[first + i] = (byte)((value >> (8 * i)) & PriorityMask);
                }
            }
            _exceptionCheck = true;
            _attention = true;
            return;
        }
        var group = offset / 0x80;
        var baseIrq = (int)((offset % 0x80) / 4) * 32 + 16;
        value &= laneMask;
        for (var i = 0; i < 32 && baseIrq + i < 16 + ImplementedInterrupts; i++)
        {
            if ((value & (1u << i)) == 0)
            {
                continue;
            }
            var n = baseIrq + i;
            switch (group)
            {
                case 0: _irqEnabled[n] = true; break;
                case 1: _irqEnabled[n] = false; break;
                case 2: SetPending(n); break;
                case 3: _pendingEx[n] = false; RependIfAsserted(n); break;
            }
        }
        _exceptionCheck = true;
        _attention = true;
    }

    /// <summary>The level of each external interrupt input (by exception number), driven by the peripherals.</summary>
    private readonly bool[] _irqLine = new bool[ExceptionCount];

    /// <summary>
    /// Drives a level-sensitive external interrupt input (<paramref name="irq"/> is the NVIC position, 0-based). While
    /// the input is asserted the interrupt is pending unless it is active (ARMv7-M B3.4.1, level-sensitive
    /// interrupts): asserting it pends it, and it pends again when its handler returns or ICPR clears it while the
    /// input is still asserted. Deasserting it does not clear a pending state already latched.
    /// </summary>
    public void SetInterruptLine(int irq, bool asserted)
    {
        if (irq < 0 || irq >= ImplementedInterrupts)
        {
            return;
        }
        var n = irq + 16;
        _irqLine[n] = asserted;
        if (asserted && !_activeEx[n])
        {
            SetPending(n);
        }
    }

    /// <summary>Pends exception <paramref name="n"/> again when it is an external interrupt whose input is still asserted.</summary>
    private void RependIfAsserted(int n)
    {
        if (n >= 16 && n < ExceptionCount && _irqLine[n] && !_activeEx[n])
        {
            SetPending(n);
        }
    }

    /// <summary>Sets an external interrupt line pending (a peripheral's IRQ; <paramref name="irq"/> is the NVIC position, 0-based).</summary>
    public void SetInterruptPending(int irq)
    {
        if (irq >= 0 && irq < ImplementedInterrupts)
        {
            SetPending(irq + 16);
        }
    }

    // ---- ITM (C1.7) ----------------------------------------------------------------------------------------

    private uint _itmTer;
    private uint _itmTcr;

    private uint ReadItm(uint a) => a switch
    {
        < 0xE0000080 => 1, // stimulus port: FIFO ready
        0xE0000E00 => _itmTer,
        0xE0000E80 => _itmTcr,
        _ => 0,
    };

    private void WriteItm(uint a, uint value, uint laneMask)
    {
        if (a == 0xE0000000)
        {
            if ((_itmTcr & 1) != 0 && (_itmTer & 1) != 0)
            {
                _itm.Append((char)(value & laneMask & 0xFF));
            }
            return;
        }
        if (a == 0xE0000E00)
        {
            _itmTer = Merge(_itmTer, value, laneMask);
        }
        else if (a == 0xE0000E80)
        {
            _itmTcr = Merge(_itmTcr, value, laneMask);
        }
    }

    /// <summary>Enables ITM stimulus port 0 as a debugger with SWO capture would (so <see cref="ItmText"/> collects output).</summary>
    public void EnableItmCapture()
    {
        _itmTcr |= 1;
        _itmTer |= 1;
    }
}
