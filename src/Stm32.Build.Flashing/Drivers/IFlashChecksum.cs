namespace Stm32.Build.Flashing.Drivers;

/// <summary>How a driver proves that an erase unit holds given content.</summary>
public enum SectorCheckMethod
{
    /// <summary>The flash interface's own CRC unit (STM32H7, RM0399 4.3.12): nothing crosses the probe but a word.</summary>
    FlashCrcUnit,
    /// <summary>A CRC routine run on the target core over the unit (families without a flash CRC unit).</summary>
    TargetCrcRoutine,
    /// <summary>Reading the unit back through the probe and comparing every byte.</summary>
    ReadBack,
}

/// <summary>
/// A checksum the target computes over an erase unit, so that skip-unchanged and verify need not read the flash
/// back through the probe. The pipeline never trusts it alone: a disagreement is confirmed by a read-back before
/// a verify failure is reported, and a unit is skipped only on a match. A driver without one (null) is checked by
/// read-back.
/// </summary>
public interface IFlashChecksum
{
    /// <summary>How the checksum is obtained.</summary>
    SectorCheckMethod Method { get; }

    /// <summary>A name for messages, e.g. <c>the flash CRC unit</c>.</summary>
    string Name { get; }

    /// <summary>The checksum <paramref name="content"/> gives (computed on the host).</summary>
    uint Expected(ReadOnlySpan<byte> content);

    /// <summary>Has the target compute the checksum of <paramref name="sector"/>.</summary>
    /// <exception cref="FlashException">The target could not compute it (timeout, flash error); the caller falls back to a read-back.</exception>
    Task<uint> ComputeAsync(FlashSector sector, CancellationToken cancellationToken);
}
