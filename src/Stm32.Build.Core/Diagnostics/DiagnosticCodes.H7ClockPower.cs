namespace Stm32.Build.Diagnostics;

// STM5200–STM5249: the STM32H7 clock, power and debug blocks of the virtual chip and the board they sit on
// (src/Stm32.Build.VirtualBoard/Families/H7, Boards).
public static partial class DiagnosticCodes
{
    /// <summary>
    /// A virtual board state file names the board it was created on, and that board can no longer be found (its board
    /// file was moved or deleted); pass the board explicitly (<c>--board</c>) to use the state with another one.
    /// </summary>
    public const string BoardStateBoardMissing = "STM5200";
}
