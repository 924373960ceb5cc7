namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// The alternate function that puts a U(S)ART's TX signal on a pin of the STM32H7, from the datasheets' alternate
/// function tables (DS12930 STM32H747xI/G, DS12110 STM32H743xI/G, "Port A…K alternate functions"), cross-checked with
/// ST's HAL GPIO_AFx_USARTy constants and Zephyr's STM32H7 pinmux. Pins not listed are unknown to the model.
/// </summary>
public static class H7UartPins
{
    private static readonly Dictionary<(string Peripheral, string Pin), int> s_tx = new()
    {
        [("USART1", "PA9")] = 7,
        [("USART1", "PB6")] = 7,
        [("USART1", "PB14")] = 4,
        [("USART2", "PA2")] = 7,
        [("USART2", "PD5")] = 7,
        [("USART3", "PB10")] = 7,
        [("USART3", "PC10")] = 7,
        [("USART3", "PD8")] = 7,
        [("UART4", "PA0")] = 8,
        [("UART4", "PC10")] = 8,
        [("UART5", "PC12")] = 8,
        [("USART6", "PC6")] = 7,
        [("USART6", "PG14")] = 7,
        [("UART7", "PE8")] = 7,
        [("UART7", "PF7")] = 7,
        [("UART8", "PE1")] = 8,
        [("UART8", "PJ8")] = 8,
    };

    /// <summary>The AF number of <paramref name="peripheral"/>'s TX on <paramref name="pin"/> (e.g. USART1, PA9 → 7), or null.</summary>
    public static int? TransmitAlternateFunction(string peripheral, string pin) =>
        s_tx.TryGetValue((peripheral.ToUpperInvariant(), pin.ToUpperInvariant()), out var af) ? af : null;
}
