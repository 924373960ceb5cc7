using Stm32.Build.Emulator.Cpu;
using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using Stm32.Build.Execution;
using Stm32.Build.VirtualBoard.Chip;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>
/// The emulated core's debug registers as a debugger reaches them through the chip (ARMv7-M C1.6
/// DHCSR/DCRSR/DCRDR/DEMCR, B3.2.6 AIRCR) and the chip's CoreSight identification of the core's debug components.
/// </summary>
public sealed class CoreDebugTests
{
    // ARMv7-M addresses and bits.
    private const uint Dhcsr = 0xE000_EDF0, Dcrsr = 0xE000_EDF4, Dcrdr = 0xE000_EDF8, Demcr = 0xE000_EDFC;
    private const uint Aircr = 0xE000_ED0C, Dfsr = 0xE000_ED30, CpuId = 0xE000_ED00;
    private const uint Key = 0xA05F_0000, CDebugEn = 1, CHalt = 2;
    private const uint SRegRdy = 1u << 16, SHalt = 1u << 17, SLockup = 1u << 19, SResetSt = 1u << 25;

    /// <summary>
    /// A chip whose bank 1 holds a vector table (SP 0x24080000, reset handler 0x08000201, HardFault 0x08000301) and
    /// code: at the reset handler <c>movs r0, #1</c> then <c>b .</c>; at the HardFault handler <c>b .</c>.
    /// </summary>
    private static ChipHarness WithFirmware()
    {
        var h = new ChipHarness();
        var vector = new byte[32];
        BitConverter.GetBytes(0x2408_0000u).CopyTo(vector, 0);
        BitConverter.GetBytes(0x0800_0201u).CopyTo(vector, 4);
        BitConverter.GetBytes(0x0800_0301u).CopyTo(vector, 12);
        h.Program(1, ChipHarness.Bank1Start, vector);
        var reset = new byte[32];
        BitConverter.GetBytes((ushort)0x2001).CopyTo(reset, 0); // movs r0, #1
        BitConverter.GetBytes((ushort)0xE7FE).CopyTo(reset, 2); // b .
        h.Program(1, ChipHarness.Bank1Start + 0x200, reset);
        var hardFault = new byte[32];
        BitConverter.GetBytes((ushort)0xE7FE).CopyTo(hardFault, 0); // b .
        h.Program(1, ChipHarness.Bank1Start + 0x300, hardFault);
        h.Chip.SystemReset();
        return h;
    }

    /// <summary>Lets the chip run for a microsecond: what a debugger's next USB command takes at least.</summary>
    private static void Run(ChipHarness h) => h.AdvanceBy(TimeSpan.FromMicroseconds(1));

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
        h.Write(Aircr, 0x05FA_0004); // VECTKEY | SYSRESETREQ: the running core takes it at its next instruction
        Run(h);
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
        h.Write(Demcr, 1);               // VC_CORERESET: a core reset clears C_HALT, the catch halts it again
        var resets = h.Counters.Resets;
        h.Write(Aircr, 0x05FA_0001);     // VECTKEY | VECTRESET
        Run(h);
        Assert.Equal(resets, h.Counters.Resets); // not a system reset
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15)); // reloaded from the vector
    }

    [Fact]
    public void A_step_request_executes_one_instruction_and_halts_again()
    {
        var h = WithFirmware();
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        Assert.Equal(0x0800_0200u, ReadCoreRegister(h, 15)); // halted before the first instruction
        h.Write(Dhcsr, Key | CDebugEn | CHalt | 4); // C_STEP with C_HALT: one instruction, then halted (C1.6.2)
        h.Write(Dhcsr, Key | CDebugEn | 4);
        Run(h);
        Assert.Equal(CoreRunState.Halted, h.Chip.Cores[0].State);
        Assert.Equal(0x0800_0202u, ReadCoreRegister(h, 15)); // past movs r0, #1
        Assert.Equal(1u, ReadCoreRegister(h, 0));
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
        h.Write(0xE004_0010, 1); // TPIU_ACPR (OpenOCD's trace setup): no TPIU is modelled
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "CM7" && e.Address == 0xE004_0010);
        h.Write(0xE000_E100, 1); // NVIC_ISER0 is the core's: not logged
        Assert.DoesNotContain(h.Chip.UnmodelledAccesses.Entries, e => e.Address == 0xE000_E100);
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
        h.Write(Dhcsr, Key | CDebugEn | CHalt);
        h.Write(Demcr, 1u << 24);
        h.Chip.SystemReset();
        Run(h);
        Assert.Equal(CDebugEn, h.Read(Dhcsr) & (CDebugEn | CHalt)); // C_HALT always clears on a core reset
        Assert.Equal(CoreRunState.Running, h.Chip.Cores[0].State);
        Assert.Equal(1u << 24, h.Read(Demcr));
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
        Run(h);
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
        Run(h);
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
        // The PPB ROM table lists SCS, DWT, FPB, ITM, then the end marker; each component has its CoreSight ID.
        uint[] listed = [0xE000_E000, 0xE000_1000, 0xE000_2000, 0xE000_0000];
        for (var i = 0; i < listed.Length; i++)
        {
            Assert.Equal(listed[i], 0xE00F_F000u + (h.Read(0xE00F_F000u + (uint)i * 4) & 0xFFFF_F000));
            Assert.Equal(0xB105_000Du, Cid(h, listed[i]) & 0xFFFF_0FFF);
        }
        Assert.Equal(0u, h.Read(0xE00F_F010u));
        Assert.Equal(0x00Eu, h.Read(0xE000_2FE0) | ((h.Read(0xE000_2FE4) & 0xF) << 8)); // FPB v2 on the M7
        h.Write(0xE00F_F000u, 0);                                                     // read-only
        Assert.Equal(0xFFF0_F003u, h.Read(0xE00F_F000u));
        // The Cortex-M4's access port: its PPB ROM table is part 0x4C4.
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(3)!.Read(0xE00F_FFE0, AccessSize.Word, out var m4Part));
        Assert.Equal(0xC4u, m4Part);
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
