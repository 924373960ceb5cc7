using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Images;

namespace Stm32.Build.Validation;

/// <summary>
/// Validates linked images against a device before anything touches a probe: the memory map, the image size,
/// the vector table at each core's boot address, the dual-core bank rules, and overlaps between input files.
/// Every finding has a stable STM1xxx code, the address in hex and the file with its line or byte offset.
/// </summary>
public sealed partial class ImageValidator
{
    private readonly DeviceDescription _device;
    private readonly ValidationOptions _options;

    /// <summary>Creates a validator for <paramref name="device"/>.</summary>
    public ImageValidator(DeviceDescription device, ValidationOptions? options = null)
    {
        _device = device;
        _options = options ?? new ValidationOptions();
    }

    /// <summary>Validates one image for the device's primary core (or the core inferred from its bank).</summary>
    public ValidationResult Validate(FirmwareImage image, string? core = null) => Validate([new ImageInput(image, core)]);

    /// <summary>Validates a set of images that will be programmed together.</summary>
    public ValidationResult Validate(IReadOnlyList<ImageInput> inputs)
    {
        var findings = new List<Diagnostic>();
        var resolved = new List<ResolvedImage>(inputs.Count);
        foreach (var input in inputs)
        {
            var core = ResolveCore(input, findings);
            var boot = core is null ? (uint?)null : BootAddressOf(core);
            resolved.Add(new ResolvedImage(input.Image, core?.Name, boot));
            if (input.Image.IsEmpty)
            {
                findings.Add(new Diagnostic(DiagnosticCodes.ValidationEmptyImage, DiagnosticSeverity.Error,
                    "the image holds no bytes to program", input.Image.SourcePath));
                continue;
            }
            CheckMemoryMap(input.Image, core, findings);
            CheckSize(input.Image, core, findings);
            if (core is not null && _device.IsDualCore)
            {
                CheckCoreBank(input.Image, core, findings);
            }
        }

        CheckVectorTables(resolved, findings);
        CheckOverlaps(resolved, findings);
        return new ValidationResult(findings, resolved);
    }

    private uint BootAddressOf(CoreDescription core) =>
        _options.BootAddresses.TryGetValue(core.Name, out var address) ? address : core.DefaultBootAddress;

    private CoreDescription? ResolveCore(ImageInput input, List<Diagnostic> findings)
    {
        if (input.Core is not null)
        {
            var named = _device.FindCore(input.Core);
            if (named is null)
            {
                findings.Add(new Diagnostic(DiagnosticCodes.UnknownCore, DiagnosticSeverity.Error,
                    $"{_device.Name} has no core '{input.Core}'; its cores: {string.Join(", ", _device.Cores.Select(c => c.Name))}",
                    input.Image.SourcePath));
            }
            return named;
        }
        if (!_device.IsDualCore || input.Image.IsEmpty)
        {
            return _device.Cores[0];
        }
        // Dual core: the core whose boot address the image covers, else the core whose bank holds its first flash byte.
        Span<byte> vectorPair = stackalloc byte[8];
        foreach (var core in _device.Cores)
        {
            if (input.Image.TryRead(BootAddressOf(core), vectorPair))
            {
                return core;
            }
        }
        var first = FirstFlashAddress(input.Image);
        var bank = first is uint a ? _device.FindBank(a) : null;
        var byBank = bank is null ? null : _device.Cores.FirstOrDefault(c => c.PreferredBank == bank.Number);
        if (byBank is null)
        {
            findings.Add(At(input.Image, (uint)input.Image.StartAddress!.Value, DiagnosticCodes.ValidationCoreUnknown, DiagnosticSeverity.Warning,
                $"cannot tell which core of {_device.Name} this image is for (it is at neither core's boot address nor in a core's bank); give the core explicitly"));
        }
        return byBank;
    }

    private uint? FirstFlashAddress(FirmwareImage image)
    {
        foreach (var segment in image.Segments)
        {
            foreach (var bank in _device.FlashBanks)
            {
                if (segment.Address < bank.End && segment.End > bank.Start)
                {
                    return Math.Max(segment.Address, bank.Start);
                }
            }
        }
        return null;
    }

    /// <summary>A finding located at the byte of <paramref name="image"/> at <paramref name="address"/>.</summary>
    private static Diagnostic At(FirmwareImage image, uint address, string code, DiagnosticSeverity severity, string message)
    {
        var location = image.LocationOf(address);
        return new Diagnostic(code, severity, message, location.File ?? image.SourcePath, location.Line, location.Offset, address);
    }

    private static string Hex(uint value) => Diagnostic.Hex(value);

    private static string Hex(ulong value) => Diagnostic.Hex(value);

    private static string Size(ulong bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
