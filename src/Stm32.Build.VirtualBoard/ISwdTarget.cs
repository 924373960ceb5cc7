namespace Stm32.Build.VirtualBoard;

/// <summary>The acknowledge of one SWD transfer (ADIv5.2 B4.2.2: OK = 0b001, WAIT = 0b010, FAULT = 0b100).</summary>
public enum SwdAck : byte
{
    /// <summary>The transfer completed.</summary>
    Ok = 0b001,
    /// <summary>The AP or DP is busy; the host retries.</summary>
    Wait = 0b010,
    /// <summary>A sticky error flag is set in CTRL/STAT; the transfer was not performed.</summary>
    Fault = 0b100,
    /// <summary>No target drove the line (no power, held in a state where the DP does not answer, pins reassigned).</summary>
    NoResponse = 0b111,
}

/// <summary>
/// The seam between the virtual ST-LINK (the probe model) and the virtual chip (the target model): the wire.
/// Every call is one SWD transfer with the semantics of ADIv5.2 for a SW-DP (DPv2): DP registers by A[3:2] with
/// DPBANKSEL from SELECT, AP registers by A[3:2] with APSEL and APBANKSEL from SELECT, AP reads posted (a read
/// returns the previous AP read's result; RDBUFF returns the last one), sticky flags and ABORT as specified.
/// The probe model counts transfers and charges their time on the shared <see cref="VirtualClock"/>.
/// </summary>
public interface ISwdTarget
{
    /// <summary>A line reset (at least 50 clocks high) preceded where needed by the JTAG-to-SWD sequence; afterwards the DP expects an IDCODE read.</summary>
    void LineReset();

    /// <summary>Reads the DP register at <paramref name="address"/> (0x0, 0x4, 0x8 or 0xC).</summary>
    SwdAck ReadDp(byte address, out uint value);

    /// <summary>Writes the DP register at <paramref name="address"/> (0x0, 0x4, 0x8 or 0xC).</summary>
    SwdAck WriteDp(byte address, uint value);

    /// <summary>Reads the AP register at <paramref name="address"/> of the AP selected in SELECT (posted).</summary>
    SwdAck ReadAp(byte address, out uint value);

    /// <summary>Writes the AP register at <paramref name="address"/> of the AP selected in SELECT.</summary>
    SwdAck WriteAp(byte address, uint value);

    /// <summary>Whether the probe drives NRST low (open drain: false releases the line).</summary>
    bool NrstDrivenLow { get; set; }

    /// <summary>The target supply as the probe measures it on its VREF pin, in volts.</summary>
    double TargetVoltage { get; }
}
