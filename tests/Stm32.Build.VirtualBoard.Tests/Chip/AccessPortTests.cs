using Stm32.Build.VirtualBoard.Peripherals;
using Xunit;
using Stm32.Build.Execution;

namespace Stm32.Build.VirtualBoard.Tests.Chip;

/// <summary>What each MEM-AP reaches and when (RM0399 2.3 memory map, 60.4 access ports, 61.5 DBGMCU).</summary>
public sealed class AccessPortTests
{
    // RM0399 61.5.1: DBGMCU_IDC = REV_ID << 16 | DEV_ID; DEV_ID 0x450, revision V = 0x2003.
    private const uint ExpectedIdc = 0x2003_6450;

    [Fact]
    public void Nrst_low_blocks_the_system_access_ports_but_not_the_debug_apb()
    {
        var h = new ChipHarness();
        h.Chip.NrstLow = true;
        Assert.False(h.Chip.IsAccessPortAvailable(0));
        Assert.False(h.Chip.IsAccessPortAvailable(1));
        Assert.True(h.Chip.IsAccessPortAvailable(2));
        Assert.False(h.Chip.IsAccessPortAvailable(3));
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(2)!.Read(0xE00E_1000, AccessSize.Word, out var idc));
        Assert.Equal(ExpectedIdc, idc);

        h.Chip.NrstLow = false;
        for (var ap = 0; ap < 4; ap++)
        {
            Assert.True(h.Chip.IsAccessPortAvailable(ap));
        }
    }

    [Fact]
    public void Under_nrst_the_cores_debug_registers_answer_but_their_system_bus_does_not()
    {
        var h = new ChipHarness();
        h.Chip.NrstLow = true;
        foreach (var ap in new[] { 0, 3 })
        {
            Assert.True(h.Chip.IsAccessPortAddressReachable(ap, 0xE000_EDF0));  // DHCSR
            Assert.True(h.Chip.IsAccessPortAddressReachable(ap, 0xE000_EDFC));  // DEMCR
            Assert.False(h.Chip.IsAccessPortAddressReachable(ap, 0x0800_0000)); // flash on the AXI matrix
            Assert.False(h.Chip.IsAccessPortAddressReachable(ap, 0x5C00_1000)); // DBGMCU on the system bus
        }
        Assert.False(h.Chip.IsAccessPortAddressReachable(1, 0xE000_EDF0)); // the D3 AHB-AP has no private bus
        Assert.True(h.Chip.IsAccessPortAddressReachable(2, 0xE00E_1000));

        h.Chip.NrstLow = false;
        Assert.True(h.Chip.IsAccessPortAddressReachable(0, 0x0800_0000));
        h.Chip.PowerOff();
        Assert.False(h.Chip.IsAccessPortAddressReachable(0, 0xE000_EDF0));
    }

    [Fact]
    public void Nothing_answers_without_power()
    {
        var h = new ChipHarness();
        h.Chip.PowerOff();
        for (var ap = 0; ap < 4; ap++)
        {
            Assert.False(h.Chip.IsAccessPortAvailable(ap));
        }
        Assert.False(h.Chip.Powered);
    }

    [Fact]
    public void Access_ports_that_do_not_exist_have_no_bus()
    {
        var h = new ChipHarness();
        Assert.Null(h.Chip.AccessPortBus(4));
        Assert.False(h.Chip.IsAccessPortAvailable(4));
        Assert.Null(new ChipHarness("STM32H743XI").Chip.AccessPortBus(3));
    }

    [Fact]
    public void Dbgmcu_is_the_same_block_on_the_system_bus_and_the_debug_apb()
    {
        var h = new ChipHarness();
        Assert.Equal(ExpectedIdc, h.Read(0x5C00_1000));
        h.Write(0x5C00_1004, 0x0070_0007); // DBGMCU_CR as OpenOCD's stm32h7x.cfg sets it
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(2)!.Read(0xE00E_1004, AccessSize.Word, out var cr));
        Assert.Equal(0x0070_0007u, cr);
        // The low-power debug bits are modelled; the trace clock enable is logged as unmodelled (no trace in the model).
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "DBGMCU" && e.Register == "CR.TRACECLKEN");
        Assert.DoesNotContain(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "DBGMCU" && e.Register == "CR");
        // DBGMCU lives in the debug domain: NRST does not reset it.
        h.Chip.NrstLow = true;
        h.Chip.NrstLow = false;
        Assert.Equal(0x0070_0007u, h.Read(0x5C00_1004));
    }

    [Fact]
    public void The_debug_apb_rom_table_leads_to_dbgmcu_and_the_swo_funnel_takes_openocds_write()
    {
        var h = new ChipHarness();
        var apb = h.Chip.AccessPortBus(2)!;
        // ROM table at 0xE00E0000 (where AP2's BASE points): first entry present, 32-bit format, offset 0x1000.
        Assert.Equal(BusStatus.Ok, apb.Read(0xE00E_0000, AccessSize.Word, out var entry));
        Assert.Equal(3u, entry & 3);
        Assert.Equal(BusStatus.Ok, apb.Read(0xE00E_0000 + (entry & 0xFFFF_F000), AccessSize.Word, out var idc));
        Assert.Equal(ExpectedIdc, idc);
        Assert.Equal(BusStatus.Ok, apb.Read(0xE00E_0FF4, AccessSize.Word, out var cid1));
        Assert.Equal(0x10u, cid1); // class 1: ROM table

        // OpenOCD's stm32h7x.cfg examine-end: SWTF_CTRL |= ENS0 | ENS1, at DBGMCU + 0x3000 on either bus.
        Assert.Equal(BusStatus.Ok, apb.Read(0xE00E_4000, AccessSize.Word, out var ctrl));
        Assert.Equal(BusStatus.Ok, apb.Write(0xE00E_4000, AccessSize.Word, ctrl | 3));
        Assert.Equal((ctrl | 3) & 0xFFF, h.Read(0x5C00_4000));
        Assert.Equal(BusStatus.Fault, apb.Read(0xE00E_2000, AccessSize.Word, out _));
    }

    [Fact]
    public void Unmapped_addresses_and_writes_to_read_only_memory_are_bus_faults()
    {
        var h = new ChipHarness();
        Assert.Equal(BusStatus.Fault, h.Ap0.Read(0x3004_8000, AccessSize.Word, out _));   // reserved, after SRAM3 (RM0399 2.3.2)
        Assert.Equal(BusStatus.Fault, h.Ap0.Read(0x0820_0000, AccessSize.Word, out _));   // past bank 2
        Assert.Equal(BusStatus.Fault, h.Ap0.Write(0x1FF0_0000, AccessSize.Word, 0));       // system memory
        Assert.Equal(BusStatus.Fault, h.Ap0.Write(0x1FF1_E880, AccessSize.HalfWord, 1));   // flash size register
        Assert.Equal(BusStatus.Fault, h.Chip.AccessPortBus(2)!.Read(0x2400_0000, AccessSize.Word, out _));
    }

    [Fact]
    public void The_flash_size_register_holds_the_size_in_kib_and_the_unique_id_is_readable()
    {
        var h = new ChipHarness();
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(0x1FF1_E880, AccessSize.HalfWord, out var kib));
        Assert.Equal(2048u, kib);
        var uid = new[] { h.Read(0x1FF1_E800), h.Read(0x1FF1_E804), h.Read(0x1FF1_E808) };
        Assert.Contains(uid, w => w != 0);
        Assert.Equal(1024u, ReadKib(new ChipHarness("STM32H747XG")));

        static uint ReadKib(ChipHarness g)
        {
            g.Ap0.Read(0x1FF1_E880, AccessSize.HalfWord, out var v);
            return v;
        }
    }

    [Fact]
    public void Tcms_belong_to_the_cortex_m7_and_the_d2_alias_to_the_cortex_m4()
    {
        var h = new ChipHarness();
        var cm4 = h.Chip.AccessPortBus(3)!;
        var ahb = h.Chip.AccessPortBus(1)!;
        Assert.Equal(BusStatus.Ok, h.Ap0.Write(0x2000_0000, AccessSize.Word, 0x1234_5678)); // DTCM
        Assert.Equal(BusStatus.Fault, cm4.Read(0x2000_0000, AccessSize.Word, out _));
        Assert.Equal(BusStatus.Fault, ahb.Read(0x2000_0000, AccessSize.Word, out _));

        // SRAM2 at 0x30020000 is at 0x10020000 for the Cortex-M4 (RM0399 2.3.2).
        Assert.Equal(BusStatus.Ok, h.Ap0.Write(0x3002_0010, AccessSize.Word, 0xA5A5_5A5A));
        Assert.Equal(BusStatus.Ok, cm4.Read(0x1002_0010, AccessSize.Word, out var viaAlias));
        Assert.Equal(0xA5A5_5A5Au, viaAlias);
        Assert.Equal(BusStatus.Fault, h.Ap0.Read(0x1002_0010, AccessSize.Word, out _));
        var window = cm4.GetWindow(0x1002_0010);
        Assert.NotNull(window);
        Assert.Equal(0xA5A5_5A5Au, BitConverter.ToUInt32(window.Data, (int)(0x1002_0010 - window.Start)));
    }

    [Fact]
    public void Each_core_has_its_own_private_peripheral_bus()
    {
        var h = new ChipHarness();
        h.Write(0xE000_EDF8, 0x1111_1111); // DCRDR of the Cortex-M7
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(3)!.Read(0xE000_EDF8, AccessSize.Word, out var cm4));
        Assert.Equal(0u, cm4);
        Assert.Equal(BusStatus.Fault, h.Chip.AccessPortBus(1)!.Read(0xE000_EDF0, AccessSize.Word, out _));
    }

    [Fact]
    public void Ram_windows_are_writable_and_flash_windows_are_not()
    {
        var h = new ChipHarness();
        var bus = h.Chip.SystemBus("CM7");
        Assert.True(bus.GetWindow(0x2400_0000)!.Writable);
        Assert.False(bus.GetWindow(0x0800_0000)!.Writable);
        Assert.Null(bus.GetWindow(0x5200_2000));
    }
}
