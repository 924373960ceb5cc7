using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Tests.Support;

namespace Stm32.Build.StLink.Tests;

/// <summary>The command sequences of opening, connecting and closing a probe, at the frame level (OpenOCD stlink_usb_init_mode order).</summary>
public sealed class StLinkProbeSequenceTests
{
    private static readonly ProbeOpenOptions NoLock = new() { NoLock = true };

    [Fact]
    public void Open_leaves_dfu_checks_power_sets_the_clock_enters_swd_and_reads_the_idcode()
    {
        var fake = FakeStLink.V2();
        fake.Mode = 0x00; // DFU
        using (var probe = StLinkProbe.Open(fake, NoLock))
        {
            Assert.Equal(0x6BA02477u, probe.DpIdcode);
            Assert.Equal(4000, probe.SwdFrequencyKhz);
            Assert.True(probe.IsConnected);
        }
        Assert.Equal(
            [Cmd.Of("F1"), Cmd.Of("F5"), Cmd.Of("F307"), Cmd.Of("F7"), Cmd.Of("F2430000"), Cmd.Of("F230A3"), Cmd.Of("F231"), Cmd.Of("F221")],
            fake.Hex);
        Assert.True(fake.Disposed);
    }

    [Fact]
    public void A_v3_sets_its_clock_with_the_com_frequency_commands()
    {
        var fake = FakeStLink.V3();
        using var probe = StLinkProbe.Open(fake, NoLock with { SwdFrequencyKhz = 1000 });
        Assert.Equal(1000, probe.SwdFrequencyKhz);
        Assert.Contains(Cmd.Of("F2 61 00 00 E8 03 00 00"), fake.Hex);
        Assert.DoesNotContain(fake.Frames, f => f.Command[0] == 0xF2 && f.Command[1] == 0x43);
    }

    [Fact]
    public void Connect_under_reset_drives_nrst_low_before_and_after_entering_and_releases_it_on_close()
    {
        var fake = FakeStLink.V2();
        using (StLinkProbe.Open(fake, NoLock with { ConnectUnderReset = true }))
        {
        }
        var hex = fake.Hex.ToList();
        var enter = hex.IndexOf(Cmd.Of("F230A3"));
        Assert.Equal(Cmd.Of("F23C00"), hex[enter - 1]);
        Assert.Equal(Cmd.Of("F23C00"), hex[enter + 1]);
        Assert.Equal([Cmd.Of("F23C01"), Cmd.Of("F221")], hex.TakeLast(2));
    }

    [Fact]
    public void A_rejected_clock_setting_keeps_the_probes_clock_and_connects()
    {
        var fake = FakeStLink.V2();
        fake.Statuses.Enqueue(0x42); // JTAG_UNKNOWN_CMD to SWD_SET_FREQ
        using var probe = StLinkProbe.Open(fake, NoLock);
        Assert.Equal(0, probe.SwdFrequencyKhz);
        Assert.True(probe.IsConnected);
    }

    [Fact]
    public void An_old_v2_without_clock_or_voltage_commands_still_connects()
    {
        var fake = FakeStLink.V2(jtag: 12);
        using var probe = StLinkProbe.Open(fake, NoLock);
        Assert.Equal(0, probe.SwdFrequencyKhz);
        Assert.DoesNotContain(fake.Frames, f => f.Command[0] == 0xF7);
    }

    [Fact]
    public void A_low_target_voltage_stops_the_connect_before_swd_is_entered()
    {
        var fake = FakeStLink.V2();
        fake.Voltage = (1489, 0);
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open(fake, NoLock));
        Assert.Equal(DiagnosticCodes.TargetNotPowered, e.Code);
        Assert.DoesNotContain(Cmd.Of("F230A3"), fake.Hex);
        Assert.True(fake.Disposed);
    }

    [Fact]
    public void An_idcode_of_zero_is_no_target_and_swd_is_left()
    {
        var fake = FakeStLink.V2();
        fake.IdCode = 0;
        var e = Assert.Throws<ProbeException>(() => StLinkProbe.Open(fake, NoLock));
        Assert.Equal(DiagnosticCodes.DebugPortNotResponding, e.Code);
        Assert.Equal(Cmd.Of("F221"), fake.Hex.Last());
    }

    [Fact]
    public void Without_connect_the_probe_opens_but_refuses_target_access()
    {
        var fake = FakeStLink.V2();
        using var probe = StLinkProbe.Open(fake, NoLock with { Connect = false });
        Assert.False(probe.IsConnected);
        Assert.Equal("V2J37S7", probe.Version.ShortName);
        var e = Assert.Throws<ProbeException>(() => probe.ReadWord(0, 0x20000000));
        Assert.Equal(DiagnosticCodes.ProbeClosed, e.Code);
    }
}
