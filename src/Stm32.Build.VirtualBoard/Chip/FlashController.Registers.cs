using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class FlashController
{
    /// <summary>The offset of bank 2's registers (RM0399 4.9: bank 2 at +0x100).</summary>
    private const uint Bank2Offset = 0x100;

    /// <summary>Reads a flash interface register at <paramref name="offset"/> from the block base.</summary>
    internal BusStatus ReadRegister(uint offset, AccessSize size, out uint value)
    {
        CompleteDue(_now());
        var aligned = offset & ~3u;
        var word = ReadWord(aligned);
        value = Lanes.Extract(word, offset, size);
        return BusStatus.Ok;
    }

    /// <summary>Writes a flash interface register; a key register write in a blocked sequence is a bus error.</summary>
    internal BusStatus WriteRegister(uint offset, AccessSize size, uint value)
    {
        CompleteDue(_now());
        var aligned = offset & ~3u;
        if (size != AccessSize.Word)
        {
            var shift = (int)(offset & 3) * 8;
            var mask = ((1u << ((int)size * 8)) - 1) << shift;
            value = (value << shift) & mask;
            // Key registers take whole words; a partial write is a wrong key.
            if (IsKeyRegister(aligned))
            {
                value = 0;
            }
        }
        var status = WriteWord(aligned, value);
        UpdateInterrupt();
        return status;
    }

    private static bool IsKeyRegister(uint aligned) =>
        aligned is (uint)FlashRegister.KEYR1 or (uint)FlashRegister.KEYR2 or (uint)FlashRegister.OPTKEYR
            or (uint)FlashRegister.OPTKEYR + Bank2Offset;

    /// <summary>The bank a per-bank register offset belongs to, and the bank-1 offset it corresponds to.</summary>
    private (BankState? Bank, FlashRegister Register) Decode(uint aligned)
    {
        var bankIndex = aligned >= Bank2Offset ? 1 : 0;
        var register = (FlashRegister)(aligned % Bank2Offset);
        return (bankIndex < _banks.Length ? _banks[bankIndex] : null, register);
    }

    private uint ReadWord(uint aligned)
    {
        var (bank, register) = Decode(aligned);
        switch (register)
        {
            case FlashRegister.ACR:
                return _acr;
            case FlashRegister.OPTCR:
                return (_optKeys.IsUnlocked ? 0 : FlashOptCr.OPTLOCK)
                    | (_optionChange is not null ? FlashOptCr.OPTSTART : 0)
                    | _optcrControl
                    | (FlashOptSr.SWAP_BANK_OPT.IsSet(_stored.Optsr) ? FlashOptCr.SWAP_BANK : 0);
            case FlashRegister.OPTSR_CUR:
                return (_stored.Optsr & ~(FlashOptSr.OPT_BUSY.Mask | FlashOptSr.OPTCHANGEERR.Mask))
                    | (_optionChange is not null ? FlashOptSr.OPT_BUSY.Mask : 0)
                    | (_optChangeError ? FlashOptSr.OPTCHANGEERR.Mask : 0);
            case FlashRegister.OPTSR_PRG:
                return _prg.Optsr & FlashOptSr.ProgrammableMask;
            case FlashRegister.BOOT7_CURR:
                return _stored.Boot7;
            case FlashRegister.BOOT7_PRGR:
                return _prg.Boot7;
            case FlashRegister.BOOT4_CURR:
                return _stored.Boot4;
            case FlashRegister.BOOT4_PRGR:
                return _prg.Boot4;
            case FlashRegister.CRCDATAR:
                return _crcData;
            case FlashRegister.KEYR1:
            case FlashRegister.OPTKEYR:
            case FlashRegister.CCR1:
            case FlashRegister.OPTCCR:
                return 0; // write-only
        }
        if (bank is null)
        {
            return 0;
        }
        return register switch
        {
            FlashRegister.CR1 => bank.Cr,
            FlashRegister.SR1 => StatusOf(bank),
            FlashRegister.PRAR_CUR1 => _stored.Prar[bank.Index],
            FlashRegister.PRAR_PRG1 => _prg.Prar[bank.Index],
            FlashRegister.SCAR_CUR1 => _stored.Scar[bank.Index],
            FlashRegister.SCAR_PRG1 => _prg.Scar[bank.Index],
            FlashRegister.WPSN_CUR1R => _stored.Wpsn[bank.Index],
            FlashRegister.WPSN_PRG1R => _prg.Wpsn[bank.Index],
            FlashRegister.CRCCR1 => bank.CrcCr,
            FlashRegister.CRCSADD1R => bank.CrcStart,
            FlashRegister.CRCEADD1R => bank.CrcEnd,
            FlashRegister.ECC_FA1R => bank.EccFailAddress,
            _ => 0, // reserved: read as zero
        };
    }

    private BusStatus WriteWord(uint aligned, uint value)
    {
        var address = _device.FlashRegistersBase + aligned;
        var (bank, register) = Decode(aligned);
        switch (register)
        {
            case FlashRegister.ACR:
                _acr = value & 0x3F;
                if (AcrWritten is { } written)
                {
                    written(_acr); // the clock controller checks the wait states against the clock (FLASH_ACR, RM0399 4.3.8)
                }
                else
                {
                    _log.Add(new UnmodelledAccess("FLASH", "ACR", address, value & 0x3F,
                        "stored; wait states and programming delay do not change the model's timing"));
                }
                return BusStatus.Ok;
            case FlashRegister.OPTKEYR:
                return _optKeys.Write(value) ? BusStatus.Ok : BusStatus.Fault;
            case FlashRegister.OPTCR:
                WriteOptcr(value);
                return BusStatus.Ok;
            case FlashRegister.OPTCCR:
                if ((value & FlashOptSr.OPTCHANGEERR.Mask) != 0)
                {
                    _optChangeError = false;
                }
                return BusStatus.Ok;
            case FlashRegister.OPTSR_PRG:
                WriteOptionRegister(register, address, value);
                return BusStatus.Ok;
            case FlashRegister.BOOT7_PRGR:
            case FlashRegister.BOOT4_PRGR:
                WriteOptionRegister(register, address, value);
                return BusStatus.Ok;
            case FlashRegister.OPTSR_CUR:
            case FlashRegister.BOOT7_CURR:
            case FlashRegister.BOOT4_CURR:
            case FlashRegister.CRCDATAR:
                return BusStatus.Ok; // read-only
        }
        if (bank is null)
        {
            _log.Add(new UnmodelledAccess("FLASH", $"0x{aligned:X3}", address, value, "write to a register of a bank the device does not have: ignored"));
            return BusStatus.Ok;
        }
        switch (register)
        {
            case FlashRegister.KEYR1:
                if (!bank.Keys.Write(value))
                {
                    return BusStatus.Fault;
                }
                if (bank.Keys.IsUnlocked)
                {
                    bank.Cr &= ~FlashCr.LOCK.Mask;
                }
                return BusStatus.Ok;
            case FlashRegister.CR1:
                WriteCr(bank, value);
                return BusStatus.Ok;
            case FlashRegister.CCR1:
                bank.Sr &= ~(value & FlashSr.ClearableMask);
                return BusStatus.Ok;
            case FlashRegister.PRAR_PRG1:
            case FlashRegister.SCAR_PRG1:
            case FlashRegister.WPSN_PRG1R:
                WriteOptionRegister(register, address, value, bank.Index);
                return BusStatus.Ok;
            case FlashRegister.CRCCR1:
                WriteCrcCr(bank, value);
                return BusStatus.Ok;
            case FlashRegister.CRCSADD1R:
                bank.CrcStart = value & ~3u;
                return BusStatus.Ok;
            case FlashRegister.CRCEADD1R:
                bank.CrcEnd = value & ~3u;
                return BusStatus.Ok;
            case FlashRegister.PRAR_CUR1:
            case FlashRegister.SCAR_CUR1:
            case FlashRegister.WPSN_CUR1R:
            case FlashRegister.SR1:
            case FlashRegister.ECC_FA1R:
                return BusStatus.Ok; // read-only
            default:
                _log.Add(new UnmodelledAccess("FLASH", $"0x{aligned:X3}", address, value, "write to a reserved offset: ignored"));
                return BusStatus.Ok;
        }
    }

    /// <summary>
    /// FLASH_CRx (RM0399 4.9.4): ignored while locked; LOCK set by writing 1; FW forces the write buffer out;
    /// START launches the erase SER/BER select; the interrupt enables drive the FLASH interrupt (4.7). Clearing PG
    /// with a partly filled buffer loses the buffer and raises PGSERR (model decision, see docs/virtual-board/chip.md).
    /// </summary>
    private void WriteCr(BankState bank, uint value)
    {
        if (FlashCr.LOCK.IsSet(bank.Cr))
        {
            return; // RM0399 4.9.4: CRx cannot be written while LOCK is set
        }
        var old = bank.Cr;
        var cr = (old & ~FlashCr.WritableMask) | (value & FlashCr.WritableMask);
        if (FlashCr.PG.IsSet(old) && !FlashCr.PG.IsSet(cr) && bank.BufferMask != 0)
        {
            bank.ClearBuffer();
            bank.Sr |= FlashSr.PGSERR;
        }
        var force = FlashCr.FW.IsSet(value);
        var start = FlashCr.START.IsSet(value);
        bank.Cr = cr & ~(FlashCr.FW.Mask | FlashCr.START.Mask);
        if (force)
        {
            ForceWrite(bank);
        }
        if (start)
        {
            StartErase(bank);
        }
        if (FlashCr.LOCK.IsSet(value))
        {
            bank.Cr |= FlashCr.LOCK.Mask;
            bank.Keys.Relock();
        }
    }
}
