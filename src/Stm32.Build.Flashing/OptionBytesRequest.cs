namespace Stm32.Build.Flashing;

/// <summary>
/// Option bytes a project asks to write with a flash (null = leave as is). They are validated before the probe is
/// touched and written only after the images are programmed and verified. Boot addresses are full addresses; the
/// STM32H7 keeps bits 31:16 (RM0399 4.4, FLASH_BOOT7_PRGR/FLASH_BOOT4_PRGR), so they must be 64 KiB aligned.
/// What a family supports is checked by its driver (<c>IFlashDriver.ValidateOptionBytes</c>).
/// </summary>
public sealed record OptionBytesRequest
{
    /// <summary>BOOT_CM7_ADD0 (STM32H7): where the Cortex-M7 boots with BOOT0 low.</summary>
    public uint? BootCm7Address0 { get; init; }

    /// <summary>BOOT_CM4_ADD0 (dual-core STM32H7): where the Cortex-M4 boots with BOOT0 low.</summary>
    public uint? BootCm4Address0 { get; init; }

    /// <summary>BCM7 (dual-core STM32H7): whether the Cortex-M7 boots.</summary>
    public bool? BootCm7 { get; init; }

    /// <summary>BCM4 (dual-core STM32H7): whether the Cortex-M4 boots.</summary>
    public bool? BootCm4 { get; init; }

    /// <summary>
    /// The read-out protection level to set: 1 or 2 (2 only with <see cref="ConfirmRdpLevel2"/>), or 0 on a chip at
    /// level 0. Going from level 1 back to 0 mass-erases the flash and is an operation of its own (recover with the
    /// RDP regression), never a side effect of a flash.
    /// </summary>
    public int? RdpLevel { get; init; }

    /// <summary>Must be true to write RDP level 2, which is irreversible (RM0399 4.8.3).</summary>
    public bool ConfirmRdpLevel2 { get; init; }

    /// <summary>Whether anything is asked.</summary>
    public bool IsEmpty => BootCm7Address0 is null && BootCm4Address0 is null && BootCm7 is null && BootCm4 is null && RdpLevel is null;
}
