using System.Buffers.Binary;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Debug;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

public sealed class VirtualStLinkTests
{
    private const byte ReadMem8 = 0x0C, WriteMem8 = 0x0D, ReadMem16 = 0x47, WriteMem16 = 0x48, ReadMem32 = 0x07, WriteMem32 = 0x08;
    private const uint Ram = FakeDebugTarget.RamStart;

    [Theory]
    [InlineData(ProbeModel.V2, 0x3748, 2, 45, 7)]
    [InlineData(ProbeModel.V2_1, 0x374B, 2, 40, 27)]
    public void GET_VERSION_encodes_the_firmware_as_OpenOCD_decodes_it(ProbeModel model, int pid, int v, int j, int low)
    {
        var f = new ProbeFixture(model);
        var reply = f.In(6, 0xF1);
        var word = BinaryPrimitives.ReadUInt16BigEndian(reply);
        Assert.Equal(v, (word >> 12) & 0xF);
        Assert.Equal(j, (word >> 6) & 0x3F);
        Assert.Equal(low, word & 0x3F);
        Assert.Equal(0x0483, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(2)));
        Assert.Equal(pid, BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(4)));
    }

    [Fact]
    public void A_V3_asks_for_GET_VERSION_EX_which_gives_the_real_version()
    {
        var f = new ProbeFixture(ProbeModel.V3);
        Assert.Equal(0x3000, BinaryPrimitives.ReadUInt16BigEndian(f.In(6, 0xF1)));
        var ex = f.In(12, 0xFB);
        Assert.Equal([3, 1, 13, 4, 3], ex[..5]);
        Assert.Equal(0x374F, BinaryPrimitives.ReadUInt16LittleEndian(ex.AsSpan(10)));
        Assert.Equal("V3J13M4B3S1", f.Probe.Firmware.ToString());
        Assert.Empty(new ProbeFixture(ProbeModel.V2).In(12, 0xFB)); // V2 has no such command
    }

    [Fact]
    public void Target_voltage_decodes_with_the_1V2_reference_formula()
    {
        var f = new ProbeFixture();
        var reply = f.In(8, 0xF7);
        var vref = BinaryPrimitives.ReadUInt32LittleEndian(reply);
        var target = BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4));
        var volts = 2 * target * 1.2 / vref;
        Assert.InRange(volts, 3.28, 3.32);
        f.Target.Powered = false;
        reply = f.In(8, 0xF7);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4)));
    }

    [Fact]
    public void Mode_goes_from_mass_storage_to_debug_and_back_on_exit()
    {
        var f = new ProbeFixture();
        Assert.Equal((byte)StLinkMode.MassStorage, f.In(2, 0xF5)[0]);
        Assert.Equal((byte)StLinkStatus.Ok, f.EnterSwd());
        Assert.Equal((byte)StLinkMode.Debug, f.In(2, 0xF5)[0]);
        var ids = f.In(12, 0xF2, 0x31);
        Assert.Equal(0x80, ids[0]);
        Assert.Equal(0x6BA02477u, BinaryPrimitives.ReadUInt32LittleEndian(ids.AsSpan(4)));
        Assert.Empty(f.In(0, 0xF2, 0x21));
        Assert.Equal((byte)StLinkMode.MassStorage, f.In(2, 0xF5)[0]);
    }

    [Fact]
    public void JTAG_is_refused_with_the_IDCODE_error()
    {
        var f = new ProbeFixture();
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, f.In(2, 0xF2, 0x30, 0xA4)[0]);
    }

    [Fact]
    public void Entering_an_unpowered_target_reports_the_IDCODE_error()
    {
        var f = new ProbeFixture();
        f.Target.Powered = false;
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, f.EnterSwd()); // pyOCD: "STLink error (9): Get IDCODE error"
        Assert.Equal((byte)StLinkStatus.JtagGetIdcodeError, f.In(12, 0xF2, 0x31)[0]);
        f.ReadMem(ReadMem32, Ram, 4);
        Assert.Equal((byte)StLinkStatus.NoDeviceConnected, f.LastStatus().Status);
    }

    [Fact]
    public void Memory_round_trips_at_every_width_with_status_OK()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        var words = Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + 1)).ToArray();
        f.WriteMem(WriteMem32, Ram + 0x100, words);
        Assert.Equal(0x80, f.LastStatus().Status);
        Assert.Equal(words, f.ReadMem(ReadMem32, Ram + 0x100, 64));
        f.WriteMem(WriteMem16, Ram + 0x202, [0x11, 0x22, 0x33, 0x44]);
        Assert.Equal([0x11, 0x22, 0x33, 0x44], f.ReadMem(ReadMem16, Ram + 0x202, 4));
        f.WriteMem(WriteMem8, Ram + 0x301, [0xAA, 0xBB, 0xCC]);
        Assert.Equal([0xAA, 0xBB, 0xCC], f.ReadMem(ReadMem8, Ram + 0x301, 3));
        Assert.Equal([0xBB, 0x00], f.ReadMem(ReadMem8, Ram + 0x302, 1)); // one byte comes back as two
        Assert.Equal([0xAA, 0xBB, 0xCC], f.Target.Ram[0x301..0x304]);
    }

    [Fact]
    public void A_block_crossing_a_1KiB_boundary_is_read_correctly()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        for (var i = 0; i < 0x800; i++) f.Target.Ram[i] = (byte)(i ^ (i >> 8));
        Assert.Equal(f.Target.Ram[0x3F0..0x410], f.ReadMem(ReadMem32, Ram + 0x3F0, 0x20));
        f.WriteMem(WriteMem32, Ram + 0x7F8, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], f.Target.Ram[0x7F8..0x808]);
    }

    [Fact]
    public void Unmapped_memory_reports_SWD_AP_FAULT_with_the_fault_address_through_GETLASTRWSTATUS2()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        // The fake's RAM ends at 0x20010000: the third word faults.
        var data = f.ReadMem(ReadMem32, Ram + 0xFFF8, 16);
        Assert.Equal(16, data.Length);
        var (status, address) = f.LastStatus();
        Assert.Equal((byte)StLinkStatus.SwdApFault, status);
        Assert.Equal(Ram + 0x10000, address);
        // The firmware cleared the sticky error: the next access works.
        Assert.Equal(new byte[4], f.ReadMem(ReadMem32, Ram, 4));
        Assert.Equal(0x80, f.LastStatus().Status);
        f.WriteMem(WriteMem32, 0x60000000, [1, 2, 3, 4]);
        Assert.Equal(((byte)StLinkStatus.SwdApFault, 0x60000000u), f.LastStatus());
    }

    [Fact]
    public void Size_and_alignment_rules_are_enforced_per_version()
    {
        var v2 = new ProbeFixture(ProbeModel.V2);
        v2.EnterSwd();
        v2.ReadMem(ReadMem8, Ram, 65);
        Assert.Equal((byte)StLinkStatus.CmdError, v2.LastStatus().Status); // 64 bytes at most on a full-speed probe
        v2.ReadMem(ReadMem8, Ram, 64);
        Assert.Equal(0x80, v2.LastStatus().Status);
        var v3 = new ProbeFixture(ProbeModel.V3);
        v3.EnterSwd();
        v3.ReadMem(ReadMem8, Ram, 512);
        Assert.Equal(0x80, v3.LastStatus().Status);
        v3.ReadMem(ReadMem8, Ram, 513);
        Assert.Equal((byte)StLinkStatus.CmdError, v3.LastStatus().Status);
        v3.ReadMem(ReadMem32, Ram + 2, 4);
        Assert.Equal((byte)StLinkStatus.AlignmentError, v3.LastStatus().Status);
        v3.ReadMem(ReadMem16, Ram, 3);
        Assert.Equal((byte)StLinkStatus.AlignmentError, v3.LastStatus().Status);
    }

    [Fact]
    public void Other_APs_need_INIT_AP_first_and_then_reach_their_bus()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        f.ReadMem(ReadMem32, FakeDebugTarget.ApbRegister, 4, ap: 2);
        Assert.Equal((byte)StLinkStatus.BadApError, f.LastStatus().Status);
        Assert.Equal(0x80, f.In(2, 0xF2, 0x4B, 2)[0]);
        var idc = f.ReadMem(ReadMem32, FakeDebugTarget.ApbRegister, 4, ap: 2);
        Assert.Equal(f.Target.ApbValue, BinaryPrimitives.ReadUInt32LittleEndian(idc));
        Assert.Equal(0x80, f.In(2, 0xF2, 0x4C, 2)[0]);
        f.ReadMem(ReadMem32, FakeDebugTarget.ApbRegister, 4, ap: 2);
        Assert.Equal((byte)StLinkStatus.BadApError, f.LastStatus().Status);
    }

    [Fact]
    public void DAP_register_commands_reach_DP_and_AP_registers()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        Assert.Equal((0x80, 0x6BA02477u), f.ReadDap(0xFFFF, 0x0));
        Assert.Equal((0x80, 0x54770002u), f.ReadDap(2, 0xFC)); // IDR may be read without INIT_AP
        Assert.Equal((byte)StLinkStatus.BadApError, f.ReadDap(2, 0x00).Status);
        var (status, dlpidr) = f.ReadDap(0xFFFF, 0x34);          // DPBANKSEL 3, address 4
        Assert.Equal(0x80, status);
        Assert.Equal(1u, dlpidr);
        Assert.Equal(0x80, f.WriteDap(0, 0x04, Ram + 8));        // TAR on AP0
        Assert.Equal((0x80, Ram + 8), f.ReadDap(0, 0x04));
    }

    [Fact]
    public void Core_register_reads_report_the_AP_fault_when_no_core_answers()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        // The fake has no core (nothing at 0xE000EDF0): the firmware reports the AP fault.
        var reply = f.In(8, 0xF2, 0x33, 15);
        Assert.Equal((byte)StLinkStatus.SwdApFault, reply[0]);
    }

    [Fact]
    public void V3_frequency_table_and_selection()
    {
        var f = new ProbeFixture(ProbeModel.V3);
        var table = f.In(52, 0xF2, 0x62, 0);
        Assert.Equal(0x80, table[0]);
        var count = table[8];
        var speeds = Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(12 + 4 * i))).ToArray();
        Assert.Equal(24000u, speeds.Max());
        var cmd = new byte[8];
        cmd[0] = 0xF2; cmd[1] = 0x61;
        BinaryPrimitives.WriteUInt32LittleEndian(cmd.AsSpan(4), 4000);
        var set = f.In(8, cmd);
        Assert.Equal(0x80, set[0]);
        Assert.Equal(3300u, BinaryPrimitives.ReadUInt32LittleEndian(set.AsSpan(4)));
        Assert.Equal(3300, f.Probe.SwdFrequencyKhz);
        Assert.Equal((byte)StLinkStatus.UnknownCommand, new ProbeFixture(ProbeModel.V2).In(2, 0xF2, 0x62, 0)[0]);
        cmd[4] = 1; cmd[5] = 0; cmd[6] = 0; cmd[7] = 0; // 1 kHz: below the lowest
        Assert.Equal((byte)StLinkStatus.CmdError, f.In(8, cmd)[0]);
    }

    [Fact]
    public void V2_SWD_frequency_divisors_follow_the_table()
    {
        var f = new ProbeFixture(ProbeModel.V2);
        Assert.Equal(0x80, f.In(2, 0xF2, 0x43, 0, 0)[0]);
        Assert.Equal(4000, f.Probe.SwdFrequencyKhz);
        Assert.Equal(0x80, f.In(2, 0xF2, 0x43, 7, 0)[0]);
        Assert.Equal(480, f.Probe.SwdFrequencyKhz);
        Assert.Equal((byte)StLinkStatus.FreqNotSupported, f.In(2, 0xF2, 0x43, 5, 0)[0]);
    }

    [Fact]
    public void DRIVE_NRST_drives_the_pin_and_the_pulse_releases_it()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        Assert.Equal(0x80, f.In(2, 0xF2, 0x3C, 0)[0]);
        Assert.True(f.Target.NrstLow);
        Assert.Equal(0x80, f.In(2, 0xF2, 0x3C, 1)[0]);
        Assert.False(f.Target.NrstLow);
        var before = f.Clock.Nanoseconds;
        Assert.Equal(0x80, f.In(2, 0xF2, 0x3C, 2)[0]);
        Assert.False(f.Target.NrstLow);
        Assert.True(f.Clock.Nanoseconds - before >= 1_000_000);
        f.In(2, 0xF2, 0x3C, 0);
        f.In(0, 0xF2, 0x21); // leaving debug mode releases NRST
        Assert.False(f.Target.NrstLow);
    }

    [Fact]
    public void Unplug_after_N_commands_then_every_transfer_throws_until_replugged()
    {
        var f = new ProbeFixture(ProbeModel.V3, BoardFault.Parse("unplug-after=3"));
        for (var i = 0; i < 3; i++) f.In(2, 0xF5);
        var ex = Assert.Throws<VirtualProbeDisconnectedException>(() => f.In(2, 0xF5));
        Assert.Equal("STM5500", ex.Code);
        Assert.False(f.Probe.IsConnected);
        Assert.Throws<VirtualProbeDisconnectedException>(() => f.In(6, 0xF1));
        f.Probe.Replug();
        Assert.Equal(6, f.In(6, 0xF1).Length);
    }

    [Fact]
    public void Malformed_transfers_are_coded_errors()
    {
        var f = new ProbeFixture();
        Assert.Equal("STM5501", Assert.Throws<Stm32.Build.Diagnostics.Stm32Exception>(() => f.Probe.Transfer([], [], [])).Code);
        Assert.Equal("STM5501", Assert.Throws<Stm32.Build.Diagnostics.Stm32Exception>(() => f.Probe.Transfer(new byte[17], [], [])).Code);
        f.EnterSwd();
        Assert.Equal("STM5501", Assert.Throws<Stm32.Build.Diagnostics.Stm32Exception>(
            () => f.Probe.Transfer(ProbeFixture.MemCommand(WriteMem32, Ram, 8), new byte[4], [])).Code);
    }

    [Fact]
    public void Unknown_debug_commands_answer_JTAG_UNKNOWN_CMD_and_unknown_commands_nothing()
    {
        var f = new ProbeFixture();
        Assert.Equal((byte)StLinkStatus.UnknownCommand, f.In(2, 0xF2, 0x7F)[0]);
        Assert.Empty(f.In(4, 0xE0));
    }

    [Fact]
    public void Counters_count_round_trips_bytes_and_SWD_transfers()
    {
        var f = new ProbeFixture();
        f.EnterSwd();
        var before = f.Counters.Snapshot();
        f.ReadMem(ReadMem32, Ram, 16);
        Assert.Equal(before.UsbRoundTrips + 1, f.Counters.UsbRoundTrips);
        Assert.Equal(before.BytesOut + 16, f.Counters.BytesOut);
        Assert.Equal(before.BytesIn + 16, f.Counters.BytesIn);
        // CSW + TAR writes (SELECT cached), 4 posted DRW reads, RDBUFF = 7 transfers.
        Assert.Equal(before.SwdTransfers + 7, f.Counters.SwdTransfers);
        Assert.Equal(f.Clock.Now, f.Counters.Elapsed);
    }
}
