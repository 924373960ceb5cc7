namespace Stm32.Build.VirtualBoard.Driver;

/// <summary>The board's counters as the flashing report names them (docs/virtual-board/README.md, Counters).</summary>
public static class BoardCounterReport
{
    /// <summary>The counters as (name, value) pairs in report order: longs, long arrays (per bank) and the virtual time in milliseconds.</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Of(BoardCounters c) =>
    [
        new("usbRoundTrips", c.UsbRoundTrips),
        new("bytesOut", c.BytesOut),
        new("bytesIn", c.BytesIn),
        new("swdTransfers", c.SwdTransfers),
        new("swdWaits", c.SwdWaits),
        new("sectorErases", c.SectorErases.ToArray()),
        new("bankErases", c.BankErases.ToArray()),
        new("flashWordsProgrammed", c.FlashWordsProgrammed.ToArray()),
        new("optionByteWrites", c.OptionByteWrites),
        new("resets", c.Resets),
        new("virtualTimeMs", Math.Round(c.Elapsed.TotalMilliseconds, 3)),
    ];
}
