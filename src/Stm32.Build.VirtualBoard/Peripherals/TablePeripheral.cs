namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// A peripheral known only from the chip's register table: every register reads its reset value, keeps what is
/// written (within the table's field access) and is logged once as unmodelled. It stands where no model exists yet,
/// so firmware that configures a peripheral the twin does not simulate runs on, and the report says what was touched.
/// </summary>
public sealed class TablePeripheral : Peripheral
{
    /// <summary>Creates the peripheral and declares its registers from <paramref name="declare"/>.</summary>
    public TablePeripheral(PeripheralContext context, string name, uint baseAddress, uint size, Action<RegisterBlock>? declare)
        : base(context, name, baseAddress, size)
    {
        declare?.Invoke(Registers);
    }
}
