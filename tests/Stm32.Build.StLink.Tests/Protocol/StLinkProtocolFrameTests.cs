using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Tests.Support;

namespace Stm32.Build.StLink.Tests.Protocol;

/// <summary>
/// Frame-level tests: each command's block, data phases and reply parsing against the layouts in OpenOCD 0.12
/// src/jtag/drivers/stlink_usb.c (expected bytes written from that layout, not from the driver's output).
/// </summary>
public sealed class StLinkProtocolFrameTests
{
    private static (StLinkProtocol Protocol, FakeStLink Fake) Create(FakeStLink fake)
    {
        var p = new StLinkProtocol(fake) { Delay = _ => { } };
        p.ReadVersion();
        fake.Frames.Clear();
        return (p, fake);
    }

    [Fact]
    public void Version_is_one_GET_VERSION_on_V2_and_adds_GET_VERSION_EX_on_V3()
    {
        var v2 = FakeStLink.V2();
        new StLinkProtocol(v2).ReadVersion();
        Assert.Equal([Cmd.Of("F1")], v2.Hex);
        Assert.Equal(6, v2.Frames[0].InLength);

        var v3 = FakeStLink.V3();
        var version = new StLinkProtocol(v3).ReadVersion();
        Assert.Equal([Cmd.Of("F1"), Cmd.Of("FB")], v3.Hex);
        Assert.Equal(12, v3.Frames[1].InLength);
        Assert.Equal(7, version.Jtag);
    }

    [Fact]
    public void V1_is_rejected_with_a_coded_error()
    {
        var fake = new FakeStLink((1 << 12) | (11 << 6), 0x3744);
        var e = Assert.Throws<ProbeException>(() => new StLinkProtocol(fake).ReadVersion());
        Assert.Equal(DiagnosticCodes.UnsupportedProbe, e.Code);
    }

    [Theory]
    [InlineData(0x00, "F307")] // DFU -> DFU_EXIT
    [InlineData(0x02, "F221")] // debug -> DEBUG_EXIT
    [InlineData(0x03, "F401")] // SWIM -> SWIM_EXIT
    public void Leaving_the_current_mode_sends_the_matching_exit(byte mode, string exit)
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.Mode = mode;
        p.LeaveCurrentMode();
        Assert.Equal([Cmd.Of("F5"), Cmd.Of(exit)], fake.Hex);
        Assert.Equal(0, fake.Frames[1].InLength);
    }

    [Fact]
    public void Mass_storage_mode_needs_no_exit()
    {
        var (p, fake) = Create(FakeStLink.V2());
        Assert.Equal(StLinkMode.MassStorage, p.LeaveCurrentMode());
        Assert.Equal([Cmd.Of("F5")], fake.Hex);
    }

    [Fact]
    public void Target_voltage_is_two_times_adc1_times_1_2_over_adc0()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.Voltage = (1489, 2048);
        Assert.Equal(2 * 2048 * 1.2 / 1489, p.ReadTargetVoltage(), 6);
        Assert.Equal([Cmd.Of("F7")], fake.Hex);
        Assert.Equal(8, fake.Frames[0].InLength);
        fake.Voltage = (0, 0);
        Assert.Equal(0.0, p.ReadTargetVoltage());
    }

    [Fact]
    public void Target_voltage_needs_V2J13()
    {
        var (p, _) = Create(FakeStLink.V2(jtag: 12));
        var e = Assert.Throws<FirmwareTooOldException>(() => p.ReadTargetVoltage());
        Assert.Equal(DiagnosticCodes.FirmwareTooOld, e.Code);
        Assert.Contains("update the ST-LINK firmware (found V2J12, need V2J13 or newer)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_and_exit_debug()
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.EnterSwd();
        p.EnterJtag();
        p.ExitDebug();
        Assert.Equal([Cmd.Of("F230A3"), Cmd.Of("F230A4"), Cmd.Of("F221")], fake.Hex);
        Assert.Equal([2, 2, 0], fake.Frames.Select(f => f.InLength));
    }

    [Theory]
    [InlineData(4000, 4000, "F2430000")]
    [InlineData(1800, 1800, "F2430100")]
    [InlineData(1000, 950, "F2430300")]
    [InlineData(100, 100, "F2432800")]
    [InlineData(1, 5, "F2431E03")] // below the table: the slowest entry, divisor 798
    public void Swd_frequency_uses_the_V2_divisor_table(int asked, int expected, string block)
    {
        var (p, fake) = Create(FakeStLink.V2());
        Assert.Equal(expected, p.SetSwdFrequency(asked));
        Assert.Equal([Cmd.Of(block)], fake.Hex);
    }

    [Fact]
    public void Swd_frequency_on_V2J21_asks_for_a_firmware_update()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 21));
        var e = Assert.Throws<FirmwareTooOldException>(() => p.SetSwdFrequency(4000));
        Assert.Contains("update the ST-LINK firmware (found V2J21, need V2J22 or newer)", e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Frames);
    }

    [Fact]
    public void V3_frequencies_are_read_and_the_fastest_not_above_is_set()
    {
        var (p, fake) = Create(FakeStLink.V3());
        var (available, current) = p.GetComFrequencies(jtag: false);
        Assert.Equal([24000, 8000, 3300, 1000, 200], available);
        Assert.Equal(1000, current);
        Assert.Equal(3300, p.SetComFrequency(jtag: false, 4000));
        // SET_COM_FREQ: F2 61, 0 = SWD, reserved, frequency in kHz (LE32) at offset 4.
        Assert.Equal(Cmd.Of("F2 61 00 00 E4 0C 00 00"), fake.Frames[^1].Hex);
        Assert.Equal(Cmd.Of("F2 62 00"), fake.Frames[0].Hex);
        Assert.Equal(52, fake.Frames[0].InLength);
    }

    [Fact]
    public void Idcode_comes_from_offset_4()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.IdCode = 0x6BA02477;
        Assert.Equal(0x6BA02477u, p.ReadIdCode());
        Assert.Equal([Cmd.Of("F231")], fake.Hex);
        Assert.Equal(12, fake.Frames[0].InLength);
    }

    [Fact]
    public void Debug_register_read_and_write()
    {
        var (p, fake) = Create(FakeStLink.V2());
        Assert.Equal(0x12345678u, p.ReadDebugRegister(0xE000EDF0));
        p.WriteDebugRegister(0xE000EDF0, 0xA05F0003);
        Assert.Equal([Cmd.Of("F2 36 F0 ED 00 E0"), Cmd.Of("F2 35 F0 ED 00 E0 03 00 5F A0")], fake.Hex);
        Assert.Equal([8, 2], fake.Frames.Select(f => f.InLength));
    }

    [Fact]
    public void Core_register_commands()
    {
        var (p, fake) = Create(FakeStLink.V2());
        Assert.Equal(0x12345678u, p.ReadCoreRegister(15));
        p.WriteCoreRegister(1, 0xDEADBEEF);
        var all = p.ReadAllRegisters();
        Assert.Equal([Cmd.Of("F2 33 0F"), Cmd.Of("F2 34 01 EF BE AD DE"), Cmd.Of("F2 3A")], fake.Hex);
        Assert.Equal([8, 2, 88], fake.Frames.Select(f => f.InLength));
        Assert.Equal(21, all.Length);
        Assert.Equal(0x100u, all[0]);
        Assert.Equal(0x114u, all[20]);
        Assert.Throws<ProbeException>(() => p.ReadCoreRegister(128));
    }

    [Theory]
    [InlineData(NrstAction.Low, "F23C00")]
    [InlineData(NrstAction.High, "F23C01")]
    [InlineData(NrstAction.Pulse, "F23C02")]
    public void Drive_nrst(NrstAction action, string block)
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.DriveNrst(action);
        Assert.Equal([Cmd.Of(block)], fake.Hex);
        Assert.Equal(2, fake.Frames[0].InLength);
    }

    [Fact]
    public void Resetsys()
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.ResetSystem();
        Assert.Equal([Cmd.Of("F232")], fake.Hex);
    }

    [Fact]
    public void Dap_register_commands_and_their_firmware_gate()
    {
        var (p, fake) = Create(FakeStLink.V2());
        Assert.Equal(0x12345678u, p.ReadDapRegister(0xFFFF, 0x4));
        p.WriteDapRegister(1, 0x0, 0x23000052);
        Assert.Equal([Cmd.Of("F2 45 FF FF 04 00"), Cmd.Of("F2 46 01 00 00 00 52 00 00 23")], fake.Hex);

        var (old, _) = Create(FakeStLink.V2(jtag: 23));
        var e = Assert.Throws<FirmwareTooOldException>(() => old.ReadDapRegister(0xFFFF, 0));
        Assert.Equal(("V2J23", "V2J24"), (e.Found, e.Needed));
    }

    [Fact]
    public void Access_ports_are_opened_once_with_INIT_AP_and_closed_with_CLOSE_AP_DBG()
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.OpenAp(2);
        p.OpenAp(2);
        p.CloseAp(2);
        Assert.Equal([Cmd.Of("F2 4B 02"), Cmd.Of("F2 4C 02")], fake.Hex);
    }

    [Fact]
    public void Close_ap_status_is_ignored_before_V2J29()
    {
        var (p28, fake28) = Create(FakeStLink.V2(jtag: 28));
        p28.OpenAp(1);
        fake28.Statuses.Enqueue(0x12);
        p28.CloseAp(1); // bogus status on J28 firmware: ignored (OpenOCD STLINK_F_FIX_CLOSE_AP)

        var (p29, fake29) = Create(FakeStLink.V2(jtag: 29));
        p29.OpenAp(1);
        fake29.Statuses.Enqueue(0x12);
        Assert.Throws<StLinkCommandException>(() => p29.CloseAp(1));
    }

    [Fact]
    public void Old_firmware_has_only_access_port_0()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 27));
        p.OpenAp(0);
        Assert.Empty(fake.Frames);
        var e = Assert.Throws<FirmwareTooOldException>(() => p.OpenAp(1));
        Assert.Equal("V2J28", e.Needed);
    }
}
