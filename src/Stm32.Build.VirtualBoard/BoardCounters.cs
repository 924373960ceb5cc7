namespace Stm32.Build.VirtualBoard;

/// <summary>
/// Exact counts of what a session with the virtual board cost. These are how flashing speed is compared between
/// tools, so each is defined precisely: see the remarks on each property and docs/virtual-board/README.md (Counters).
/// </summary>
public sealed class BoardCounters
{
    /// <summary>USB round trips: one per ST-LINK command (command block plus its data phase and status, if any).</summary>
    public long UsbRoundTrips { get; set; }

    /// <summary>Bytes sent host→probe, command blocks included.</summary>
    public long BytesOut { get; set; }

    /// <summary>Bytes sent probe→host.</summary>
    public long BytesIn { get; set; }

    /// <summary>SWD transfers (DP and AP reads and writes) the probe performed on the wire, retries included.</summary>
    public long SwdTransfers { get; set; }

    /// <summary>SWD transfers answered WAIT.</summary>
    public long SwdWaits { get; set; }

    /// <summary>Sector erases per bank (index 0 = bank 1); a bank or mass erase counts in <see cref="BankErases"/>.</summary>
    public long[] SectorErases { get; } = new long[2];

    /// <summary>Bank or mass erases per bank.</summary>
    public long[] BankErases { get; } = new long[2];

    /// <summary>Flash words (256 bits on the H7) programmed per bank.</summary>
    public long[] FlashWordsProgrammed { get; } = new long[2];

    /// <summary>Option byte programming operations (OPTSTART).</summary>
    public long OptionByteWrites { get; set; }

    /// <summary>Resets of the chip (power-on, NRST, system reset request).</summary>
    public long Resets { get; set; }

    /// <summary>The virtual time the session took.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>The counters as <c>name: value</c> lines (the report <c>stm32 sim serve</c> prints when it stops).</summary>
    public IEnumerable<string> Describe()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        yield return string.Create(ic, $"usb round trips: {UsbRoundTrips}");
        yield return string.Create(ic, $"usb bytes out: {BytesOut}");
        yield return string.Create(ic, $"usb bytes in: {BytesIn}");
        yield return string.Create(ic, $"swd transfers: {SwdTransfers}");
        yield return string.Create(ic, $"swd waits: {SwdWaits}");
        yield return string.Create(ic, $"sector erases: {string.Join(" ", SectorErases)}");
        yield return string.Create(ic, $"bank erases: {string.Join(" ", BankErases)}");
        yield return string.Create(ic, $"flash words programmed: {string.Join(" ", FlashWordsProgrammed)}");
        yield return string.Create(ic, $"option byte writes: {OptionByteWrites}");
        yield return string.Create(ic, $"resets: {Resets}");
        yield return string.Create(ic, $"virtual time: {Elapsed.TotalMilliseconds:0.000} ms");
    }

    /// <summary>Copies the counters (for a report taken at one moment).</summary>
    public BoardCounters Snapshot()
    {
        var copy = new BoardCounters
        {
            UsbRoundTrips = UsbRoundTrips, BytesOut = BytesOut, BytesIn = BytesIn, SwdTransfers = SwdTransfers,
            SwdWaits = SwdWaits, OptionByteWrites = OptionByteWrites, Resets = Resets, Elapsed = Elapsed,
        };
        SectorErases.CopyTo(copy.SectorErases, 0);
        BankErases.CopyTo(copy.BankErases, 0);
        FlashWordsProgrammed.CopyTo(copy.FlashWordsProgrammed, 0);
        return copy;
    }
}
