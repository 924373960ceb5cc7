namespace Stm32.Build.VirtualBoard.Families.Common;

public sealed partial class Usart
{
    // FIFO threshold fractions of CR3.TXFTCFG/RXFTCFG 000-101 (RM0399 USART_CR3): 1/8, 1/4, 1/2, 3/4, 7/8, and for
    // 101 the whole FIFO (TX: empty, RX: full). Numerators and denominators as ST's HAL counts the data per interrupt.
    private static readonly int[] s_thresholdNumerator = [1, 1, 1, 3, 7, 1];
    private static readonly int[] s_thresholdDenominator = [8, 4, 2, 4, 8, 1];

    private readonly Queue<ushort> _tx = new();
    private readonly Queue<ushort> _rx = new();
    private bool _tc = true;
    private bool _txfeCleared;
    private bool _rxOverrun;
    private bool _shifting;
    private long _lineFreeAt;
    private ScheduledEvent? _pending;

    private int TxCapacity => FifoEnabled ? FifoDepth : 1;

    private int RxCapacity => FifoEnabled ? FifoDepth : 1;

    /// <summary>TXFT holds while at most this many characters wait (the free room reaches the threshold).</summary>
    private int TxThreshold
    {
        get
        {
            var code = Math.Min(5, (int)(_cr3.Value >> 29));
            return FifoDepth - FifoDepth * s_thresholdNumerator[code] / s_thresholdDenominator[code];
        }
    }

    private int RxThreshold
    {
        get
        {
            var code = Math.Min(5, (int)((_cr3.Value >> 25) & 7));
            return FifoDepth * s_thresholdNumerator[code] / s_thresholdDenominator[code];
        }
    }

    /// <summary>
    /// The time one frame takes now, in nanoseconds, or 0 when the USART cannot send (kernel clock off, BRR below 16,
    /// a reserved PRESC or word length): start bit + data bits + stop bits at the baud rate (RM0399 USART baud rate
    /// generation: OVER8 = 0 baud = usart_ker_ckpres / USARTDIV, OVER8 = 1 baud = 2 × usart_ker_ckpres / USARTDIV;
    /// usart_ker_ckpres = usart_ker_ck / PRESC).
    /// </summary>
    public long FrameNs()
    {
        var clock = _clock.Hz;
        var brr = _brr.Value & 0xFFFF;
        var over8 = Bit(_cr1, 15);
        long usartdiv = over8 ? (brr & 0xFFF0) | ((brr & 7) << 1) : brr;
        var prescaler = (_presc?.Value ?? 0) & 0xF;
        long divider = prescaler switch
        {
            <= 6 => prescaler == 0 ? 1 : 2 * prescaler,
            7 => 16,
            8 => 32,
            9 => 64,
            10 => 128,
            11 => 256,
            _ => 0,
        };
        int dataBits = (Bit(_cr1, 28), Bit(_cr1, 12)) switch
        {
            (false, false) => 8,
            (false, true) => 9,
            (true, false) => 7,
            _ => 0,
        };
        var stopHalves = ((_cr2.Value >> 12) & 3) switch { 0 => 2, 1 => 1, 2 => 4, _ => 3 };
        if (clock <= 0 || usartdiv < 16 || divider == 0 || dataBits == 0)
        {
            return 0;
        }
        var halfBits = 2 * (1 + dataBits) + stopHalves;
        var numerator = (Int128)halfBits * usartdiv * divider * 1_000_000_000;
        var denominator = (Int128)2 * clock * (over8 ? 2 : 1);
        return (long)((numerator + denominator - 1) / denominator);
    }

    /// <summary>The board sends <paramref name="data"/> to the USART's RX pin; false when it is lost (receiver off, overrun).</summary>
    public bool Receive(ushort data)
    {
        if (!Enabled || !Bit(_cr1, 2))
        {
            return false;
        }
        if (_rx.Count >= RxCapacity)
        {
            _rxOverrun = !Bit(_cr3, 12); // OVRDIS disables the overrun flag; the character is lost either way
            Changed();
            return false;
        }
        _rx.Enqueue(data);
        Changed();
        return true;
    }

    private uint ReadRdr(uint value)
    {
        if (_rx.Count == 0)
        {
            return value;
        }
        var data = _rx.Dequeue();
        Changed();
        return data;
    }

    private void WriteTdr(ushort data)
    {
        if (!Enabled)
        {
            return; // UE = 0: the USART is stopped and takes no data
        }
        if (_tx.Count >= TxCapacity)
        {
            if (FifoEnabled)
            {
                Unmodelled("TDR", data, "a write to a full TX FIFO loses the character");
                return;
            }
            _tx.Clear(); // TXE = 0: the new value overwrites the one waiting in TDR
        }
        _tx.Enqueue(data);
        _tc = false; // RM0399 USART_ISR.TC: cleared by a write to TDR
        _txfeCleared = false;
        Changed();
    }

    /// <summary>Moves the next character into the shift register when the line is free, or waits for that time.</summary>
    private void TryStart()
    {
        if (_shifting || _pending is { Done: false } || _tx.Count == 0 || !TransmitterEnabled)
        {
            return;
        }
        var now = Context.Now;
        if (now < _lineFreeAt)
        {
            _pending = Context.Scheduler.Schedule(_lineFreeAt, () => { _pending = null; TryStart(); }, Name + " line free");
            return;
        }
        var frame = FrameNs();
        if (frame <= 0)
        {
            Unmodelled("BRR", _brr.Value, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"cannot send: kernel clock {Hz(_clock.Hz)}, BRR 0x{_brr.Value:X}, PRESC {_presc?.Value ?? 0} give no baud rate (BRR must be at least 16); the data waits"));
            return;
        }
        var data = _tx.Dequeue();
        _shifting = true;
        _lineFreeAt = now + frame;
        _pending = Context.Scheduler.Schedule(_lineFreeAt, () => FrameDone(data), Name + " frame");
        Changed();
    }

    private void FrameDone(ushort data)
    {
        _pending = null;
        _shifting = false;
        var dataBits = (Bit(_cr1, 28), Bit(_cr1, 12)) switch { (true, false) => 7, (false, true) => 9, _ => 8 };
        var sent = new UsartByte(Context.Now, Name, (ushort)(data & ((1 << dataBits) - 1)));
        if (_transmitted.Count < CaptureCapacity)
        {
            _transmitted.Add(sent);
        }
        else
        {
            Dropped++;
        }
        if (_tx.Count == 0)
        {
            _tc = true;
        }
        TryStart();
        Changed();
        ByteTransmitted?.Invoke(sent);
    }

    private void ClearFlags()
    {
        var icr = Registers["ICR"];
        var written = icr.Value;
        icr.Value = 0; // write-only: the next write starts from nothing
        if ((written & (1u << 6)) != 0) _tc = false;
        if ((written & (1u << 3)) != 0) _rxOverrun = false;
        if ((written & (1u << 5)) != 0) _txfeCleared = true;
        Changed();
    }

    private void Request()
    {
        var rqr = Registers["RQR"];
        var written = rqr.Value;
        rqr.Value = 0;
        if ((written & (1u << 4)) != 0)
        {
            _tx.Clear(); // TXFRQ: the TX FIFO (or TDR) is flushed
        }
        if ((written & (1u << 3)) != 0)
        {
            _rx.Clear(); // RXFRQ: received data discarded, RXNE cleared
        }
        if ((written & 7) != 0)
        {
            Unmodelled("RQR", written, "auto-baud, break and mute requests");
        }
        Changed();
    }

    /// <summary>UE cleared or a reset: the transmitter and receiver stop, pending data is discarded, flags return to reset.</summary>
    private void StopAll()
    {
        Context.Scheduler.Cancel(_pending);
        _pending = null;
        _tx.Clear();
        _rx.Clear();
        _shifting = false;
        _tc = true;
        _txfeCleared = false;
        _rxOverrun = false;
        _lineFreeAt = 0;
    }

    /// <summary>Re-evaluates the interrupt output after any state change.</summary>
    private void Changed()
    {
        var isr = Isr;
        var cr1 = _cr1.Value;
        var cr3 = _cr3.Value;
        var asserted = ((cr1 & (1u << 7)) != 0 && (isr & Txe) != 0)
            || ((cr1 & (1u << 6)) != 0 && (isr & Tc) != 0)
            || ((cr1 & (1u << 5)) != 0 && (isr & (Rxne | Ore)) != 0)
            || ((cr1 & (1u << 30)) != 0 && (isr & Txfe) != 0)
            || ((cr3 & (1u << 23)) != 0 && (isr & Txft) != 0)
            || ((cr3 & (1u << 28)) != 0 && (isr & Rxft) != 0)
            || ((cr3 & 1u) != 0 && (isr & Ore) != 0);
        _interrupt.Set(asserted && Enabled);
    }
}
