using Xunit;
using System.Buffers.Binary;
using Stm32.Build.VirtualBoard.Debug;
using Stm32.Build.VirtualBoard.Probe;
using Stm32.Build.VirtualBoard.Tests.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Probe;

/// <summary>A virtual ST-LINK on a debug port over the fake chip, and the host-side command encodings (OpenOCD 0.12 stlink_usb.c layouts).</summary>
internal sealed class ProbeFixture
{
    public ProbeFixture(ProbeModel model = ProbeModel.V3, params BoardFault[] faults)
    {
        Faults = new BoardFaultSet(faults);
        Port = new SwDebugPort(FakeDebugTarget.Device, Target, Clock, Faults, 3.3);
        Probe = new VirtualStLink(model, Port, Clock, Counters, "TESTSERIAL", Faults.ValueOf(BoardFaultKind.UnplugAfter));
    }

    public FakeDebugTarget Target { get; } = new();
    public VirtualClock Clock { get; } = new();
    public BoardCounters Counters { get; } = new();
    public BoardFaultSet Faults { get; }
    public SwDebugPort Port { get; }
    public VirtualStLink Probe { get; }

    public byte[] In(int length, params byte[] command)
    {
        var data = new byte[length];
        var n = Probe.Transfer(command, [], data);
        return data[..n];
    }

    public void Out(byte[] command, byte[] data) => Assert.Equal(0, Probe.Transfer(command, data, []));

    public byte EnterSwd() => In(2, 0xF2, 0x30, 0xA3)[0];

    public static byte[] MemCommand(byte sub, uint address, int length, byte ap = 0)
    {
        var cmd = new byte[16];
        cmd[0] = 0xF2;
        cmd[1] = sub;
        BinaryPrimitives.WriteUInt32LittleEndian(cmd.AsSpan(2), address);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd.AsSpan(6), (ushort)length);
        cmd[8] = ap;
        return cmd;
    }

    public byte[] ReadMem(byte sub, uint address, int length, byte ap = 0) =>
        In(length == 1 ? 2 : length, MemCommand(sub, address, length, ap));

    public void WriteMem(byte sub, uint address, byte[] data, byte ap = 0) => Out(MemCommand(sub, address, data.Length, ap), data);

    /// <summary>GETLASTRWSTATUS2: (status, fault address).</summary>
    public (byte Status, uint Address) LastStatus()
    {
        var reply = In(12, 0xF2, 0x3E);
        return (reply[0], BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4)));
    }

    public (byte Status, uint Value) ReadDap(ushort port, ushort address)
    {
        var cmd = new byte[16];
        cmd[0] = 0xF2; cmd[1] = 0x45;
        BinaryPrimitives.WriteUInt16LittleEndian(cmd.AsSpan(2), port);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd.AsSpan(4), address);
        var reply = In(8, cmd);
        return (reply[0], BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(4)));
    }

    public byte WriteDap(ushort port, ushort address, uint value)
    {
        var cmd = new byte[16];
        cmd[0] = 0xF2; cmd[1] = 0x46;
        BinaryPrimitives.WriteUInt16LittleEndian(cmd.AsSpan(2), port);
        BinaryPrimitives.WriteUInt16LittleEndian(cmd.AsSpan(4), address);
        BinaryPrimitives.WriteUInt32LittleEndian(cmd.AsSpan(6), value);
        return In(2, cmd)[0];
    }
}
