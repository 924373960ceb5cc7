using Xunit;
using Stm32.Build.Devices;
using Stm32.Build.VirtualBoard.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Debug;

public sealed class MemAccessPortTests
{
    private const byte Csw = 0x00, Tar = 0x04, Drw = 0x0C, Bd1 = 0x14, Cfg = 0xF4, Base = 0xF8, Idr = 0xFC;
    private const uint Ram = FakeDebugTarget.RamStart;

    private static (FakeDebugTarget Target, MemAccessPort Ap) Create(int index = 0, AccessPortKind kind = AccessPortKind.AhbAp)
    {
        var target = new FakeDebugTarget();
        return (target, new MemAccessPort(index, kind, target));
    }

    [Fact]
    public void Byte_writes_take_the_data_from_the_lane_of_the_address()
    {
        var (target, ap) = Create();
        ap.Write(Csw, 0x03000010); // byte, single increment
        ap.Write(Tar, Ram + 1);
        ap.Write(Drw, 0x0000AB00); // lane 1
        ap.Write(Drw, 0x00CD0000); // lane 2 (TAR incremented to +2)
        Assert.Equal([0x00, 0xAB, 0xCD, 0x00], target.Ram[..4]);
        Assert.Equal(Ram + 3, ap.Tar);
    }

    [Fact]
    public void Halfword_reads_return_the_data_in_the_lane_of_the_address()
    {
        var (target, ap) = Create();
        target.Ram[2] = 0x34;
        target.Ram[3] = 0x12;
        ap.Write(Csw, 0x03000001);
        ap.Write(Tar, Ram + 2);
        Assert.Equal(ApResult.Ok, ap.Read(Drw, out var value));
        Assert.Equal(0x12340000u, value);
    }

    [Fact]
    public void TAR_auto_increment_wraps_inside_the_1KiB_block()
    {
        var (_, ap) = Create();
        ap.Write(Csw, 0x03000012);
        ap.Write(Tar, Ram + 0x3FC);
        ap.Read(Drw, out _);
        Assert.Equal(Ram, ap.Tar); // 0x200003FC + 4 wraps to 0x20000000, not 0x20000400
        Assert.Equal(0x12345400u, MemAccessPort.Increment(0x123457FF, 1));
    }

    [Fact]
    public void Packed_halfword_transfers_move_two_halfwords_per_DRW_access()
    {
        var (target, ap) = Create();
        ap.Write(Csw, 0x03000021); // halfword, packed
        ap.Write(Tar, Ram);
        ap.Write(Drw, 0xBEEFCAFE);
        Assert.Equal([0xFE, 0xCA, 0xEF, 0xBE], target.Ram[..4]);
        Assert.Equal(Ram + 4, ap.Tar);
        ap.Write(Tar, Ram);
        ap.Read(Drw, out var value);
        Assert.Equal(0xBEEFCAFEu, value);
    }

    [Fact]
    public void Banked_data_registers_reach_TAR_plus_offset_without_changing_TAR()
    {
        var (target, ap) = Create();
        ap.Write(Csw, 0x03000012);
        ap.Write(Tar, Ram + 0x10);
        ap.Write(Bd1, 0xA5A5A5A5);
        Assert.Equal(0xA5A5A5A5u, BitConverter.ToUInt32(target.Ram, 0x14));
        Assert.Equal(Ram + 0x10, ap.Tar);
    }

    [Fact]
    public void Identification_registers_match_the_H7()
    {
        var (_, ahb) = Create();
        ahb.Read(Idr, out var idr);
        ahb.Read(Base, out var rom);
        ahb.Read(Cfg, out var cfg);
        Assert.Equal(0x84770001u, idr);
        Assert.Equal(0xE00FE003u, rom);
        Assert.Equal(0u, cfg);
        var (_, apb) = Create(2, AccessPortKind.ApbAp);
        apb.Read(Idr, out idr);
        Assert.Equal(0x54770002u, idr);
    }

    [Fact]
    public void Under_reset_the_AHB_AP_cannot_reach_its_bus_but_the_APB_AP_can()
    {
        var (target, ahb) = Create();
        var apb = new MemAccessPort(2, AccessPortKind.ApbAp, target);
        target.NrstLow = true;
        Assert.Equal(0u, ahb.Csw & 0x40); // DeviceEn clear
        ahb.Write(Tar, Ram);
        Assert.Equal(ApResult.BusError, ahb.Read(Drw, out _));
        Assert.Equal(Ram, ahb.LastFaultAddress);
        apb.Write(Csw, 0x03000002);
        apb.Write(Tar, FakeDebugTarget.ApbRegister);
        Assert.Equal(ApResult.Ok, apb.Read(Drw, out var idc));
        Assert.Equal(target.ApbValue, idc);
    }

    [Fact]
    public void Reserved_CSW_size_keeps_the_previous_size()
    {
        var (_, ap) = Create();
        ap.Write(Csw, 0x03000001);
        ap.Write(Csw, 0x03000005); // 256-bit: not implemented
        Assert.Equal(1u, ap.Csw & 7);
    }
}
