namespace Stm32.Build.Diagnostics;

// STM5250–STM5299: the STM32H7 I/O blocks of the virtual chip (GPIO, EXTI, HSEM, watchdogs, U(S)ARTs) and the board
// wiring they serve (src/Stm32.Build.VirtualBoard/Families/H7, Families/Common).
public static partial class DiagnosticCodes
{
    /// <summary>
    /// A board description routes a UART to the virtual COM port that the chip cannot carry: the peripheral does not
    /// exist on the device, or the TX pin is not a pin of it (the message names the board, the route and the file).
    /// </summary>
    public const string BoardUartRouteInvalid = "STM5250";

    /// <summary>A tool asked for the output of a U(S)ART the device does not have (the message lists the ones it has).</summary>
    public const string UartNotOnDevice = "STM5251";
}
