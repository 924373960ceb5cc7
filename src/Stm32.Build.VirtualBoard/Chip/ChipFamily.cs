using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Stm32.Build.Images;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>A bus target composed into the chip, with the address range it answers and who sees it.</summary>
/// <param name="Start">The first address.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Target">What answers.</param>
/// <param name="Cores">The cores that see it (names); empty = every core.</param>
/// <param name="DebuggerOnly">Whether only the debugger's system-bus access ports see it (not the cores).</param>
public sealed record ComposedTarget(uint Start, uint Size, IBusTarget Target, IReadOnlyList<string> Cores, bool DebuggerOnly = false);

/// <summary>
/// What a chip family adds to the generic chip (<see cref="VirtualChip"/>): the blocks that differ (flash
/// interface, clock and power control, debug components, boot selection) composed onto the memory map the device
/// data gives. A new family is a new subclass plus its blocks; everything else is data.
/// </summary>
public abstract class ChipFamily
{
    /// <summary>The family this model serves, e.g. <c>STM32H7</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// What the U(S)ARTs the board routes to its virtual COM port sent, as text (UTF-8, kept across resets), or null
    /// for a family model without one.
    /// </summary>
    public virtual string? ConsoleText => null;

    /// <summary>
    /// Whether core <paramref name="coreIndex"/>'s clock stops while it sleeps with SLEEPDEEP (the family's Stop mode):
    /// on an STM32 the clocks stop unless the DBGMCU keeps them for the debugger (DBG_STOP), so SysTick cannot wake
    /// the core then. False (the clock keeps running) for a family that does not model it.
    /// </summary>
    public virtual bool DeepSleepStopsCoreClock(int coreIndex) => false;

    /// <summary>
    /// Whether the DBGMCU is set to freeze independent watchdog <paramref name="watchdog"/> (<c>IWDG</c>, <c>IWDG1</c>,
    /// <c>IWDG2</c>) while core <paramref name="coreIndex"/> is halted, with the register and bit that does it
    /// (e.g. <c>DBGMCU_APB1_FZ.DBG_IWDG_STOP (bit 12)</c>); null when the family model cannot say.
    /// </summary>
    public virtual (bool Frozen, string Bit)? WatchdogFreeze(string watchdog, int coreIndex) => null;

    /// <summary>The clock each core runs at now, in Hz (the clock tree, or the reset clock without one).</summary>
    public abstract long CoreClockHz(int coreIndex);

    /// <summary>Builds the family's blocks and adds them to <paramref name="chip"/> (<see cref="VirtualChip.Compose(Peripheral)"/>).</summary>
    internal abstract void Compose(VirtualChip chip, PeripheralContext context);

    /// <summary>The address core <paramref name="coreIndex"/> boots from with BOOT0 at <paramref name="boot0High"/>.</summary>
    internal abstract uint BootAddress(int coreIndex, bool boot0High);

    /// <summary>Whether core <paramref name="coreIndex"/> starts after reset (H7: the BCMx option bits).</summary>
    internal virtual bool CoreBootEnabled(int coreIndex) => true;

    /// <summary>The readout protection level in effect (0, 1 or 2).</summary>
    internal abstract int ReadoutLevel { get; }

    /// <summary>The bus of the debug APB access port (ROM table, DBGMCU, trace), or null when the family has none.</summary>
    internal virtual ISystemBus? DebugApb => null;

    /// <summary>Whether the word at <paramref name="address"/> of the flash array reads as programmed (for boot checks), without side effects.</summary>
    internal abstract uint PeekFlashWord(uint address);

    /// <summary>The backing bytes of flash bank <paramref name="bankNumber"/> (the array, for windows and state files).</summary>
    internal abstract byte[] BankArray(int bankNumber);

    /// <summary>
    /// Puts <paramref name="segments"/> into the flash array as a production programmer leaves it after a verified
    /// download: no flash interface, no timing, no chip trace (the dry run of an image, <c>stm32 sim run</c>, tests).
    /// Every segment must lie inside one flash bank of <paramref name="device"/>; otherwise nothing is written and the
    /// error is <see cref="SegmentOutsideFlash"/>'s (STM5110, naming <paramref name="source"/>). Bytes the segments do
    /// not cover keep their content. The default writes through <see cref="BankArray"/>, so a family whose banks are
    /// the device data's needs nothing more.
    /// </summary>
    /// <exception cref="Stm32Exception">A segment is not inside one flash bank (STM5110).</exception>
    public virtual void Preload(DeviceDescription device, IEnumerable<ImageSegment> segments, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(segments);
        var list = segments.ToList();
        if (SegmentOutsideFlash(device, list, source) is { } outside)
        {
            throw new Stm32Exception(outside);
        }
        foreach (var segment in list)
        {
            var bank = device.FindBank(segment.Address)!;
            segment.Data.Span.CopyTo(BankArray(bank.Number).AsSpan((int)(segment.Address - bank.Start)));
        }
    }

    /// <summary>
    /// The error (STM5110, naming <paramref name="source"/> and the segment) for the first of <paramref name="segments"/>
    /// that is not inside one flash bank of <paramref name="device"/>, or null when every one is.
    /// </summary>
    public static Diagnostic? SegmentOutsideFlash(DeviceDescription device, IEnumerable<ImageSegment> segments, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(segments);
        foreach (var segment in segments)
        {
            var bank = device.FindBank(segment.Address);
            var last = segment.Length == 0 ? segment.Address : (uint)(segment.End - 1);
            if (bank is null || device.FindBank(last) != bank)
            {
                return new Diagnostic(DiagnosticCodes.BoardRunSegmentOutsideFlash, DiagnosticSeverity.Error,
                    $"the segment at {Diagnostic.Hex(segment.Address)} ({segment.Length} bytes) is not inside one flash bank of the {device.Name}: a board boots from flash, so only images linked for flash run on it",
                    string.IsNullOrEmpty(source) ? null : source, Address: segment.Address);
            }
        }
        return null;
    }

    /// <summary>The flash words of a bank whose ECC is inconsistent (programmed twice without an erase), by index.</summary>
    internal virtual IReadOnlyList<int> EccBrokenWords(int bankNumber) => [];

    /// <summary>The option bytes in effect, encoded by the family for the state file (opaque to the chip).</summary>
    internal abstract byte[] SaveOptionBytes();

    /// <summary>Restores flash contents and option bytes saved by <see cref="BankArray"/>/<see cref="SaveOptionBytes"/>; pending work is dropped.</summary>
    internal abstract void RestoreFlash(IReadOnlyList<byte[]> banks, ReadOnlySpan<byte> optionBytes, IReadOnlyList<IReadOnlyList<int>> eccBroken);

    /// <summary>Makes the next flash program or erase fail with the family's error flag <paramref name="flag"/> (board property <c>flash-error=FLAG</c>).</summary>
    internal abstract void FailNextFlashOperation(uint flag);

    /// <summary>A power-on reset of the family's blocks that are not peripherals on the bus (flash interface, debug).</summary>
    internal abstract void PowerOnReset();

    /// <summary>A system reset of those blocks.</summary>
    internal abstract void SystemReset();

    /// <summary>Power is removed: operations in flight are lost.</summary>
    internal abstract void PowerLost();

    /// <summary>
    /// The register table (generated from ST's SVD) describing the chip as core <paramref name="coreIndex"/> sees it,
    /// or null when none is known: the core description's own <c>registers</c> name, else the part's table by name
    /// (<c>STM32H747_CM7</c> for the CM7 of an STM32H747XI, <c>STM32H743</c> for an STM32H743ZI).
    /// </summary>
    internal virtual string? RegisterTableName(DeviceDescription device, int coreIndex)
    {
        if (device.Cores[coreIndex].Registers is { Length: > 0 } named)
        {
            return named;
        }
        if (device.Name.Length < 9)
        {
            return null;
        }
        var part = device.Name[..9].ToUpperInvariant();
        var candidates = device.Cores.Count > 1 ? new[] { part + "_" + device.Cores[coreIndex].Name.ToUpperInvariant() } : new[] { part };
        return candidates.FirstOrDefault(n => Stm32.Build.Registers.RegisterTable.Names.Contains(n, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Whether the virtual board has a chip model for <paramref name="device"/>'s family.</summary>
    public static bool HasModel(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            _ = For(device, new BoardCounters());
            return true;
        }
        catch (Stm32Exception e) when (e.Diagnostic.Code == DiagnosticCodes.BoardDeviceNotSupported)
        {
            return false;
        }
    }

    /// <summary>The family model for <paramref name="device"/>; a device no family model serves is a coded error.</summary>
    internal static ChipFamily For(DeviceDescription device, BoardCounters counters)
    {
        if (string.Equals(device.Family, "STM32H7", StringComparison.OrdinalIgnoreCase)
            && string.Equals(device.FlashDriver, "stm32h7", StringComparison.OrdinalIgnoreCase)
            && device.FlashWordSize is > 0 and <= 64)
        {
            return new H7Family(device, counters);
        }
        if (string.Equals(device.Family, "STM32F4", StringComparison.OrdinalIgnoreCase)
            && string.Equals(device.FlashDriver, "stm32f4", StringComparison.OrdinalIgnoreCase))
        {
            return new Families.F4.F4Family(device, counters);
        }
        if (string.Equals(device.Family, "STM32F1", StringComparison.OrdinalIgnoreCase)
            && string.Equals(device.FlashDriver, "stm32f1", StringComparison.OrdinalIgnoreCase))
        {
            return new Families.F1.F1Family(device, counters);
        }
        if ((string.Equals(device.Family, "STM32L4", StringComparison.OrdinalIgnoreCase) && string.Equals(device.FlashDriver, "stm32l4", StringComparison.OrdinalIgnoreCase))
            || (string.Equals(device.Family, "STM32G4", StringComparison.OrdinalIgnoreCase) && string.Equals(device.FlashDriver, "stm32g4", StringComparison.OrdinalIgnoreCase)))
        {
            return new Families.L4.L4Family(device, counters);
        }
        if (string.Equals(device.Family, "STM32G0", StringComparison.OrdinalIgnoreCase) && string.Equals(device.FlashDriver, "stm32g0", StringComparison.OrdinalIgnoreCase))
        {
            return new Families.G0.G0Family(device, counters);
        }
        if (string.Equals(device.Family, "STM32F7", StringComparison.OrdinalIgnoreCase)
            && string.Equals(device.FlashDriver, "stm32f7", StringComparison.OrdinalIgnoreCase))
        {
            return new Families.F7.F7Family(device, counters);
        }
        throw new Stm32Exception(new Diagnostic(DiagnosticCodes.BoardDeviceNotSupported, DiagnosticSeverity.Error,
            $"the virtual board has no model of the {device.Family} family yet ({device.Name}, flash driver '{device.FlashDriver}')"));
    }
}
