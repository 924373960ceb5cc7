using Stm32.Build.Emulator.Cpu;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>The halt-only core's debug registers (ARMv7-M C1.6 DHCSR/DCRSR/DCRDR/DEMCR, B3.2.6 AIRCR).</summary>
public sealed class CoreDebugTests
{
    // ARMv7-M addresses and bits.
    private const uint Dhcsr = 0xE000_EDF0, Dcrsr = 0xE000_EDF4, Dcrdr = 0xE000_EDF8, Demcr = 0xE000_EDFC;
    private const uint Aircr = 0xE000_ED0C, Dfsr = 0xE000_ED30, CpuId = 0xE000_ED00;
    private const uint Key = 0xA05F_0000, CDebugEn = 1, CHalt = 2;
    private const uint SRegRdy = 1u << 16, SHalt = 1u << 17, SLockup = 1u << 19, SResetSt = 1u << 25;

    /// <summary>A chip whose bank 1 holds a vector table: SP 0x24080000, reset handler 0x08000201.</summary>
    private static ChipHarness WithFirmware()
    {
        var h = new ChipHarness();
        var vector = new byte[32];
        BitConverter.GetBytes(0x2408_0000u).CopyTo(vector, 0);
        BitConverter.GetBytes(0x0800_0201u).CopyTo(vector, 4);
        BitConverter.GetBytes(0x0800_0301u).CopyTo(vector, 12);
        h.Program(1, ChipHarness.Bank1Start, vector);
        h.Chip.SystemReset();
        return h;
    }

    private static uint ReadCoreRegister(ChipHarness h, uint selector)
    {
        h.Write(Dcrsr, selector);
        Assert.NotEqual(0u, h.Read(Dhcsr) & SRegRdy);
        return h.Read(Dcrdr);
    }

    [Fact]
    public void Cpuid_is_the_device_datas_value_for_each_core()
    {
        var h = new ChipHarness();
        Assert.Equal(h.Device.Cores[0].CpuId, h.Read(CpuId));
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(3)!.Read(CpuId, AccessSize.Word, out var cm4));
        Assert.Equal(h.Device.Cores[1].CpuId, cm4);
    }

    [Fact]
    public void Dhcsr_writes_without_the_key_are_ignored()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, CDebugEn | CHalt);
        Assert.Equal(0u, h.Read(Dhcsr) & (CDebugEn | SHalt));
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
    }

    [Fact]
    public void A_keyed_halt_request_halts_and_a_keyed_clear_resumes()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        Assert.Equal(SHalt | CDebugEn | CHalt, h.Read(Dhcsr) & (SHalt | CDebugEn | CHalt));
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.NotEqual(0u, h.Read(Dfsr) & 1); // DFSR.HALTED
        h.Write(Dhcsr, Key | CDebugEn);
        Assert.Equal(0u, h.Read(Dhcsr) & SHalt);
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
    }

    [Fact]
    public void Halt_without_debugen_does_nothing()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CHalt);
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
    }

    [Fact]
    public void Core_registers_transfer_through_dcrsr_and_dcrdr()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15));       // DebugReturnAddress
        Assert.Equal(0x2408_0000u, ReadCoreRegister(h, 17));       // MSP
        Assert.Equal(1u << 24, ReadCoreRegister(h, 16) & (1u << 24)); // EPSR.T from bit 0 of the vector

        // Write R3, S7 and FPSCR, read them back (REGWnR = bit 16).
        foreach (var (selector, value) in new[] { (3u, 0xCAFE_F00Du), (64u + 7, 0x3F80_0000u), (33u, 0x0300_0000u) })
        {
            h.Write(Dcrdr, value);
            h.Write(Dcrsr, (1u << 16) | selector);
            h.Write(Dcrdr, 0);
            Assert.Equal(value, ReadCoreRegister(h, selector));
        }
    }

    [Fact]
    public void Vc_corereset_halts_at_the_reset_vector_after_sysresetreq()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn);
        h.Write(Demcr, 1); // VC_CORERESET
        var resets = h.Counters.Resets;
        h.Write(Aircr, 0x05FA_0004); // VECTKEY | SYSRESETREQ
        Assert.Equal(resets + 1, h.Counters.Resets);
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        var dhcsr = h.Read(Dhcsr);
        Assert.Equal(SHalt | SResetSt, dhcsr & (SHalt | SResetSt));
        Assert.Equal(0u, h.Read(Dhcsr) & SResetSt); // sticky bit cleared by the read
        Assert.NotEqual(0u, h.Read(Dfsr) & (1u << 3)); // DFSR.VCATCH
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15));
        Assert.Equal(1u, h.Read(Demcr) & 1); // DEMCR survives a system reset
    }

    [Fact]
    public void Vectreset_is_a_local_reset_of_the_core_alone()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        h.Write(Dcrdr, 0x1234);
        h.Write(Dcrsr, (1u << 16) | 15); // PC = 0x1234
        var resets = h.Counters.Resets;
        h.Write(Aircr, 0x05FA_0001);     // VECTKEY | VECTRESET
        Assert.Equal(resets, h.Counters.Resets); // not a system reset
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15)); // reloaded from the vector; C_HALT kept, so halted
    }

    [Fact]
    public void A_step_request_leaves_the_halt_only_core_halted_at_the_same_pc()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        h.Write(Dhcsr, Key | CDebugEn | 4); // C_STEP, C_HALT clear
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15));
    }

    [Fact]
    public void Sp_follows_control_spsel_in_thread_mode()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        h.Write(Dcrdr, 0x2000_1000);
        h.Write(Dcrsr, (1u << 16) | 18);             // PSP
        Assert.Equal(0x2408_0000u, ReadCoreRegister(h, 13)); // SP = MSP while CONTROL.SPSEL = 0
        h.Write(Dcrdr, 2u << 24);
        h.Write(Dcrsr, (1u << 16) | 20);             // CONTROL.SPSEL = 1
        Assert.Equal(0x2000_1000u, ReadCoreRegister(h, 13));
    }

    [Fact]
    public void Writes_to_unmodelled_system_registers_are_logged_on_the_chip()
    {
        var h = WithFirmware();
        h.Write(0xE000_E100, 1); // NVIC_ISER0
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "CM7" && e.Address == 0xE000_E100);
    }

    [Fact]
    public void Aircr_without_vectkey_is_ignored_and_reads_back_vectkeystat()
    {
        var h = WithFirmware();
        var resets = h.Counters.Resets;
        h.Write(Aircr, 0x0000_0004);
        Assert.Equal(resets, h.Counters.Resets);
        Assert.Equal(0xFA05u, h.Read(Aircr) >> 16);
    }

    [Fact]
    public void A_power_on_reset_clears_the_debug_state_and_a_system_reset_keeps_it()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn);
        h.Write(Demcr, 1u << 24 | 1);
        h.Chip.SystemReset();
        Assert.Equal(CDebugEn, h.Read(Dhcsr) & CDebugEn);
        h.Chip.PowerOff();
        h.Chip.PowerOn();
        Assert.Equal(0u, h.Read(Dhcsr) & CDebugEn);
        Assert.Equal(0u, h.Read(Demcr));
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
    }

    [Fact]
    public void An_erased_vector_table_locks_the_core_up()
    {
        var h = new ChipHarness();
        var cm7 = (CortexMCore)h.Chip.Cores[0];
        Assert.Equal(CoreRunState.LockedUp, cm7.State);
        Assert.Equal(0xEFFF_FFFEu, cm7.Pc);
        Assert.NotEqual(0u, h.Read(Dhcsr) & SLockup);
        // A debugger can still halt a locked-up core.
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        Assert.Equal(CoreRunState.Halted, cm7.State);
    }

    [Fact]
    public void Vc_harderr_catches_the_fault_from_an_erased_vector_instead_of_locking_up()
    {
        var h = new ChipHarness();
        h.Write(Dhcsr, Key | CDebugEn);
        h.Write(Demcr, 1u << 10); // VC_HARDERR
        h.Chip.SystemReset();
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.NotEqual(0u, h.Read(Dfsr) & (1u << 3));
    }

    [Fact]
    public void Openocd_examine_registers_answer_plausibly()
    {
        var h = new ChipHarness();
        Assert.Equal(8u, (h.Read(0xE000_2000) >> 4) & 0xF);        // FP_CTRL.NUM_CODE[3:0]: 8 comparators on the M7
        Assert.Equal(4u, h.Read(0xE000_1000) >> 28);                // DWT_CTRL.NUMCOMP
        Assert.Equal(0x2u, (h.Read(0xE000_EF40) >> 8) & 0xF);       // MVFR0 double precision on the M7
        h.Write(0xE000_2008, 0x0800_0201);                           // FP_COMP0
        Assert.Equal(0x0800_0201u, h.Read(0xE000_2008));
        Assert.Equal(0xB105_E00Du, Cid(h, 0xE000_E000));              // SCS component ID
        Assert.Equal(0xB105_100Du, Cid(h, 0xE00F_F000u)); // ROM table, class 1
        Assert.Equal(0xFFF0_F003u, h.Read(0xE00F_F000u)); // first entry points at the SCS
        // The processor ROM table (where AP0's BASE points) leads to the PPB ROM table; part 0x4C8 "Cortex-M7 ROM".
        Assert.Equal(0xE00F_F000u, 0xE00F_E000u + (h.Read(0xE00F_E000u) & 0xFFFF_F000));
        Assert.Equal(0x4C8u, (h.Read(0xE00F_E000u + 0xFE0) & 0xFF) | ((h.Read(0xE00F_E000u + 0xFE4) & 0xF) << 8));
    }

    private static uint Cid(ChipHarness h, uint component)
    {
        uint cid = 0;
        for (var i = 0; i < 4; i++)
        {
            cid |= (h.Read(component + 0xFF0 + (uint)i * 4) & 0xFF) << (8 * i);
        }
        return cid;
    }
}
