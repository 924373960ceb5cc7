using Stm32.Build.Emulator.Cpu;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>Option bytes: OPTKEYR, *_PRG, OPTSTART, OPT_BUSY, RDP levels, boot addresses (RM0399 4.4, 4.8.3, 2.6).</summary>
public sealed class OptionByteTests
{
    private const uint OptStart = 1u << 1, OptBusy = 1u << 0, OptChangeErr = 1u << 30;

    private static void Commit(ChipHarness h, ISystemBus? bus = null)
    {
        bus ??= h.Ap0;
        bus.Write(ChipHarness.Register(1, FlashRegister.OPTCR), AccessSize.Word, OptStart);
        for (var i = 0; i < 100; i++)
        {
            bus.Read(ChipHarness.Register(1, FlashRegister.OPTSR_CUR), AccessSize.Word, out var optsr);
            if ((optsr & OptBusy) == 0)
            {
                return;
            }
            h.AdvanceBy(TimeSpan.FromMilliseconds(250));
        }
        Assert.Fail("OPT_BUSY did not clear");
    }

    private static void SetRdp(ChipHarness h, uint rdp, ISystemBus? bus = null)
    {
        bus ??= h.Ap0;
        bus.Read(ChipHarness.Register(1, FlashRegister.OPTSR_PRG), AccessSize.Word, out var optsr);
        bus.Write(ChipHarness.Register(1, FlashRegister.OPTSR_PRG), AccessSize.Word, (optsr & ~0xFF00u) | (rdp << 8));
        Commit(h, bus);
    }

    [Fact]
    public void Factory_option_bytes_match_the_manual()
    {
        var h = new ChipHarness();
        var optsr = h.ReadFlashRegister(1, FlashRegister.OPTSR_CUR);
        Assert.Equal(0xAAu, (optsr >> 8) & 0xFF);  // RDP level 0
        Assert.Equal(0x3u, (optsr >> 22) & 0x3);    // BCM4 = BCM7 = 1
        Assert.Equal(0x1FF0_0800u, h.ReadFlashRegister(1, FlashRegister.BOOT7_CURR)); // BOOT_CM7_ADD1 0x1FF0, ADD0 0x0800
        Assert.Equal(0x1FF0_0810u, h.ReadFlashRegister(1, FlashRegister.BOOT4_CURR)); // BOOT_CM4_ADD1 0x1FF0, ADD0 0x0810
        Assert.Equal(0x0800_0000u, h.Chip.BootAddress("CM7"));
        Assert.Equal(0x0810_0000u, h.Chip.BootAddress("CM4"));
    }

    [Fact]
    public void Prg_registers_ignore_writes_while_optcr_is_locked()
    {
        var h = new ChipHarness();
        h.WriteFlashRegister(1, FlashRegister.BOOT7_PRGR, 0x1FF0_0900);
        Assert.Equal(0x1FF0_0800u, h.ReadFlashRegister(1, FlashRegister.BOOT7_PRGR));
    }

    [Fact]
    public void A_new_boot_cm7_add0_takes_time_and_moves_the_next_resets_boot_address()
    {
        var h = new ChipHarness();
        // A vector table in bank 2 for the CM7 to boot from: SP 0x24001000, reset handler 0x08100401.
        var vector = new byte[32];
        BitConverter.GetBytes(0x2400_1000u).CopyTo(vector, 0);
        BitConverter.GetBytes(0x0810_0401u).CopyTo(vector, 4);
        h.Program(2, ChipHarness.Bank2Start, vector);

        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.BOOT7_PRGR, 0x1FF0_0810);
        Assert.Equal(0x0800_0000u, h.Chip.BootAddress("CM7")); // not before OPTSTART
        h.WriteFlashRegister(1, FlashRegister.OPTCR, OptStart);
        Assert.NotEqual(0u, h.ReadFlashRegister(1, FlashRegister.OPTSR_CUR) & OptBusy);
        Assert.Equal(1, h.Counters.OptionByteWrites);
        h.AdvanceBy(FlashTimings.OptionByteChange);
        Assert.Equal(0u, h.ReadFlashRegister(1, FlashRegister.OPTSR_CUR) & OptBusy);
        Assert.Equal(0x1FF0_0810u, h.ReadFlashRegister(1, FlashRegister.BOOT7_CURR));
        Assert.Equal(0x0810_0000u, h.Chip.BootAddress("CM7"));

        h.Chip.SystemReset();
        var cm7 = (CortexMCore)h.Chip.Cores[0];
        Assert.Equal(0x0810_0400u, cm7.Pc);
        Assert.Equal(0x2400_1000u, cm7.Registers.Msp);
    }

    [Fact]
    public void Boot0_high_selects_add1()
    {
        var h = new ChipHarness();
        h.Chip.Boot0High = true;
        Assert.Equal(0x1FF0_0000u, h.Chip.BootAddress("CM7"));
        Assert.Equal(0x1FF0_0000u, h.Chip.BootAddress("CM4"));
    }

    [Fact]
    public void Rdp_level_1_blocks_debugger_flash_access_and_going_back_to_level_0_erases_both_banks()
    {
        var h = new ChipHarness();
        h.Program(1, ChipHarness.Bank1Start, ChipHarness.Pattern(1));
        h.Program(2, ChipHarness.Bank2Start, ChipHarness.Pattern(2));
        h.UnlockOptions();
        SetRdp(h, 0xBB);
        Assert.Equal(1, h.Chip.Flash.ReadoutLevel);
        Assert.Equal(BusStatus.Fault, h.Ap0.Read(ChipHarness.Bank1Start, AccessSize.Word, out _));
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(0x2400_0000, AccessSize.Word, out _)); // RAM stays reachable
        var erasesBefore = h.Counters.BankErases[0] + h.Counters.BankErases[1];

        SetRdp(h, 0xAA);
        Assert.Equal(0, h.Chip.Flash.ReadoutLevel);
        Assert.True(h.Chip.FlashBank(1).IndexOfAnyExcept((byte)0xFF) < 0);
        Assert.True(h.Chip.FlashBank(2).IndexOfAnyExcept((byte)0xFF) < 0);
        Assert.Equal(erasesBefore + 2, h.Counters.BankErases[0] + h.Counters.BankErases[1]);
    }

    [Fact]
    public void Level_1_to_level_0_takes_the_mass_erase_time_as_well()
    {
        var h = new ChipHarness();
        h.UnlockOptions();
        SetRdp(h, 0xBB);
        var before = h.Clock.Nanoseconds;
        SetRdp(h, 0xAA);
        var elapsed = TimeSpan.FromTicks((h.Clock.Nanoseconds - before) / 100);
        Assert.True(elapsed >= FlashTimings.OptionByteChange + FlashTimings.BankErase[3], elapsed.ToString());
    }

    [Fact]
    public void Rdp_level_2_disables_debug_and_refuses_every_further_option_change()
    {
        var h = new ChipHarness();
        var firmware = h.Chip.SystemBus("CM7");
        h.UnlockOptions();
        SetRdp(h, 0xCC);
        Assert.Equal(2, h.Chip.Flash.ReadoutLevel);
        for (var ap = 0; ap < 4; ap++)
        {
            Assert.False(h.Chip.IsAccessPortAvailable(ap));
        }

        // After a reset, firmware tries to go back to level 0 and to move the boot address.
        h.Chip.SystemReset();
        firmware.Write(ChipHarness.Register(1, FlashRegister.OPTKEYR), AccessSize.Word, 0x0819_2A3B);
        firmware.Write(ChipHarness.Register(1, FlashRegister.OPTKEYR), AccessSize.Word, 0x4C5D_6E7F);
        firmware.Write(ChipHarness.Register(1, FlashRegister.BOOT7_PRGR), AccessSize.Word, 0x1FF0_0900);
        SetRdp(h, 0xAA, firmware);
        firmware.Read(ChipHarness.Register(1, FlashRegister.OPTSR_CUR), AccessSize.Word, out var optsr);
        Assert.Equal(0xCCu, (optsr >> 8) & 0xFF);
        Assert.NotEqual(0u, optsr & OptChangeErr);
        Assert.Equal(0x0800_0000u, h.Chip.BootAddress("CM7"));

        // OPTCCR clears the error flag.
        firmware.Write(ChipHarness.Register(1, FlashRegister.OPTCCR), AccessSize.Word, OptChangeErr);
        firmware.Read(ChipHarness.Register(1, FlashRegister.OPTSR_CUR), AccessSize.Word, out optsr);
        Assert.Equal(0u, optsr & OptChangeErr);
    }

    [Fact]
    public void Option_bytes_survive_a_power_cycle()
    {
        var h = new ChipHarness();
        h.UnlockOptions();
        h.WriteFlashRegister(1, FlashRegister.WPSN_PRG1R, 0xFE);
        Commit(h);
        h.Chip.PowerOff();
        h.Chip.PowerOn();
        Assert.Equal(0xFEu, h.ReadFlashRegister(1, FlashRegister.WPSN_CUR1R));
        Assert.Equal(1u, h.ReadFlashRegister(1, FlashRegister.OPTCR) & 1); // OPTLOCK again after reset
    }

    [Fact]
    public void Unmodelled_option_bits_are_logged_not_silently_dropped()
    {
        var h = new ChipHarness();
        h.UnlockOptions();
        var optsr = h.ReadFlashRegister(1, FlashRegister.OPTSR_PRG);
        h.WriteFlashRegister(1, FlashRegister.OPTSR_PRG, optsr | (3u << 2)); // BOR_LEV = 3
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Register == "OPTSR_PRG" && (e.Bits & (3u << 2)) != 0);
    }
}
