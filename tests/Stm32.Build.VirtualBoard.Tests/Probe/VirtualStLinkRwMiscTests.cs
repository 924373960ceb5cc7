using System.Buffers.Binary;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Debug;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

/// <summary>RW_MISC_OUT/IN: batches of AP operations as OpenOCD's stlink-dap driver sends them (stlink_usb_misc_rw_segment).</summary>
public sealed class VirtualStLinkRwMiscTests
{
    private const byte Address = 1, Write = 2, Read = 3, ApNumber = 5;
    private const uint Ok = 0x80;

    private static (byte[] Command, byte[] Data) Batch(params (byte Op, uint Value)[] items)
    {
        var command = new byte[16];
        command[0] = 0xF2;
        command[1] = 0x51;
        BinaryPrimitives.WriteUInt32LittleEndian(command.AsSpan(2), (uint)items.Length);
        var valuesAt = (items.Length + 3) & ~3;
        var data = new byte[valuesAt + (4 * items.Length)];
        for (var i = 0; i < items.Length; i++)
        {
            data[i] = items[i].Op;
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(valuesAt + (4 * i)), items[i].Value);
        }
        return (command, data);
    }

    private static (uint[] Values, uint[] Status) Results(ProbeFixture f, int items)
    {
        var reply = f.In(8 * items, 0xF2, 0x52);
        Assert.Equal(8 * items, reply.Length);
        var values = Enumerable.Range(0, items).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4 * i))).ToArray();
        var status = Enumerable.Range(0, items).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan((4 * items) + (4 * i)))).ToArray();
        return (values, status);
    }

    [Fact]
    public void A_batch_writes_and_reads_words_through_the_selected_access_port()
    {
        var f = new ProbeFixture(ProbeModel.V3);
        Assert.Equal(0x80, f.EnterSwd());
        var (command, data) = Batch(
            (ApNumber, 0), (Address, FakeDebugTarget.RamStart + 0x40), (Write, 0xCAFEF00D),
            (Read, FakeDebugTarget.RamStart + 0x40), (Read, FakeDebugTarget.RamStart + 0x44));
        Assert.Equal(data.Length, StLinkCommandFraming.OutDataLength(command));
        f.Out(command, data);
        Assert.Equal(0xCAFEF00Du, BinaryPrimitives.ReadUInt32LittleEndian(f.Target.Ram.AsSpan(0x40)));

        var (values, status) = Results(f, 5);
        Assert.All(status, s => Assert.Equal(Ok, s));
        Assert.Equal(0xCAFEF00Du, values[3]);
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(f.Target.Ram.AsSpan(0x44)), values[4]);
    }

    [Fact]
    public void Operations_before_an_access_port_is_selected_or_on_a_closed_one_fail_item_by_item()
    {
        var f = new ProbeFixture(ProbeModel.V3);
        f.EnterSwd();
        var (command, data) = Batch((Read, FakeDebugTarget.RamStart), (ApNumber, 7), (ApNumber, 0), (Read, FakeDebugTarget.RamStart), (9, 0));
        f.Out(command, data);
        var (_, status) = Results(f, 5);
        Assert.Equal([0x1Du, 0x1Du, Ok, Ok, 0x42u], status); // SWD_AP_... BAD_AP for the first two, JTAG_UNKNOWN_CMD for op 9
    }

    [Fact]
    public void A_batch_larger_than_the_probe_takes_is_refused_as_a_whole()
    {
        var f = new ProbeFixture(ProbeModel.V2_1); // 64 items at most
        f.EnterSwd();
        var items = Enumerable.Range(0, 65).Select(_ => (Read, FakeDebugTarget.RamStart)).ToArray();
        var (command, data) = Batch(items);
        f.Out(command, data);
        var (_, status) = Results(f, 64);
        Assert.All(status, s => Assert.Equal(0x08u, s)); // CMD_ERROR
    }
}
