using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Peripherals;

namespace Stm32.Build.Preflight;

internal sealed partial class FindingBuilder
{
    private void FlashWrites(IReadOnlyList<ChipEvent> events)
    {
        var writes = events.Where(e => e.Core >= 0 && e.Kind is ChipEventKind.FlashErased or ChipEventKind.FlashProgrammed).ToList();
        if (writes.Count == 0)
        {
            return;
        }
        var first = writes[0];
        var erases = writes.Where(e => e.Kind == ChipEventKind.FlashErased).Select(e => e.Message.Replace(" started", "")).Distinct().ToList();
        var words = writes.Count(e => e.Kind == ChipEventKind.FlashProgrammed);
        var firstWord = writes.FirstOrDefault(e => e.Kind == ChipEventKind.FlashProgrammed);
        var parts = new List<string>();
        if (erases.Count > 0)
        {
            parts.Add("erases " + string.Join(", ", erases));
        }
        if (words > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"programs {words} flash word(s), the first at 0x{firstWord!.Address:X8}"));
        }
        var overlap = erases.Count > 0 && writes.Where(e => e.Kind == ChipEventKind.FlashErased).Any(e => ImageBytesIn(e.Address, e.Value));
        var t = Ms(run.Ms(first.TimeNs));
        _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightFlashWrittenByFirmware, DiagnosticSeverity.Warning,
            $"{CoreName(first.Core)} writes flash itself {t} ms after reset{At(first.Pc)}: {string.Join("; ", parts)}",
            overlap
                ? "the firmware erases part of its own image at every boot: the next reset runs a damaged image"
                : "at every boot the firmware erases and rewrites flash outside its image: whatever the programmer or an earlier run left there is lost, and a flash that skips unchanged sectors sees them differ",
            "keep firmware-written data in sectors no image uses (reserve them in the linker script); expected for bootloaders, EEPROM emulation and data loggers"),
            first.Core, first.TimeNs, first.Pc, first.Address));
    }

    /// <summary>Whether an image has bytes in the sector erased at <paramref name="start"/> (value: sector number, or all ones for a bank).</summary>
    private bool ImageBytesIn(uint start, uint sector)
    {
        var bank = request.Device.FindBank(start);
        if (bank is null)
        {
            return false;
        }
        var end = sector == uint.MaxValue ? bank.End : (ulong)start + bank.SectorSize;
        return request.Images.Any(i => i.Image.Segments.Any(s => s.Address < end && s.End > start));
    }

    private void OptionBytes(IReadOnlyList<ChipEvent> events)
    {
        foreach (var e in events.Where(e => e.Kind == ChipEventKind.OptionBytesChanged && e.Core >= 0).Take(4))
        {
            var changes = run.OptionChanges.TryGetValue(e, out var c) ? c : [];
            if (changes.Count == 0)
            {
                continue;
            }
            var lasting = changes.Where(x => x.Category != "user").ToList();
            var consequences = changes.Select(x => x.Category).Distinct().Select(Consequence).ToList();
            var t = Ms(run.Ms(e.TimeNs));
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightOptionBytesChanged, lasting.Count > 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                $"{CoreName(e.Core)} changes option bytes {t} ms after reset{At(e.Pc)}: {string.Join(", ", changes)}",
                "the change outlives every reset, power cycle and sector erase: " + string.Join("; ", consequences),
                "remove option-byte programming (HAL_FLASHEx_OBProgram, HAL_FLASH_OB_Launch) from the firmware and set option bytes deliberately with the programmer"),
                e.Core, e.TimeNs, e.Pc, e.Value));
        }
    }

    private static string Consequence(string category) => category switch
    {
        "rdp" => "readout protection changes: the debugger can no longer read or write flash, going back to level 0 erases all of it, and level 2 is permanent",
        "boot-core" => "a core's boot is switched (BCM7/BCM4): from the next reset that core no longer starts, and a dual-core image waits for it for ever",
        "boot-address" => "a core boots from another address from the next reset: an image flashed at the usual address is never run",
        "write-protection" => "sectors become write-protected: later flashes of those sectors fail until the protection is removed",
        "pcrop" => "a proprietary-code area is set: that flash can no longer be read, and removing it erases it",
        "secure" => "a secure-only area is set: the debugger loses access to it",
        _ => "user options change (watchdog mode, reset behaviour in Stop/Standby, brown-out level or bank swap)",
    };

    private void Faults()
    {
        foreach (var group in run.Faults.GroupBy(f => f.Core))
        {
            var fault = group.FirstOrDefault(f => !f.Lockup);
            if (fault is not null)
            {
                var kind = fault.Exception switch { 3 => "HardFault", 4 => "MemManage fault", 5 => "BusFault", _ => "UsageFault" };
                var t = Ms(run.Ms(fault.TimeNs));
                _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightFault, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{CoreName(fault.Core)} takes a {kind} {t} ms after reset: the faulting instruction is{At(fault.Pc)}; CFSR 0x{fault.Cfsr:X8}, HFSR 0x{fault.Hfsr:X8}, BFAR 0x{fault.Bfar:X8}{FaultStatusWords.Describe(fault.Cfsr, fault.Hfsr, fault.Bfar)}"),
                    $"after flashing, the firmware stops in its fault handler {t} ms after every reset and never reaches its main loop; the debug port still answers (halt it to see the stacked registers)",
                    $"fix the access at {locator.Function(fault.Pc) ?? "the faulting instruction"}{(locator.Source(fault.Pc) is { } s ? $" ({s})" : "")}"),
                    fault.Core, fault.TimeNs, fault.Pc, fault.Cfsr));
            }
            var lockup = group.FirstOrDefault(f => f.Lockup);
            if (lockup is not null)
            {
                var t = Ms(run.Ms(lockup.TimeNs));
                _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightLockup, DiagnosticSeverity.Error,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{CoreName(lockup.Core)} locks up {t} ms after reset (a fault it cannot handle){At(lockup.Pc)}; CFSR 0x{lockup.Cfsr:X8}, HFSR 0x{lockup.Hfsr:X8}{FaultStatusWords.Describe(lockup.Cfsr, lockup.Hfsr, lockup.Bfar)}"),
                    $"after flashing, the core stops executing {t} ms after every reset; the debug port answers, the firmware does nothing",
                    "check the vector table and the fault handlers (a fault inside HardFault_Handler, or a stack pointer outside RAM)"),
                    lockup.Core, lockup.TimeNs, lockup.Pc, lockup.Cfsr));
            }
        }
    }

    private void Waits()
    {
        foreach (var (core, poll) in run.Waits)
        {
            var table = core < run.Chip.Context.Tables.Count ? run.Chip.Context.Tables[core] : null;
            var register = table?.FindRegisterByAddress(poll.Address);
            var registerName = register is null ? string.Create(CultureInfo.InvariantCulture, $"{poll.Peripheral} register 0x{poll.Address:X8}") : $"{register.Peripheral.Name}_{register.Name}";
            var mask = PolledBits.Mask(a => HalfWord(core, a), poll.LastPc);
            var fields = register is null || mask is not { } m ? [] : register.Fields.Where(f => (f.Mask & m) != 0).ToList();
            var bits = fields.Count > 0
                ? string.Join(", ", fields.Select(f => f.Width == 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{f.Name} (bit {f.Position}) = {f.Get(poll.Value)}")
                    : string.Create(CultureInfo.InvariantCulture, $"{f.Name} (bits {f.Position + f.Width - 1}:{f.Position}) = {f.Get(poll.Value)}")))
                : mask is { } mm ? string.Create(CultureInfo.InvariantCulture, $"the bits 0x{mm:X8}") : "the value";
            var t = Ms(run.Ms(poll.StartNs));
            var waited = Ms((run.EndNs - poll.StartNs) / 1e6);
            if (fields.Any(f => f.Name == "LSERDY") && run.Chip.Board.Lse is not null)
            {
                continue; // the board has an LSE: its crystal takes about 2 s to start (DS12930 tsu(LSE)), longer than the wait is followed
            }
            var oscillator = fields.Any(f => f.Name is "HSERDY" or "LSERDY" or "HSIRDY" or "CSIRDY" or "HSI48RDY" or "LSIRDY" || f.Name.StartsWith("PLL", StringComparison.Ordinal));
            _findings.Add(Located(new PreflightFinding(DiagnosticCodes.PreflightEndlessWait, DiagnosticSeverity.Warning,
                string.Create(CultureInfo.InvariantCulture,
                    $"{CoreName(core)} waits for ever from {t} ms after reset{At(poll.LastPc)}: it polls {registerName} (0x{poll.Address:X8}) and {bits} stays unchanged (read 0x{poll.Value:X8} for {waited} ms) on {run.Chip.Board.Name}"),
                $"after flashing, the firmware hangs in {locator.FunctionName(poll.LastPc) ?? "this loop"} from {t} ms after every reset: no output, no main loop; the debug port still answers",
                oscillator
                    ? "the board does not provide that clock (no HSE/LSE fitted, or driven differently: crystal vs HSEBYP): configure the clocks the board has in SystemClock_Config, or declare the board that has it (--board / Stm32Board); add a timeout to the wait"
                    : "add a timeout to the wait and find out why the flag never changes on this board"),
                core, poll.StartNs, poll.LastPc, poll.Value));
        }
    }

    /// <summary>A halfword of code: from the images, else through the core's own bus (code copied to RAM).</summary>
    private ushort? HalfWord(int core, uint address)
    {
        foreach (var image in request.Images)
        {
            if (image.Image.ReadUInt32(address & ~3u) is { } word)
            {
                return (ushort)((address & 2) == 0 ? word : word >> 16);
            }
        }
        return run.Chip.SystemBus(CoreName(core)).Read(address, AccessSize.HalfWord, out var value) == BusStatus.Ok ? (ushort)value : null;
    }
}
