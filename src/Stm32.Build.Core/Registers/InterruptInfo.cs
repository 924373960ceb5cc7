namespace Stm32.Build.Registers;

/// <summary>An interrupt line: its name and its NVIC position (the IRQ number, vector = 16 + number).</summary>
/// <param name="Name">The SVD's name (corrected where the reference manual differs).</param>
/// <param name="Number">The NVIC position.</param>
public sealed record InterruptInfo(string Name, int Number);
