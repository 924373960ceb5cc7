using System.Text;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>
/// A U(S)ART with the register set of the STM32F1/F2/F4 (RM0090 30.6: SR, DR, BRR, CR1-CR3, GTPR): what firmware
/// writes to DR while the USART and its transmitter are enabled (CR1.UE, CR1.TE) is transmitted and kept. SR is
/// declared with its reset value from the manual (0x00C0: TXE and TC set; RM0090 30.6.1), and TXE and TC read as set
/// whenever the transmitter is enabled: the model sends each character at once (the frame time is not modelled).
/// Reception, interrupts and DMA are not modelled.
/// </summary>
public sealed class UsartV1 : Peripheral
{
    /// <summary>The most bytes kept.</summary>
    public const int Capacity = 1 << 20;

    private const uint SrOffset = 0x00, DrOffset = 0x04, Cr1Offset = 0x0C;
    private const uint Ue = 1u << 13, Te = 1u << 3, Txe = 1u << 7, Tc = 1u << 6;

    private readonly List<byte> _transmitted = [];
    private readonly PeripheralClock _clock;

    /// <summary>Declares the USART from its register-table entry.</summary>
    public UsartV1(PeripheralContext context, PeripheralInfo info) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _clock = new PeripheralClock(context, info.Name, 0);
        Registers.Declare(info);
        var sr = Registers.Define(SrOffset, "SR", 0x0000_00C0);
        sr.OnRead(value => TransmitterEnabled ? value | Txe | Tc : value);
        Registers.At(DrOffset)!.OnWrite((_, value) => Transmit((byte)value));
        Registers.At(Cr1Offset)?.Modelled(); // UE and TE gate the transmitter
    }

    /// <summary>Whether UE and TE are set.</summary>
    public bool TransmitterEnabled => (Registers.At(Cr1Offset)!.Value & (Ue | Te)) == (Ue | Te);

    /// <summary>What was transmitted.</summary>
    public IReadOnlyList<byte> Transmitted => _transmitted;

    /// <summary>What was transmitted, as text (UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString([.. _transmitted]);

    private void Transmit(byte value)
    {
        if (TransmitterEnabled && _clock.IsRunning && _transmitted.Count < Capacity)
        {
            _transmitted.Add(value);
        }
    }
}
