using System.Globalization;
using Stm32.Build.Execution;
using Stm32.Build.Registers;

namespace Stm32.Build.VirtualBoard.Families.Common;

/// <summary>One character a U(S)ART finished sending: when its stop bit ended, which peripheral, the data.</summary>
/// <param name="TimeNs">The virtual time the frame's last stop bit ended.</param>
/// <param name="Peripheral">The peripheral, e.g. <c>USART1</c>.</param>
/// <param name="Data">The data bits (7, 8 or 9 of them, parity included as the manual counts it).</param>
public readonly record struct UsartByte(long TimeNs, string Peripheral, ushort Data)
{
    /// <summary>The low eight data bits.</summary>
    public byte Value => (byte)Data;
}

/// <summary>
/// A U(S)ART with the register set of the STM32H7 (RM0399 USART chapter; the same block as the G0/G4/L5 ones): CR1,
/// CR2, CR3, BRR, PRESC, RQR, ISR, ICR, TDR, RDR from the register table, with the transmitter modelled on the chip's
/// timeline. Modelled (RM0399 USART functional description and registers):
/// <list type="bullet">
/// <item>UE/TE/RE and the acknowledge flags TEACK/REACK; setting TE (with UE) sends an idle frame first, so the first
/// character starts one frame time later; clearing UE stops the USART at once, discards what is pending and returns
/// the ISR flags to their reset values;</item>
/// <item>transmission: a character written to TDR (or the 16-entry TX FIFO when CR1.FIFOEN = 1) moves to the shift
/// register when the line is free and takes one frame — start bit, 7/8/9 data bits (CR1.M1:M0, parity included), 0.5/1/1.5/2
/// stop bits (CR2.STOP) — at the baud rate given by the kernel clock, PRESC and BRR (OVER8 = 0: baud = f/USARTDIV;
/// OVER8 = 1: baud = 2f/USARTDIV with BRR[2:0] = USARTDIV[3:1]); TXE/TXFNF, TXFE, TXFT and TC follow, TC is cleared
/// by a TDR write or ICR.TCCF; every character that leaves is captured (<see cref="Transmitted"/>) and announced
/// (<see cref="ByteTransmitted"/>);</item>
/// <item>reception of what the board sends (<see cref="Receive"/>): RDR or the RX FIFO, RXNE/RXFNE, RXFF, ORE;</item>
/// <item>the interrupt output (TXEIE/TXFNFIE, TCIE, RXNEIE/RXFNEIE with ORE, TXFEIE, TXFTIE) through the chip's
/// interrupt line of the same name;</item>
/// <item>the clocks: the kernel clock by the peripheral's name from the clock tree (64 MHz HSI without one); with a
/// clock tree, a USART whose clock is off ignores writes and reads 0 (logged once).</item>
/// </list>
/// Not modelled (logged when used): synchronous, smartcard, IrDA, LIN, RS-485 driver enable, auto-baud, receiver
/// timeout, wake-up from Stop, hardware flow control, DMA requests, break and mute requests, parity/framing errors.
/// </summary>
public sealed partial class Usart : Peripheral
{
    /// <summary>The TX and RX FIFO depth of the H7 USARTs (RM0399 USART main features: 16-entry FIFOs).</summary>
    public const int FifoDepth = 16;

    /// <summary>The most characters <see cref="Transmitted"/> keeps per USART (later ones are counted in <see cref="Dropped"/>).</summary>
    public const int CaptureCapacity = 1 << 20;

    private const uint Txe = 1u << 7, Tc = 1u << 6, Rxne = 1u << 5, Ore = 1u << 3;
    private const uint Teack = 1u << 21, Reack = 1u << 22, Txfe = 1u << 23, Rxff = 1u << 24, Rxft = 1u << 26, Txft = 1u << 27;

    private readonly PeripheralClock _clock;
    private readonly Register _cr1, _cr2, _cr3, _brr;
    private readonly Register? _presc;
    private readonly InterruptLine _interrupt;
    private readonly List<UsartByte> _transmitted = [];
    private readonly HashSet<string> _reported = [];
    private bool _reportedUnclocked;

    /// <summary>Declares the USART from its register-table entry.</summary>
    /// <param name="context">The chip's services.</param>
    /// <param name="info">The register-table entry (<c>USART1</c>, <c>UART4</c>, …).</param>
    /// <param name="resetKernelHz">The kernel clock when the chip has no clock tree (the H7's HSI, 64 MHz).</param>
    public Usart(PeripheralContext context, PeripheralInfo info, long resetKernelHz) : base(context, info.Name, info.BaseAddress, info.Size)
    {
        ArgumentNullException.ThrowIfNull(info);
        _clock = new PeripheralClock(context, info.Name, resetKernelHz);
        Registers.Declare(info);
        _cr1 = Registers["CR1"];
        _cr2 = Registers["CR2"];
        _cr3 = Registers["CR3"];
        _brr = Registers["BRR"];
        _presc = Registers.Find("PRESC");
        _interrupt = context.Interrupt(info.Name);
        _cr1.OnWrite(Cr1Written);
        _cr2.OnWrite((_, _) => Changed());
        _cr3.OnWrite((_, _) => Changed());
        _brr.OnWrite((_, _) => Changed());
        _presc?.OnWrite((_, _) => Changed());
        Registers["ISR"].OnRead(_ => Isr);
        Registers["ICR"].OnWrite((_, _) => ClearFlags());
        Registers["RQR"].OnWrite((_, _) => Request());
        Registers["TDR"].OnWrite((_, _) => WriteTdr((ushort)(Registers["TDR"].Value & 0x1FF)));
        Registers["RDR"].OnRead(ReadRdr);
        foreach (var name in new[] { "GTPR", "RTOR" })
        {
            if (Registers.Find(name) is { } r)
            {
                r.OnWrite((_, v) => Unmodelled(name, v, "guard time, prescaler and receiver timeout are not modelled"));
            }
        }
    }

    /// <summary>Every character sent since the chip was created, with its time (kept across resets, bounded).</summary>
    public IReadOnlyList<UsartByte> Transmitted => _transmitted;

    /// <summary>Characters sent after <see cref="Transmitted"/> reached <see cref="CaptureCapacity"/>.</summary>
    public long Dropped { get; private set; }

    /// <summary>Raised when a character has left the shift register (its stop bits ended).</summary>
    public event Action<UsartByte>? ByteTransmitted;

    /// <summary>The bytes sent so far (low eight bits of each character).</summary>
    public byte[] TransmittedBytes() => _transmitted.Select(b => b.Value).ToArray();

    /// <summary>Whether the USART is enabled with its transmitter on (UE and TE).</summary>
    public bool TransmitterEnabled => Bit(_cr1, 0) && Bit(_cr1, 3);

    private bool Enabled => Bit(_cr1, 0);

    private bool FifoEnabled => Bit(_cr1, 29);

    /// <summary>ISR as software reads it (RM0399 USART_ISR, FIFO mode enabled and disabled).</summary>
    public uint Isr
    {
        get
        {
            uint isr = 0;
            if (_rx.Count > 0) isr |= Rxne;
            if (_rxOverrun) isr |= Ore;
            if (_tc) isr |= Tc;
            if (_tx.Count < TxCapacity) isr |= Txe;
            if (Enabled && Bit(_cr1, 3)) isr |= Teack;
            if (Enabled && Bit(_cr1, 2)) isr |= Reack;
            if (FifoEnabled)
            {
                if (_tx.Count == 0 && !_txfeCleared) isr |= Txfe;
                if (_rx.Count >= FifoDepth) isr |= Rxff;
                if (_tx.Count <= TxThreshold) isr |= Txft;
                if (_rx.Count >= RxThreshold) isr |= Rxft;
            }
            return isr;
        }
    }

    /// <inheritdoc />
    public override void Reset(ResetKind kind)
    {
        base.Reset(kind);
        StopAll();
        _reportedUnclocked = false;
        _interrupt.Set(false);
    }

    /// <inheritdoc />
    protected override BusStatus ReadWord(uint offset, BusInitiator initiator, out uint value)
    {
        if (!Clocked(offset, 0))
        {
            value = 0;
            return BusStatus.Ok;
        }
        var status = base.ReadWord(offset, initiator, out value);
        TryStart();
        return status;
    }

    /// <inheritdoc />
    protected override BusStatus WriteWord(uint offset, uint value, uint laneMask, BusInitiator initiator)
    {
        if (!Clocked(offset, value & laneMask))
        {
            return BusStatus.Ok;
        }
        var status = base.WriteWord(offset, value, laneMask, initiator);
        TryStart();
        return status;
    }

    private bool Clocked(uint offset, uint bits)
    {
        if (_clock.IsRunning)
        {
            return true;
        }
        if (!_reportedUnclocked)
        {
            _reportedUnclocked = true;
            Context.Log.Add(new UnmodelledAccess(Name, Registers.At(offset)?.Name ?? $"+0x{offset:X3}", BaseAddress + offset, bits,
                $"ignored: the {Name} clock is off (its RCC enable bit is clear), so it reads 0 and sends nothing"));
        }
        return false;
    }

    private void Cr1Written(uint old, uint now)
    {
        const uint ue = 1u << 0, te = 1u << 3;
        if ((old & ue) != 0 && (now & ue) == 0)
        {
            StopAll(); // RM0399 USART_CR1.UE: operations discarded, ISR flags back to their reset values
        }
        else if ((now & (ue | te)) == (ue | te) && (old & (ue | te)) != (ue | te))
        {
            _lineFreeAt = Context.Now + FrameNs(); // setting TE sends an idle frame before the first character
        }
        if (((old ^ now) & (1u << 29)) != 0)
        {
            _tx.Clear(); // FIFOEN may only change while UE = 0; the model starts from an empty transmitter
        }
        foreach (var (bit, what) in s_unmodelledCr1)
        {
            if ((now & ~old & (1u << bit)) != 0)
            {
                Unmodelled("CR1", now, what);
            }
        }
        Changed();
    }

    private static readonly (int Bit, string What)[] s_unmodelledCr1 =
        [(1, "wake-up from Stop (UESM)"), (13, "mute mode (MME)"), (14, "character match interrupt (CMIE)"), (26, "receiver timeout interrupt (RTOIE)")];

    private void Unmodelled(string register, uint value, string what)
    {
        if (_reported.Add(register + what))
        {
            Context.Log.Add(new UnmodelledAccess(Name, register, Registers[register].Address, value, what + ": not modelled"));
        }
    }

    private static bool Bit(Register register, int bit) => (register.Value & (1u << bit)) != 0;

    private static string Hz(long hz) => string.Create(CultureInfo.InvariantCulture, $"{hz} Hz");
}
