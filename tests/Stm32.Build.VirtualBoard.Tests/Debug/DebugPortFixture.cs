using Xunit;
using Stm32.Build.VirtualBoard.Debug;

namespace Stm32.Build.VirtualBoard.Tests.Debug;

/// <summary>A debug port over a <see cref="FakeDebugTarget"/>, with the host-side steps tests repeat.</summary>
internal sealed class DebugPortFixture
{
    public const byte DpIdr = 0x0, DpAbort = 0x0, DpCtrlStat = 0x4, DpSelect = 0x8, DpRdbuff = 0xC, DpResend = 0x8;
    public const uint PowerUpRequest = (1u << 28) | (1u << 30);

    public DebugPortFixture(params BoardFault[] faults)
    {
        Faults = new BoardFaultSet(faults);
        Port = new SwDebugPort(FakeDebugTarget.Device, Target, Clock, Faults, 3.3);
    }

    public FakeDebugTarget Target { get; } = new();
    public VirtualClock Clock { get; } = new();
    public BoardFaultSet Faults { get; }
    public SwDebugPort Port { get; }

    /// <summary>Line reset, DPIDR read, power-up request: what every debugger does first.</summary>
    public void Connect()
    {
        Port.LineReset();
        Assert.Equal(SwdAck.Ok, Port.ReadDp(DpIdr, out _));
        Assert.Equal(SwdAck.Ok, Port.WriteDp(DpCtrlStat, PowerUpRequest));
    }

    /// <summary>Selects AP <paramref name="ap"/> with APBANKSEL for <paramref name="register"/>.</summary>
    public void Select(int ap, byte register) =>
        Assert.Equal(SwdAck.Ok, Port.WriteDp(DpSelect, ((uint)ap << 24) | (register & 0xF0u)));

    public void WriteAp(int ap, byte register, uint value)
    {
        Select(ap, register);
        Assert.Equal(SwdAck.Ok, Port.WriteAp((byte)(register & 0xC), value));
    }

    /// <summary>A complete AP read: posted read then RDBUFF.</summary>
    public uint ReadAp(int ap, byte register)
    {
        Select(ap, register);
        Assert.Equal(SwdAck.Ok, Port.ReadAp((byte)(register & 0xC), out _));
        Assert.Equal(SwdAck.Ok, Port.ReadDp(DpRdbuff, out var value));
        return value;
    }
}
