namespace Stm32.Build.Validation;

/// <summary>One input of a validation: an image and, on dual-core parts, the core it is for.</summary>
/// <param name="Image">The image as read from its file.</param>
/// <param name="Core">The core (<c>CM7</c>, <c>CM4</c>); null lets the validator take the primary core on single-core
/// parts and infer the core from the image's flash bank on dual-core parts.</param>
public sealed record ImageInput(Images.FirmwareImage Image, string? Core = null);

/// <summary>Settings of a validation.</summary>
public sealed record ValidationOptions
{
    /// <summary>
    /// Boot addresses per core name, overriding the device's factory values (BOOT_CMx_ADD0). Use when the option
    /// bytes of the board move the boot address.
    /// </summary>
    public IReadOnlyDictionary<string, uint> BootAddresses { get; init; } = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether each core's image must fit in one flash bank. Null (the default) means: yes on dual-core parts, where
    /// each core owns a bank; no on single-core parts, where one image may span both banks.
    /// </summary>
    public bool? SingleBank { get; init; }
}
