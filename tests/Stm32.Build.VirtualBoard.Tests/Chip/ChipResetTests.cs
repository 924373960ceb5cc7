using Stm32.Build.Emulator.Cpu;
using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>Power, reset, boot and the user-firmware run time the board faults depend on.</summary>
public sealed class ChipResetTests
{
    private static ChipHarness WithFirmware(int bank = 1)
    {
        var h = new ChipHarness();
        var vector = new byte[32];
        var start = bank == 1 ? ChipHarness.Bank1Start : ChipHarness.Bank2Start;
        BitConverter.GetBytes(0x2400_1000u).CopyTo(vector, 0);
        BitConverter.GetBytes(start + 0x201).CopyTo(vector, 4);
        h.Program(bank, start, vector);
        return h;
    }

    [Fact]
    public void A_power_cycle_loses_ram_but_keeps_flash_and_backup_sram()
    {
        var h = WithFirmware();
        h.Write(0x2400_0100, 0xDEAD_BEEF); // AXI SRAM
        h.Write(0x3880_0000, 0x0BAD_CAFE); // backup SRAM (VBAT kept)
        h.Chip.PowerOff();
        h.Chip.PowerOn();
        Assert.Equal(0u, h.Read(0x2400_0100));
        Assert.Equal(0x0BAD_CAFEu, h.Read(0x3880_0000));
        Assert.Equal(0x2400_1000u, h.Read(ChipHarness.Bank1Start));
    }

    [Fact]
    public void A_system_reset_keeps_ram()
    {
        var h = new ChipHarness();
        h.Write(0x2400_0100, 0xDEAD_BEEF);
        h.Chip.SystemReset();
        Assert.Equal(0xDEAD_BEEFu, h.Read(0x2400_0100));
    }

    [Fact]
    public void Boots_user_firmware_only_from_a_programmed_vector_in_flash()
    {
        var h = new ChipHarness();
        Assert.False(h.Chip.BootsUserFirmware("CM7"));
        h = WithFirmware();
        Assert.True(h.Chip.BootsUserFirmware("CM7"));
        Assert.False(h.Chip.BootsUserFirmware("CM4")); // bank 2 is erased
        h.Chip.Boot0High = true;
        Assert.False(h.Chip.BootsUserFirmware("CM7")); // system memory is not user firmware
    }

    [Fact]
    public void With_boot0_high_the_core_starts_the_stand_in_bootloader_in_system_memory()
    {
        var h = new ChipHarness();
        h.Chip.Boot0High = true;
        h.Chip.SystemReset();
        var cm7 = (CortexMCore)h.Chip.Cores[0];
        Assert.Equal(CoreRunState.Running, cm7.State);
        Assert.Equal(0x1FF0_0000u + 0x200, cm7.Pc);
        Assert.Equal(0xE7FEu, h.Read(0x1FF0_0200) & 0xFFFF); // B . (ARMv7-M A7.7.12, T2)
    }

    [Fact]
    public void User_firmware_run_time_counts_while_running_stops_while_halted_and_restarts_at_reset()
    {
        var h = WithFirmware();
        h.Chip.SystemReset();
        Assert.Equal(TimeSpan.Zero, h.Chip.UserFirmwareRunTime);
        h.AdvanceBy(TimeSpan.FromMilliseconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(30), h.Chip.UserFirmwareRunTime);

        h.Write(0xE000_EDF0, 0xA05F_0003); // halt
        h.AdvanceBy(TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromMilliseconds(30), h.Chip.UserFirmwareRunTime);

        h.Chip.NrstLow = true;
        h.AdvanceBy(TimeSpan.FromMilliseconds(5));
        h.Chip.NrstLow = false;
        Assert.Equal(TimeSpan.Zero, h.Chip.UserFirmwareRunTime);
    }

    [Fact]
    public void Erased_flash_never_counts_as_user_firmware_running()
    {
        var h = new ChipHarness();
        h.AdvanceBy(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, h.Chip.UserFirmwareRunTime);
    }

    [Fact]
    public void Nrst_holds_the_cores_in_reset_and_counts_one_reset_per_pulse()
    {
        var h = WithFirmware();
        var resets = h.Counters.Resets;
        h.Chip.NrstLow = true;
        Assert.All(h.Chip.Cores, c => Assert.Equal(CoreRunState.InReset, c.State));
        h.Chip.NrstLow = false;
        Assert.Equal(resets + 1, h.Counters.Resets);
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
    }

    [Fact]
    public void Bcm4_clear_keeps_the_cortex_m4_gated_until_released()
    {
        var h = WithFirmware(bank: 2);
        h.UnlockOptions();
        var optsr = h.ReadFlashRegister(1, FlashRegister.OPTSR_PRG);
        h.WriteFlashRegister(1, FlashRegister.OPTSR_PRG, optsr & ~(1u << 22)); // BCM4 = 0
        h.WriteFlashRegister(1, FlashRegister.OPTCR, 1u << 1);
        h.AdvanceBy(TimeSpan.FromSeconds(2));
        h.Chip.SystemReset();
        Assert.True(h.Chip.IsCoreGated("CM4"));
        Assert.Equal(CoreRunState.InReset, h.Chip.Cores[1].State);
        Assert.NotEqual(CoreRunState.InReset, h.Chip.Cores[0].State);

        h.Chip.ReleaseGatedCore("CM4");
        Assert.False(h.Chip.IsCoreGated("CM4"));
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[1].State);
        Assert.Equal(ChipHarness.Bank2Start + 0x200, ((CortexMCore)h.Chip.Cores[1]).Pc);
    }

    [Fact]
    public void An_unknown_core_name_is_a_coded_error()
    {
        var error = Assert.Throws<Diagnostics.Stm32Exception>(() => new ChipHarness().Chip.BootAddress("CM33"));
        Assert.Equal(Diagnostics.DiagnosticCodes.UnknownCore, error.Code);
    }

    [Fact]
    public void A_device_of_a_family_without_a_chip_model_is_stm5004()
    {
        var h7 = Devices.DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var other = h7 with { Name = "STM32U585AI", Family = "STM32U5", FlashDriver = "stm32u5" };
        var error = Assert.Throws<Diagnostics.Stm32Exception>(() => new VirtualChip(other, new VirtualClock(), new BoardCounters()));
        Assert.Equal(Diagnostics.DiagnosticCodes.BoardDeviceNotSupported, error.Code);
    }

    [Fact]
    public void A_single_core_part_has_one_core_and_three_access_ports()
    {
        var h = new ChipHarness("STM32H743XI");
        Assert.Single(h.Chip.Cores);
        Assert.Equal(0x0800_0000u, h.Chip.BootAddress("CM7"));
        Assert.True(h.Chip.IsAccessPortAvailable(2));
        Assert.False(h.Chip.IsAccessPortAvailable(3));
    }
}
