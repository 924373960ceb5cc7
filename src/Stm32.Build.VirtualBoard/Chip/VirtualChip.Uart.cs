using Stm32.Build.Diagnostics;
using Stm32.Build.VirtualBoard.Families.Common;

namespace Stm32.Build.VirtualBoard.Chip;

public sealed partial class VirtualChip
{
    /// <summary>
    /// Every byte U(S)ART <paramref name="peripheral"/> (e.g. <c>USART1</c>) has sent since the chip was created, whether or
    /// not its TX pin reaches anything; an unknown peripheral is a coded error (STM5251).
    /// </summary>
    public byte[] UartOutput(string peripheral) => Usart(peripheral).TransmittedBytes();

    /// <summary>The characters U(S)ART <paramref name="peripheral"/> sent, each with the virtual time its stop bit ended.</summary>
    public IReadOnlyList<UsartByte> UartCharacters(string peripheral) => Usart(peripheral).Transmitted;

    /// <summary>The board's virtual COM port (the UARTs the board routes to the probe), or null for a family without one.</summary>
    public VirtualComPort? Console => (Family as H7Family)?.Io.Console;

    /// <summary>The text the board's virtual COM port received (UTF-8), kept across resets.</summary>
    public string ConsoleText => Family.ConsoleText ?? "";

    /// <summary>Raised for every character any U(S)ART of the chip sends (for tools that stream output).</summary>
    public event Action<UsartByte>? UartByteTransmitted
    {
        add
        {
            foreach (var usart in FindAll<Usart>())
            {
                usart.ByteTransmitted += value;
            }
        }
        remove
        {
            foreach (var usart in FindAll<Usart>())
            {
                usart.ByteTransmitted -= value;
            }
        }
    }

    private Usart Usart(string peripheral) =>
        FindAll<Usart>().FirstOrDefault(u => string.Equals(u.Name, peripheral, StringComparison.OrdinalIgnoreCase))
        ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UartNotOnDevice, DiagnosticSeverity.Error,
            $"the {Device.Name} model has no U(S)ART '{peripheral}'; it has {string.Join(", ", FindAll<Usart>().Select(u => u.Name))}"));
}
