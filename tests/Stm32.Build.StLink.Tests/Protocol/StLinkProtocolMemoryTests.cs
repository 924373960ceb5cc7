using System.Buffers.Binary;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink.Protocol;
using Stm32.Build.StLink.Tests.Support;

namespace Stm32.Build.StLink.Tests.Protocol;

/// <summary>Memory commands: encoding, chunking to each firmware's limits, alignment and the last-R/W status.</summary>
public sealed class StLinkProtocolMemoryTests
{
    private static (StLinkProtocol Protocol, FakeStLink Fake) Create(FakeStLink fake)
    {
        var p = new StLinkProtocol(fake) { Delay = _ => { } };
        p.ReadVersion();
        p.OpenAp(0); // INIT_AP 0 (from V2J28) is checked in Access_port_0_is_initialised_once
        fake.Frames.Clear();
        return (p, fake);
    }

    [Fact]
    public void Access_port_0_is_initialised_once_from_V2J28_and_not_before()
    {
        var fake = FakeStLink.V2(jtag: 28);
        var p = new StLinkProtocol(fake);
        p.ReadVersion();
        fake.Frames.Clear();
        p.ReadMemory(0, 0x20000000, new byte[4]);
        p.ReadMemory(0, 0x20000000, new byte[4]);
        Assert.Equal(1, fake.Frames.Count(f => f.Hex == Cmd.Of("F2 4B 00")));
        Assert.Equal(Cmd.Of("F2 4B 00"), fake.Frames[0].Hex);

        var old = FakeStLink.V2(jtag: 27);
        var p27 = new StLinkProtocol(old);
        p27.ReadVersion();
        old.Frames.Clear();
        p27.ReadMemory(0, 0x20000000, new byte[4]);
        Assert.DoesNotContain(old.Frames, f => f.Command[1] == 0x4B);
    }

    private static IEnumerable<(byte Cmd, uint Address, int Length, int Ap)> MemoryFrames(FakeStLink fake) =>
        fake.Frames.Where(f => f.Command[0] == 0xF2 && f.Command[1] is 0x07 or 0x08 or 0x0C or 0x0D or 0x47 or 0x48)
            .Select(f => (f.Command[1], BinaryPrimitives.ReadUInt32LittleEndian(f.Command.AsSpan(2)), (int)BinaryPrimitives.ReadUInt16LittleEndian(f.Command.AsSpan(6)), (int)f.Command[8]));

    [Fact]
    public void Read32_block_then_GETLASTRWSTATUS2()
    {
        var (p, fake) = Create(FakeStLink.V2());
        for (var i = 0u; i < 16; i++)
        {
            fake[0x20000000 + i] = (byte)(i + 1);
        }
        var data = new byte[16];
        p.ReadMemory(0, 0x20000000, data);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (byte)i), data);
        Assert.Equal([Cmd.Of("F2 07 00 00 00 20 10 00 00"), Cmd.Of("F2 3E")], fake.Hex);
        Assert.Equal([16, 12], fake.Frames.Select(f => f.InLength));
    }

    [Fact]
    public void Before_V2J15_the_two_byte_GETLASTRWSTATUS_is_used()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 14));
        p.WriteMemory(0, 0x24000000, new byte[] { 1, 2, 3, 4 });
        Assert.Equal([Cmd.Of("F2 08 00 00 00 24 04 00 00"), Cmd.Of("F2 3B")], fake.Hex);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, fake.Frames[0].DataOut);
        Assert.Equal(2, fake.Frames[1].InLength);
    }

    [Fact]
    public void A_single_byte_read_asks_for_two_bytes()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake[0x08000000] = 0x5A;
        var b = new byte[1];
        p.ReadMemory(0, 0x08000000, b, MemoryAccessWidth.Bits8);
        Assert.Equal(0x5A, b[0]);
        Assert.Equal(Cmd.Of("F2 0C 00 00 00 08 01 00 00"), fake.Frames[0].Hex);
        Assert.Equal(2, fake.Frames[0].InLength);
    }

    [Fact]
    public void Unaligned_head_and_tail_use_8_bit_accesses()
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.ReadMemory(0, 0x20000001, new byte[10]);
        Assert.Equal(
            [(0x0C, 0x20000001u, 3, 0), (0x07, 0x20000004u, 4, 0), (0x0C, 0x20000008u, 3, 0)],
            MemoryFrames(fake).Select(f => ((int)f.Cmd, f.Address, f.Length, f.Ap)));
    }

    [Fact]
    public void Transfers_never_cross_a_1KiB_boundary()
    {
        var (p, fake) = Create(FakeStLink.V2());
        p.ReadMemory(0, 0x240003F0, new byte[64]);
        p.WriteMemory(0, 0x24000000, new byte[4096]);
        Assert.Equal(
            [(0x240003F0u, 16), (0x24000400u, 48), (0x24000000u, 1024), (0x24000400u, 1024), (0x24000800u, 1024), (0x24000C00u, 1024)],
            MemoryFrames(fake).Select(f => (f.Address, f.Length)));
    }

    [Fact]
    public void Eight_bit_transfers_are_split_at_64_bytes_on_V2_and_512_on_V3J6()
    {
        var (v2, f2) = Create(FakeStLink.V2());
        v2.ReadMemory(0, 0x20000000, new byte[200], MemoryAccessWidth.Bits8);
        Assert.Equal([64, 64, 64, 8], MemoryFrames(f2).Select(f => f.Length));

        var (v3, f3) = Create(FakeStLink.V3(jtag: 7));
        v3.ReadMemory(0, 0x20000000, new byte[600], MemoryAccessWidth.Bits8);
        Assert.Equal([512, 88], MemoryFrames(f3).Select(f => f.Length));

        var (v3old, f3old) = Create(FakeStLink.V3(jtag: 5));
        v3old.ReadMemory(0, 0x20000000, new byte[100], MemoryAccessWidth.Bits8);
        Assert.Equal([64, 36], MemoryFrames(f3old).Select(f => f.Length));
    }

    [Fact]
    public void Sixteen_bit_falls_back_to_8_bit_before_V2J26()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 25));
        p.ReadMemory(0, 0x20000000, new byte[4], MemoryAccessWidth.Bits16);
        Assert.All(MemoryFrames(fake), f => Assert.Equal(0x0C, f.Cmd));

        var (p26, fake26) = Create(FakeStLink.V2(jtag: 26));
        p26.WriteMemory(0, 0x20000000, new byte[4], MemoryAccessWidth.Bits16);
        Assert.All(MemoryFrames(fake26), f => Assert.Equal(0x48, f.Cmd));
    }

    [Fact]
    public void The_transport_packet_limit_is_honoured()
    {
        var fake = FakeStLink.V3();
        fake.MaxPacketOverride = 512;
        var (p, _) = Create(fake);
        p.ReadMemory(0, 0x24000000, new byte[1024]);
        Assert.Equal([512, 512], MemoryFrames(fake).Select(f => f.Length));
    }

    [Fact]
    public void Other_access_ports_are_initialised_and_named_in_the_command()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 32));
        p.ReadMemory(2, 0xE00E1000, new byte[4]);
        Assert.Equal([Cmd.Of("F2 4B 02"), Cmd.Of("F2 07 00 10 0E E0 04 00 02"), Cmd.Of("F2 3E")], fake.Hex);
    }

    [Fact]
    public void Memory_on_another_access_port_needs_V2J32()
    {
        var (p, fake) = Create(FakeStLink.V2(jtag: 28));
        var e = Assert.Throws<FirmwareTooOldException>(() => p.ReadMemory(3, 0x10000000, new byte[4]));
        Assert.Contains("(found V2J28, need V2J32 or newer)", e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Frames);
    }

    [Fact]
    public void A_fault_is_a_coded_error_with_the_address()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.Statuses.Enqueue(0x11); // SWD_AP_FAULT, reported by GETLASTRWSTATUS2
        var e = Assert.Throws<StLinkCommandException>(() => p.ReadMemory(0, 0x60000000, new byte[8]));
        Assert.Equal(DiagnosticCodes.MemoryAccessFault, e.Code);
        Assert.Equal(0x60000000u, e.Diagnostic.Address);
        Assert.Contains("0x60000000", e.Message, StringComparison.Ordinal);
        Assert.Equal(StLinkStatus.SwdApFault, e.Status);
    }

    [Fact]
    public void The_fault_address_from_GETLASTRWSTATUS2_is_reported()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.FaultAddress = 0x60000010;
        fake.Statuses.Enqueue(0x11);
        var e = Assert.Throws<StLinkCommandException>(() => p.ReadMemory(0, 0x60000000, new byte[64]));
        Assert.Equal(0x60000010u, e.Diagnostic.Address);
    }

    [Fact]
    public void A_wait_retries_the_chunk()
    {
        var (p, fake) = Create(FakeStLink.V2());
        fake.Statuses.Enqueue(0x10);
        fake.Statuses.Enqueue(0x80);
        fake.Statuses.Enqueue(0x80);
        p.WriteMemory(0, 0x24000000, new byte[8]);
        Assert.Equal(2, MemoryFrames(fake).Count());
        Assert.Equal(1, p.WaitRetries);
    }

    [Fact]
    public void Transfers_past_4GiB_are_refused()
    {
        var (p, fake) = Create(FakeStLink.V2());
        var e = Assert.Throws<ProbeException>(() => p.ReadMemory(0, 0xFFFFFFFC, new byte[8]));
        Assert.Equal(DiagnosticCodes.InvalidProbeRequest, e.Code);
        Assert.Empty(fake.Frames);
    }
}
