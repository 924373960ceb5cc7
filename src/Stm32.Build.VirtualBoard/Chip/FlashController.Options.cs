using Stm32.Build.Devices;
namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class FlashController
{
    /// <summary>
    /// CRCSADDxR/CRCEADDxR (RM0399 4.9.22/4.9.23): the address with bits 1:0 reserved; the unit uses bits 19:2, the
    /// offset within the 1 MiB bank, so an absolute address (as ST's HAL writes) and a bank offset both work.
    /// </summary>
    internal const uint CrcAddressMask = 0x000F_FFFC;

    /// <summary>The OPTSR_PRG bits whose effect the model implements: RDP, BCM4, BCM7.</summary>
    private static readonly uint s_modelledOptsrBits = FlashOptSr.RDP.Mask | FlashOptSr.BCM4.Mask | FlashOptSr.BCM7.Mask;

    /// <summary>An option byte change in flight: the values to store and whether it regresses RDP to level 0.</summary>
    private sealed record PendingOptionChange(OptionByteValues Values, long EndNs, bool Refused)
    {
        public bool Regression { get; init; }
    }

    /// <summary>
    /// FLASH_OPTCR (RM0399 4.9.7): ignored while OPTLOCK is set. OPTLOCK = 1 relocks, OPTSTART starts an option
    /// change, MER starts a mass erase of both banks.
    /// </summary>
    private void WriteOptcr(uint value)
    {
        if (!_optKeys.IsUnlocked)
        {
            return;
        }
        _optcrControl = value & FlashOptCr.OPTCHANGEERRIE;
        if ((value & FlashOptCr.MER) != 0)
        {
            StartMassErase();
        }
        if ((value & FlashOptCr.OPTSTART) != 0)
        {
            StartOptionChange();
        }
        if ((value & FlashOptCr.OPTLOCK) != 0)
        {
            _optKeys.Relock();
        }
    }

    /// <summary>The *_PRG option registers accept writes only while OPTCR is unlocked (RM0399 4.4.2).</summary>
    private void WriteOptionRegister(FlashRegister register, uint address, uint value, int bankIndex = 0)
    {
        if (!_optKeys.IsUnlocked)
        {
            return;
        }
        switch (register)
        {
            case FlashRegister.OPTSR_PRG:
                var optsr = value & FlashOptSr.ProgrammableMask;
                var unmodelled = (optsr ^ OptionByteValues.FactoryOptsr) & ~s_modelledOptsrBits & FlashOptSr.ProgrammableMask;
                if (unmodelled != 0)
                {
                    _log.Add(new UnmodelledAccess("FLASH", "OPTSR_PRG", address, unmodelled,
                        "stored and persisted; BOR, watchdog, reset-on-low-power, security, IO_HSLV and bank swap are not modelled"));
                }
                _prg = _prg with { Optsr = optsr };
                break;
            case FlashRegister.BOOT7_PRGR:
                _prg = _prg with { Boot7 = value };
                break;
            case FlashRegister.BOOT4_PRGR:
                _prg = _prg with { Boot4 = _device.Cores.Count > 1 ? value : 0 };
                break;
            case FlashRegister.PRAR_PRG1:
                _prg.Prar[bankIndex] = value & 0x8FFF_0FFF;
                LogProtectionArea("PRAR_PRG", address, value, "PCROP is stored, not enforced");
                break;
            case FlashRegister.SCAR_PRG1:
                _prg.Scar[bankIndex] = value & 0x8FFF_0FFF;
                LogProtectionArea("SCAR_PRG", address, value, "the secure area is stored, not enforced");
                break;
            case FlashRegister.WPSN_PRG1R:
                _prg.Wpsn[bankIndex] = value & 0xFF;
                break;
        }
    }

    private void LogProtectionArea(string name, uint address, uint value, string note)
    {
        var start = value & 0xFFF;
        var end = (value >> 16) & 0xFFF;
        if (start <= end)
        {
            _log.Add(new UnmodelledAccess("FLASH", name, address, value, note));
        }
    }

    /// <summary>
    /// OPTSTART (RM0399 4.4.2, 4.8.3): copies the *_PRG registers into the option bytes, taking
    /// <see cref="FlashTimings.OptionByteChange"/> with OPT_BUSY set. At RDP level 2 the change is refused
    /// (OPTCHANGEERR) — level 2 is final. Going from level 1 back to level 0 erases both banks first (a mass erase,
    /// charged with the mass erase time).
    /// </summary>
    private void StartOptionChange()
    {
        if (_optionChange is not null)
        {
            return;
        }
        _counters.OptionByteWrites++;
        var changes = OptionByteChanges.Between(_stored, _prg);
        Activity?.Invoke(ChipEventKind.OptionBytesChanged, 0, _prg.Optsr, changes.Count == 0
            ? "option-byte change started (OPTSTART), no value differs"
            : "option-byte change started (OPTSTART): " + string.Join(", ", changes));
        var now = Math.Max(_now(), _banks.Max(b => b.BusyUntil));
        if (_stored.ReadoutLevel == 2)
        {
            _optionChange = new PendingOptionChange(_prg.Copy(), now + Nanoseconds(FlashTimings.OptionByteChange), Refused: true);
            CompletionScheduled?.Invoke(_optionChange.EndNs);
            return;
        }
        var duration = FlashTimings.OptionByteChange;
        var regression = _stored.ReadoutLevel == 1 && _prg.ReadoutLevel == 0;
        if (regression)
        {
            duration += FlashTimings.BankErase[(int)FlashCr.PSIZE.Get(_banks[0].Cr)];
            foreach (var bank in _banks)
            {
                _counters.BankErases[bank.Index]++;
            }
        }
        _optionChange = new PendingOptionChange(_prg.Copy(), now + Nanoseconds(duration), Refused: false) { Regression = regression };
        CompletionScheduled?.Invoke(_optionChange.EndNs);
    }

    private void FinishOptionChange(PendingOptionChange change)
    {
        _optionChange = null;
        if (change.Refused)
        {
            _optChangeError = true;
            _prg = _stored.Copy();
            return;
        }
        if (change.Regression)
        {
            foreach (var bank in _banks)
            {
                Erase(bank, 0, bank.Data.Length);
            }
        }
        _stored = change.Values.Copy();
        _prg = _stored.Copy();
    }

    /// <summary>
    /// FLASH_CRCCRx (RM0399 4.9.21): CLEAN_SECT empties the sector list, ADD_SECT adds CRC_SECT, CLEAN_CRC zeroes
    /// CRCDATA, START_CRC computes over the whole bank (ALL_BANK), the sector list (CRC_BY_SECT) or
    /// CRCSADD..CRCEADD, in whole bursts; needs CRC_EN in FLASH_CRx. The result appears in CRCDATA with CRCEND.
    /// </summary>
    private void WriteCrcCr(BankState bank, uint value)
    {
        var keep = FlashCrcCr.CRC_SECT.Mask | FlashCrcCr.CRC_BY_SECT.Mask | FlashCrcCr.CRC_BURST.Mask | FlashCrcCr.ALL_BANK.Mask;
        bank.CrcCr = value & keep;
        if (!FlashCr.CRC_EN.IsSet(bank.Cr))
        {
            return;
        }
        if (FlashCrcCr.CLEAN_SECT.IsSet(value))
        {
            bank.CrcSectors.Clear();
        }
        if (FlashCrcCr.ADD_SECT.IsSet(value))
        {
            var sector = (int)FlashCrcCr.CRC_SECT.Get(value);
            if (sector < bank.Description.SectorCount && !bank.CrcSectors.Contains(sector))
            {
                bank.CrcSectors.Add(sector);
            }
        }
        if (FlashCrcCr.CLEAN_CRC.IsSet(value))
        {
            _crcData = 0;
        }
        if (FlashCrcCr.START_CRC.IsSet(value) && bank.CrcBusyUntil < 0)
        {
            var burst = Stm32H7FlashCrc.BurstBytes(FlashCrcCr.CRC_BURST.Get(value));
            var ranges = new List<(int Start, int End)>();
            if (FlashCrcCr.ALL_BANK.IsSet(value))
            {
                ranges.Add((0, bank.Data.Length));
            }
            else if (FlashCrcCr.CRC_BY_SECT.IsSet(value))
            {
                foreach (var sector in bank.CrcSectors.Order())
                {
                    var start = sector * (int)bank.Description.SectorSize;
                    ranges.Add((start, start + (int)bank.Description.SectorSize));
                }
            }
            else
            {
                // Whole bursts from the one holding CRC_START_ADDR to the one holding CRC_END_ADDR.
                var start = (int)(bank.CrcStart & CrcAddressMask) / burst * burst;
                var end = Math.Min(((int)(bank.CrcEnd & CrcAddressMask) / burst + 1) * burst, bank.Data.Length);
                if (end > start)
                {
                    ranges.Add((start, end));
                }
            }
            var crc = Stm32H7FlashCrc.InitialValue;
            long bytes = 0;
            foreach (var (start, end) in ranges)
            {
                crc = Stm32H7FlashCrc.Compute(bank.Data.AsSpan(start, end - start), crc);
                bytes += end - start;
            }
            bank.CrcResult = crc;
            bank.CrcBusyUntil = _now() + Math.Max(1, bytes * Nanoseconds(FlashTimings.CrcPerKiB) / 1024);
            CompletionScheduled?.Invoke(bank.CrcBusyUntil);
        }
    }
}
