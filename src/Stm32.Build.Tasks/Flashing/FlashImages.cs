using Microsoft.Build.Framework;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Validation;

namespace Stm32.Build.Tasks;

/// <summary>
/// Turns Stm32Flash items (metadata Device, Core, Address) into validation inputs for one device. Shared by
/// Stm32Flash and Stm32Validate so both read the items the same way.
/// </summary>
internal static class FlashImages
{
    /// <summary>The one device the items are for: their Device metadata, else <paramref name="defaultDevice"/>.</summary>
    public static DeviceDescription Device(IReadOnlyList<ITaskItem> items, string? defaultDevice, string? locationFile)
    {
        var names = items
            .Select(i => i.GetMetadata(Stm32Names.FlashItems.Metadata.Device))
            .Select(n => string.IsNullOrWhiteSpace(n) ? defaultDevice : n)
            .Select(n => n?.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            names.Add(defaultDevice?.Trim().ToUpperInvariant());
        }
        if (names.Any(string.IsNullOrEmpty))
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FlashDeviceMissing, DiagnosticSeverity.Error,
                "no device is named: set Stm32Device (e.g. STM32H747XI) in the project or Device metadata on the Stm32Flash item",
                File: items.Count > 0 ? items[0].ItemSpec : locationFile));
        }
        if (names.Count > 1)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FlashDevicesDiffer, DiagnosticSeverity.Error,
                $"the Stm32Flash items name more than one device ({string.Join(", ", names)}); one Flash run programs one chip",
                File: items[0].ItemSpec));
        }
        return DeviceCatalog.BuiltIn.Get(names[0]!);
    }

    /// <summary>The file specs of the items (Core and Address metadata checked).</summary>
    public static List<ImageFileSpec> Specs(IReadOnlyList<ITaskItem> items, DeviceDescription device)
    {
        var specs = new List<ImageFileSpec>();
        foreach (var item in items)
        {
            var path = item.GetMetadata("FullPath");
            var core = item.GetMetadata(Stm32Names.FlashItems.Metadata.Core);
            core = string.IsNullOrWhiteSpace(core) ? null : core.Trim().ToUpperInvariant();
            if (core is not null && device.FindCore(core) is null)
            {
                throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FlashItemInvalid, DiagnosticSeverity.Error,
                    $"Core='{core}' is not a core of the {device.Name} (cores: {string.Join(", ", device.Cores.Select(c => c.Name))})", File: path));
            }
            var addressText = item.GetMetadata(Stm32Names.FlashItems.Metadata.Address);
            uint? address = null;
            if (!string.IsNullOrWhiteSpace(addressText))
            {
                address = ImageFileSpec.ParseAddress(addressText) ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FlashItemInvalid, DiagnosticSeverity.Error,
                    $"Address='{addressText}' is not an address (write it in hex, 0x08000000, or decimal)", File: path));
            }
            specs.Add(new ImageFileSpec(path, core, address));
        }
        return specs;
    }
}
