using System.Globalization;
using Microsoft.Build.Framework;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Size;

namespace Stm32.Build.Tasks;

/// <summary>
/// Prints the memory use of a linked image per region (FLASH, DTCMRAM, RAM_D1, ...), like STM32CubeIDE's
/// Build Analyzer: regions from the map's "Memory Configuration", sections from the ELF (run and load address).
/// </summary>
public sealed class FirmwareSizeReport : Stm32Task
{
    /// <summary>The ELF.</summary>
    [Required] public string ElfFile { get; set; } = string.Empty;
    /// <summary>The linker map.</summary>
    [Required] public string MapFile { get; set; } = string.Empty;
    /// <summary>Warn (STM6302) when a region is filled above this percentage; 0 disables.</summary>
    public int WarningPercent { get; set; } = 95;

    /// <summary>The table as printed.</summary>
    [Output] public string? Report { get; private set; }

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        IReadOnlyList<RegionUsage> usage;
        try
        {
            var regions = MemoryUsage.ReadMapRegions(File.ReadAllText(MapFile));
            var sections = ElfSections.Read(File.ReadAllBytes(ElfFile), ElfFile);
            usage = MemoryUsage.Compute(regions, sections);
        }
        catch (Stm32Exception ex)
        {
            LogDiagnostic(ex.Diagnostic with { Severity = DiagnosticSeverity.Warning });
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.SizeReportUnavailable, DiagnosticSeverity.Warning,
                $"The size report cannot read its inputs: {ex.Message}", MapFile));
            return;
        }
        Report = MemoryUsage.FormatTable(usage, $"Memory use of {Path.GetFileName(ElfFile)}:");
        Log.LogMessage(MessageImportance.High, Report);
        if (WarningPercent > 0)
        {
            foreach (var u in usage.Where(u => u.Percent >= WarningPercent))
            {
                LogDiagnostic(new Diagnostic(DiagnosticCodes.MemoryRegionNearlyFull, DiagnosticSeverity.Warning,
                    $"Memory region {u.Region.Name} is {u.Percent.ToString("0.0", CultureInfo.InvariantCulture)}% full ({u.Used} of {u.Region.Length} bytes).",
                    ElfFile, Address: u.Region.Origin));
            }
        }
    }
}
