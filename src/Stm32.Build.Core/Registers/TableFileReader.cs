namespace Stm32.Build.Registers;

/// <summary>
/// Reads a table file (<c>NAME.txt</c>, docs/registers.md "Format"):
/// <code>
/// pool POOL
/// p NAME BASE SIZE GROUP LAYOUT [from=BASEPERIPHERAL]
/// i NAME NUMBER
/// </code>
/// GROUP and LAYOUT are <c>-</c> when there is none; interrupt lines belong to the peripheral above them. A
/// peripheral's layout is checked to exist now and parsed when its registers are first used.
/// </summary>
internal static class TableFileReader
{
    /// <summary>The pool a table file names (its first data line).</summary>
    public static string ReadPoolName(string text, string file)
    {
        var reader = new TableLineReader(text, file, TableLineReader.CreateBuffer());
        if (!reader.MoveNext() || reader.Token(0) is not "pool" || reader.TokenCount != 2)
        {
            throw reader.Error("the first line must be 'pool NAME'");
        }
        return reader.Text(1);
    }

    /// <summary>The peripherals of a table file, their layouts taken from <paramref name="layouts"/>.</summary>
    public static List<PeripheralInfo> Read(string text, string file, string tableName, LayoutPool layouts)
    {
        var reader = new TableLineReader(text, file, TableLineReader.CreateBuffer());
        var peripherals = new List<PeripheralInfo>();
        var interrupts = new List<InterruptInfo>();
        PendingPeripheral? pending = null;
        while (reader.MoveNext())
        {
            switch (reader.Token(0))
            {
                case "pool":
                    break;
                case "p":
                    Flush(tableName, pending, interrupts, peripherals);
                    pending = ReadPeripheral(ref reader, layouts);
                    break;
                case "i":
                    if (pending is null || reader.TokenCount != 3)
                    {
                        throw reader.Error("an interrupt line is 'i NAME NUMBER' below its peripheral");
                    }
                    interrupts.Add(new InterruptInfo(reader.Text(1), reader.Decimal(reader.Token(2), 2, 1023)));
                    break;
                default:
                    throw reader.Error($"unknown line kind '{reader.Token(0)}' (expected pool, p or i)");
            }
        }
        Flush(tableName, pending, interrupts, peripherals);
        return peripherals;
    }

    private static PendingPeripheral ReadPeripheral(ref TableLineReader reader, LayoutPool layouts)
    {
        if (reader.TokenCount is < 6 or > 7)
        {
            throw reader.Error("a peripheral line is 'p NAME BASE SIZE GROUP LAYOUT [from=NAME]'");
        }
        var layoutId = reader.Text(5);
        if (layoutId != "-" && !layouts.Contains(layoutId))
        {
            throw reader.Error($"layout {layoutId} is not in the pool");
        }
        string? derivedFrom = null;
        if (reader.TokenCount == 7)
        {
            var from = reader.Token(6);
            derivedFrom = from.StartsWith("from=") && from.Length > 5 ? from[5..].ToString() : throw reader.Error($"'{from}' is not from=NAME");
        }
        var group = reader.Text(4);
        return new PendingPeripheral(reader.Text(1), reader.Hex(2), reader.Hex(3), group == "-" ? null : group, derivedFrom,
            layoutId == "-" ? null : layoutId, layouts);
    }

    private static void Flush(string tableName, PendingPeripheral? pending, List<InterruptInfo> interrupts, List<PeripheralInfo> peripherals)
    {
        if (pending is null)
        {
            return;
        }
        peripherals.Add(new PeripheralInfo(tableName, pending.Name, pending.BaseAddress, pending.Size, pending.Group, pending.DerivedFrom,
            [.. interrupts], pending.LayoutId is { } id ? () => pending.Pool.Get(id)! : null));
        interrupts.Clear();
    }

    private sealed record PendingPeripheral(string Name, uint BaseAddress, uint Size, string? Group, string? DerivedFrom, string? LayoutId, LayoutPool Pool);
}
