using Stm32.Build.Execution;

namespace Stm32.Build.Emulator.Cpu;

/// <summary>
/// The NVIC registers (ARMv7-M B3.4: ISER, ICER, ISPR, ICPR, IABR, IPR; ARMv6-M B3.4: the same without IABR),
/// the level-sensitive interrupt inputs and the ITM stimulus port (C1.7, ARMv7-M only).
/// </summary>
public sealed partial class CortexMCore
{
    // ---- NVIC (B3.4) ---------------------------------------------------------------------------------------

    private uint ReadNvic(uint a)
    {
        var offset = a - 0xE000E100;
        if (offset >= 0x300)
        {
            var first = (int)(offset - 0x300) + 16; // IPR: one byte per interrupt
            uint v = 0;
            for (var i = 0; i < 4 && first + i < _exceptionCount; i++)
            {
                v |= (uint)_priority[first + i] << (8 * i);
            }
            return v;
        }
        var group = offset / 0x80; // 0 ISER, 1 ICER, 2 ISPR, 3 ICPR, 4 IABR (ARMv7-M), 5 reserved
        var baseIrq = (int)((offset % 0x80) / 4) * 32 + 16;
        uint bits = 0;
        for (var i = 0; i < 32 && baseIrq + i < _exceptionCount; i++)
        {
            var n = baseIrq + i;
            var set = group switch
            {
                0 or 1 => _irqEnabled[n],
                2 or 3 => _pendingEx[n],
                4 => _activeEx[n] && !_isV6M,
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
        var limit = 16 + _profile.Interrupts;
        if (offset >= 0x300)
        {
            var first = (int)(offset - 0x300) + 16;
            for (var i = 0; i < 4 && first + i < limit; i++)
            {
                if (((laneMask >> (8 * i)) & 0xFF) != 0)
                {
                    _priority[first + i] = (byte)((value >> (8 * i)) & _priorityMask);
                }
            }
            _exceptionCheck = true;
            _attention = true;
            return;
        }
        var group = offset / 0x80;
        var baseIrq = (int)((offset % 0x80) / 4) * 32 + 16;
        value &= laneMask;
        for (var i = 0; i < 32 && baseIrq + i < limit; i++)
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
                case 3:
                    // ICPR: an interrupt whose line is still asserted stays pending unless it is active (B3.4.1).
                    _pendingEx[n] = _lineAsserted[n] && !_activeEx[n];
                    break;
            }
        }
        _exceptionCheck = true;
        _attention = true;
    }

    /// <summary>Sets an external interrupt pending once (a pulse on line <paramref name="irq"/>, the NVIC position, 0-based).</summary>
    public void SetInterruptPending(int irq)
    {
        CheckInterruptLine(irq);
        SetPending(irq + 16);
    }

    /// <inheritdoc />
    public void SetInterruptLine(int irq, bool asserted)
    {
        CheckInterruptLine(irq);
        var n = irq + 16;
        var wasAsserted = _lineAsserted[n];
        _lineAsserted[n] = asserted;
        if (asserted && !wasAsserted)
        {
            SetPending(n); // a rising edge pends the interrupt, also while it is active
        }
    }

    private void CheckInterruptLine(int irq)
    {
        if (irq < 0 || irq >= _profile.Interrupts)
        {
            throw new ArgumentOutOfRangeException(nameof(irq), irq, $"{Name} has interrupt lines 0 to {_profile.Interrupts - 1}");
        }
    }

    /// <summary>After a reset clears the NVIC, lines the board still asserts are pending again (B3.4.1: asserted and not active).</summary>
    private void PendAssertedLines()
    {
        for (var n = 16; n < _exceptionCount; n++)
        {
            if (_lineAsserted[n])
            {
                _pendingEx[n] = true;
                _exceptionCheck = true;
                _attention = true;
            }
        }
    }

    // ---- ITM (C1.7) ----------------------------------------------------------------------------------------

    private uint _itmTer;
    private uint _itmTcr;

    private uint ReadItm(uint a) => _isV6M ? 0 : a switch
    {
        < 0xE0000080 => 1, // stimulus port: FIFO ready
        0xE0000E00 => _itmTer,
        0xE0000E80 => _itmTcr,
        _ => 0,
    };

    private void WriteItm(uint a, uint value, uint laneMask)
    {
        if (_isV6M)
        {
            return; // no ITM on ARMv6-M processors
        }
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
