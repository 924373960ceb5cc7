namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class HaltOnlyCore
{
    /// <summary>DCRSR.REGWnR, bit 16: 1 = write DCRDR into the register, 0 = read the register into DCRDR.</summary>
    private const uint RegWnR = 1u << 16;

    /// <summary>DCRSR.REGSEL, bits 6:0.</summary>
    private const uint RegSelMask = 0x7F;

    /// <summary>
    /// A DCRSR write (ARMv7-M C1.6.4): moves one core register to or from DCRDR. Transfers complete at once, so
    /// S_REGRDY reads 1 again by the next DHCSR read. Outside Debug state the transfer is UNPREDICTABLE; the model
    /// does nothing then. Unknown selectors are ignored.
    /// </summary>
    private void TransferRegister(uint value)
    {
        if (!_halted)
        {
            return;
        }
        var selector = value & RegSelMask;
        var write = (value & RegWnR) != 0;
        if (write)
        {
            SetRegister(selector, _dcrdr);
        }
        else if (GetRegister(selector) is uint read)
        {
            _dcrdr = read;
        }
    }

    /// <summary>Reads a core register by its DCRSR selector; null for a selector the core does not have.</summary>
    public uint? GetRegister(uint selector)
    {
        switch (selector)
        {
            case <= 12:
                return _r[selector];
            case (uint)CoreRegisterSelector.SP:
                return CurrentStackIsProcess ? _psp : _msp;
            case (uint)CoreRegisterSelector.LR:
            case (uint)CoreRegisterSelector.DebugReturnAddress:
                return _r[selector];
            case (uint)CoreRegisterSelector.XPSR:
                return _xpsr;
            case (uint)CoreRegisterSelector.MSP:
                return _msp;
            case (uint)CoreRegisterSelector.PSP:
                return _psp;
            case (uint)CoreRegisterSelector.Special:
                return _special;
            case (uint)CoreRegisterSelector.FPSCR:
                return _fpscr;
            case >= (uint)CoreRegisterSelector.S0 and < (uint)CoreRegisterSelector.S0 + 32:
                return _s[selector - (uint)CoreRegisterSelector.S0];
            default:
                return null;
        }
    }

    /// <summary>Writes a core register by its DCRSR selector; unknown selectors are ignored.</summary>
    public void SetRegister(uint selector, uint value)
    {
        switch (selector)
        {
            case <= 12:
                _r[selector] = value;
                break;
            case (uint)CoreRegisterSelector.SP:
                if (CurrentStackIsProcess)
                {
                    _psp = value & ~3u;
                }
                else
                {
                    _msp = value & ~3u;
                }
                break;
            case (uint)CoreRegisterSelector.LR:
                _r[14] = value;
                break;
            case (uint)CoreRegisterSelector.DebugReturnAddress:
                _r[15] = value & ~1u; // bit 0 of the return address is ignored (C1.6.4)
                break;
            case (uint)CoreRegisterSelector.XPSR:
                _xpsr = value;
                break;
            case (uint)CoreRegisterSelector.MSP:
                _msp = value & ~3u;
                break;
            case (uint)CoreRegisterSelector.PSP:
                _psp = value & ~3u;
                break;
            case (uint)CoreRegisterSelector.Special:
                // CONTROL keeps bits 2:0 (FPCA, SPSEL, nPRIV), FAULTMASK and PRIMASK bit 0, BASEPRI 8 bits.
                _special = value & 0x0701_FF01;
                break;
            case (uint)CoreRegisterSelector.FPSCR:
                _fpscr = value;
                break;
            case >= (uint)CoreRegisterSelector.S0 and < (uint)CoreRegisterSelector.S0 + 32:
                _s[selector - (uint)CoreRegisterSelector.S0] = value;
                break;
        }
    }

    /// <summary>Thread mode with CONTROL.SPSEL set uses the process stack (B1.4.4).</summary>
    private bool CurrentStackIsProcess => (_xpsr & 0x1FF) == 0 && ((_special >> 24) & 2) != 0;
}
