namespace Stm32.Build.Flashing.Boards;

/// <summary>
/// What a real board was seen to run with after a healthy flash (the delay guard passed), keyed by the chip's 96-bit
/// unique ID: the device, the supply configuration its firmware latched in PWR_CR3, and when.
/// </summary>
/// <param name="UniqueId">The 96-bit unique ID as three 32-bit words in address order, <c>XXXXXXXX-XXXXXXXX-XXXXXXXX</c>
/// (as <c>stm32 info</c> prints it).</param>
/// <param name="Device">The device name, e.g. <c>STM32H747XI</c>.</param>
/// <param name="PwrCr3">PWR_CR3 as read through the debug port; null on a device without a configurable supply.</param>
/// <param name="SupplyName">The HAL name of the supply configuration PWR_CR3 selects (<c>PWR_LDO_SUPPLY</c>,
/// <c>PWR_DIRECT_SMPS_SUPPLY</c>, ...; <see cref="SupplyConfigurations"/>); null when it selects none (the power-on default).</param>
/// <param name="Observed">When it was observed (wall clock).</param>
public sealed record RememberedBoard(string UniqueId, string Device, uint? PwrCr3, string? SupplyName, DateTimeOffset Observed);
