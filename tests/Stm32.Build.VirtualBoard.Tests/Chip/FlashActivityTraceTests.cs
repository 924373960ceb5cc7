using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// The flash interface records erases, flash-word programs and option-byte changes in the chip trace (the
/// preflight's evidence), with what changes; <see cref="OptionByteChanges"/> names the fields (RM0399 4.4).
/// </summary>
public sealed class FlashActivityTraceTests
{
    private const uint Ser = 1u << 2, Start = 1u << 7, X64 = 3u << 4, OptStart = 1u << 1;

    [Fact]
    public void A_sector_erase_and_a_flash_word_program_are_recorded_with_bank_sector_and_address()
    {
        var h = new ChipHarness();
        h.Unlock(2);
        h.WriteFlashRegister(2, FlashRegister.CR1, Ser | X64 | (7u << 8));
        h.WriteFlashRegister(2, FlashRegister.CR1, Ser | X64 | (7u << 8) | Start);
        h.AdvanceBy(TimeSpan.FromSeconds(3));
        h.Program(1, ChipHarness.Bank1Start + 0x40, ChipHarness.Pattern(3));

        var erase = Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.FlashErased);
        Assert.Equal(0x081E_0000u, erase.Address);               // bank 2 sector 7, 128 KiB sectors
        Assert.Equal(7u, erase.Value);
        Assert.Contains("bank 2 sector 7", erase.Message);
        Assert.Equal(-1, erase.Core);                            // the debugger did it, not firmware
        var program = Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.FlashProgrammed);
        Assert.Equal(ChipHarness.Bank1Start + 0x40, program.Address);
    }

    [Fact]
    public void An_option_byte_change_names_every_field_it_changes()
    {
        var h = new ChipHarness();
        h.UnlockOptions();
        var optsr = h.ReadFlashRegister(1, FlashRegister.OPTSR_PRG);
        h.WriteFlashRegister(1, FlashRegister.OPTSR_PRG, optsr & ~(1u << 22));   // BCM4 (RM0399 4.9.8 bit 22)
        h.WriteFlashRegister(1, FlashRegister.OPTCR, OptStart);

        var e = Assert.Single(h.Chip.Trace.Events, e => e.Kind == ChipEventKind.OptionBytesChanged);
        Assert.Contains("BCM4 0x1 -> 0x0", e.Message);
        Assert.DoesNotContain("RDP", e.Message);
    }

    [Fact]
    public void OptionByteChanges_lists_RDP_boot_addresses_and_write_protection_by_category()
    {
        var factory = OptionByteValues.Factory(Build.Devices.DeviceCatalog.BuiltIn.Get("STM32H747XI"));
        var after = factory.Copy() with
        {
            Optsr = (factory.Optsr & ~0xFF00u) | 0xBB00u,
            Boot7 = (factory.Boot7 & 0xFFFF_0000u) | 0x0802u,
            Wpsn = [0xFEu, 0xFFu],
        };
        var changes = OptionByteChanges.Between(factory, after);
        Assert.Equal(["RDP", "BOOT_CM7_ADD0", "WPSN1"], changes.Select(c => c.Field));
        Assert.Equal(["rdp", "boot-address", "write-protection"], changes.Select(c => c.Category));
        Assert.Equal(0xAAu, changes[0].Before);
        Assert.Equal(0xBBu, changes[0].After);
        Assert.Empty(OptionByteChanges.Between(factory, factory.Copy()));
    }

    [Fact]
    public void The_access_observer_sees_a_cores_peripheral_reads_and_writes_but_not_the_debuggers()
    {
        var h = new ChipHarness();
        var seen = new Recorder();
        h.Chip.Context.AccessObserver = seen;
        const uint rccCr = 0x5802_4400;
        Assert.Equal(BusStatus.Ok, h.Chip.SystemBus("CM7").Read(rccCr, AccessSize.Word, out var value));
        Assert.Equal(BusStatus.Ok, h.Chip.SystemBus("CM4").Write(rccCr, AccessSize.Word, value));
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(rccCr, AccessSize.Word, out _));

        Assert.Equal([(0, "RCC", rccCr, value, false), (1, "RCC", rccCr, value, true)], seen.Accesses);
    }

    private sealed class Recorder : IPeripheralAccessObserver
    {
        public List<(int Core, string Peripheral, uint Address, uint Value, bool Write)> Accesses { get; } = [];

        public void PeripheralRead(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value) =>
            Accesses.Add((core, peripheral.Name, address, value, false));

        public void PeripheralWritten(int core, uint pc, Peripheral peripheral, uint address, AccessSize size, uint value) =>
            Accesses.Add((core, peripheral.Name, address, value, true));
    }
}
