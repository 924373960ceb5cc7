namespace Stm32.Build.VirtualBoard.Families.L4;

/// <summary>
/// What differs between the parts the page flash interface (<see cref="L4FlashInterface"/>) serves: the option
/// register as delivered and the operation times of the part's datasheet.
/// </summary>
/// <param name="FactoryOptr">FLASH_OPTR as delivered.</param>
/// <param name="DoubleWordProgram">t_prog, 64-bit programming, typical.</param>
/// <param name="PageErase">t_ERASE, one page, typical.</param>
/// <param name="MassErase">t_ME, mass erase, typical.</param>
/// <param name="Bank2BusyBit">The FLASH_SR bit that is busy for an operation on bank 2 of a dual-bank part whose banks
/// have a busy flag each (the G0B1's BSY2, bit 17, beside BSY1 for bank 1: RM0444 3.7.4); null where one BSY flag
/// serves every bank (the L4 and G4).</param>
public sealed record L4FlashProfile(uint FactoryOptr, TimeSpan DoubleWordProgram, TimeSpan PageErase, TimeSpan MassErase, int? Bank2BusyBit = null)
{
    /// <summary>
    /// The STM32L4 and STM32G4: FLASH_OPTR 0xFFEFF8AA (RM0351/RM0394/RM0440 3.7.8), the timings of <see cref="L4Timings"/>.
    /// </summary>
    public static L4FlashProfile L4G4 { get; } = new(L4FlashInterface.FactoryOptr, L4Timings.DoubleWordProgram, L4Timings.PageErase, L4Timings.MassErase);

    /// <summary>
    /// An option byte change (OPTSTRT until BSY clears): the manuals give no figure; the model charges one page erase
    /// (the option bytes sit in a page of their own, a model assumption).
    /// </summary>
    public TimeSpan OptionChange => PageErase;
}
