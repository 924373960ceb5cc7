using System.Globalization;
using Microsoft.Build.Framework;
using Stm32.Build.Diagnostics;
using Stm32.Build.Preflight;
using Stm32.Build.Flashing;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Validation;

using Stm32.Build.Tasks.Terminal;

namespace Stm32.Build.Tasks;

/// <summary>
/// Flashes the images (Stm32Flash items, or the firmware build's images): validate, connect, program and verify,
/// option bytes on request, confirm the boot and run the delay guard — the flashing pipeline of Stm32.Build.Flashing.
/// Usable in custom targets: <c>&lt;Stm32Flash Images="@(Stm32Flash)" Probe="sim" Device="STM32H747XI" /&gt;</c>.
/// </summary>
public sealed class Stm32Flash : Stm32ProbeTask
{
    /// <summary>The images, with optional Device, Core and Address (for .bin) metadata.</summary>
    [Required] public ITaskItem[] Images { get; set; } = [];

    /// <summary>crc (default), readback or none (Stm32Verify).</summary>
    public string? Verify { get; set; }

    /// <summary>Leave unchanged sectors untouched (Stm32SkipUnchanged, default true).</summary>
    public string? SkipUnchanged { get; set; }

    /// <summary>Who writes the flash words (Stm32FlashProgramPath): auto (default), loader or host.</summary>
    public string? ProgramPath { get; set; }

    /// <summary>Milliseconds of the delay guard (Stm32DelayGuard, default 1000; 0 disables).</summary>
    public string? DelayGuard { get; set; }

    /// <summary>Firmware that disables debug access is a warning, not an error (Stm32DebugLossIsWarning).</summary>
    public string? DebugLossIsWarning { get; set; }

    /// <summary>Confirm the boot with a vector catch (Stm32ConfirmBoot, default true).</summary>
    public string? ConfirmBoot { get; set; }

    /// <summary>Erase both banks first (Stm32MassErase, default false).</summary>
    public string? MassErase { get; set; }

    /// <summary>BOOT_CM7_ADD0 to write (Stm32BootCm7Address); empty writes nothing.</summary>
    public string? BootCm7Address { get; set; }

    /// <summary>BOOT_CM4_ADD0 to write (Stm32BootCm4Address); empty writes nothing.</summary>
    public string? BootCm4Address { get; set; }

    /// <summary>RDP level to write (Stm32RdpLevel); empty writes nothing.</summary>
    public string? RdpLevel { get; set; }

    /// <summary>The confirmation RDP level 2 needs (Stm32ConfirmRdpLevel2).</summary>
    public string? ConfirmRdpLevel2 { get; set; }

    /// <summary>The board (Stm32Board): a bundled name or a board description file.</summary>
    public string? Board { get; set; }

    /// <summary>Stm32AllowHazards: flash even when the preflight finds hazards (its errors become warnings).</summary>
    public string? AllowHazards { get; set; }

    /// <summary>Stm32Preflight: false skips booting the images on the virtual board before anything is erased.</summary>
    public string? Preflight { get; set; }

    /// <summary>Stm32BootTime: virtual milliseconds of the preflight.</summary>
    public string? BootTime { get; set; }

    /// <summary>Stm32PreflightResultFile: the after-link validation's preflight result; used instead of booting again when it is for the same images and board.</summary>
    public string? PreflightResultFile { get; set; }

    /// <summary>Stm32BoardStoreDirectory: where boards are remembered; empty: the user's state directory (or STM32_BUILD_BOARDS_DIR).</summary>
    public string? BoardStoreDirectory { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        if (Images.Length == 0)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.NothingToFlash, DiagnosticSeverity.Error,
                "nothing to flash: add <Stm32Flash Include=\"app.elf\" /> items or build a firmware project", File: LocationFile));
        }
        LocationFile ??= Images[0].GetMetadata("FullPath");
        var device = FlashImages.Device(Images, Device, LocationFile);
        var specs = FlashImages.Specs(Images, device);
        var failures = new List<Diagnostic>();
        var inputs = ImageFileSpec.ReadAll(specs, device, failures);
        foreach (var failure in failures)
        {
            LogCoded(failure);
        }
        if (failures.Count > 0)
        {
            return;
        }
        var store = string.IsNullOrWhiteSpace(BoardStoreDirectory)
            ? Flashing.Boards.RememberedBoardStore.Default
            : new Flashing.Boards.RememberedBoardStore(BoardStoreDirectory!.Trim());
        var request = new FlashRequest
        {
            Device = device,
            Images = inputs,
            Connect = ParseConnect(),
            Verify = (Verify ?? "").Trim().ToLowerInvariant() switch
            {
                "" or "crc" => VerifyMode.Crc,
                "readback" => VerifyMode.ReadBack,
                "none" => VerifyMode.None,
                var other => throw Invalid("Stm32Verify", other, "crc, readback or none"),
            },
            SkipUnchanged = Flag(SkipUnchanged, true, Stm32Names.FlashProperties.SkipUnchanged),
            ProgramPath = (ProgramPath ?? "").Trim().ToLowerInvariant() switch
            {
                "" or "auto" => Flashing.Drivers.ProgramPath.Auto,
                "loader" => Flashing.Drivers.ProgramPath.Loader,
                "host" => Flashing.Drivers.ProgramPath.Host,
                var other => throw Invalid(Stm32Names.FlashProperties.FlashProgramPath, other, "auto, loader or host"),
            },
            DelayGuard = TimeSpan.FromMilliseconds(Milliseconds(DelayGuard)),
            DebugLossIsWarning = Flag(DebugLossIsWarning, false, Stm32Names.FlashProperties.DebugLossIsWarning),
            ConfirmBoot = Flag(ConfirmBoot, true, Stm32Names.FlashProperties.ConfirmBoot),
            MassErase = Flag(MassErase, false, Stm32Names.FlashProperties.MassErase),
            OptionBytes = OptionBytes(),
            Preflight = TaskPreflight.Request(device, inputs, Board, BoardSupply, Preflight, BootTime, LocationFile) is { } preflight
                ? Gate(preflight, store)
                : null,
            BoardStore = store,
        };
        Log.LogMessage(MessageImportance.High, $"Stm32.Build: flashing {string.Join(", ", specs.Select(s => Path.GetFileName(s.Path) + (s.Core is null ? "" : "@" + s.Core)))} to {device.Name} through {(string.IsNullOrWhiteSpace(Probe) ? "auto" : Probe)}");
        var report = RunPipeline(device, (pipeline, ct) => pipeline.FlashAsync(request, ct));
        if (report is { Succeeded: true })
        {
            ResultLine.Log(this, Log, string.Create(CultureInfo.InvariantCulture,
                $"flashed {device.Name}: {report.SectorsErased.Count} sector(s) erased, {report.SectorsSkipped.Count} unchanged, {report.BytesProgrammed} bytes programmed, verify {report.Verify?.Result ?? "-"}, boot {(report.Boot.Count > 0 && report.Boot.All(b => b.Confirmed) ? "confirmed" : "not checked")}, delay guard {report.DelayGuard?.Result ?? "-"}."));
        }
    }

    /// <summary>The preflight gate: the validation's result when it is for these images and this board, else a dry run.</summary>
    private PreflightGate Gate(PreflightRequest preflight, Flashing.Boards.RememberedBoardStore store)
    {
        var validated = PreflightRecord.TryRead(PreflightResultFile, PreflightRecord.Key(preflight));
        return FlashGate.Create(preflight, Flag(AllowHazards, false, Stm32Names.FlashProperties.AllowHazards), store, validated, (result, reused) =>
        {
            if (reused)
            {
                Log.LogMessage(MessageImportance.Normal, $"Stm32.Build: the preflight is the validation's ({PreflightResultFile}): the same images on the same board, not booted again.");
            }
            else
            {
                TaskPreflight.LogBooted(Log, result);
            }
        });
    }

    private int Milliseconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1000;
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : throw Invalid("Stm32DelayGuard", text, "a number of milliseconds (0 disables)");
    }

    private OptionBytesRequest? OptionBytes()
    {
        uint? Address(string? text, string name) => string.IsNullOrWhiteSpace(text)
            ? null
            : ImageFileSpec.ParseAddress(text) ?? throw Invalid(name, text, "an address (0x08000000)");
        int? rdp = string.IsNullOrWhiteSpace(RdpLevel)
            ? null
            : RdpLevel.Trim() switch
            {
                "0" => 0,
                "1" => 1,
                "2" => 2,
                var other => throw Invalid("Stm32RdpLevel", other, "0, 1 or 2"),
            };
        var request = new OptionBytesRequest
        {
            BootCm7Address0 = Address(BootCm7Address, "Stm32BootCm7Address"),
            BootCm4Address0 = Address(BootCm4Address, "Stm32BootCm4Address"),
            RdpLevel = rdp,
            ConfirmRdpLevel2 = Flag(ConfirmRdpLevel2, false, Stm32Names.FlashProperties.ConfirmRdpLevel2),
        };
        return request.IsEmpty ? null : request;
    }
}
