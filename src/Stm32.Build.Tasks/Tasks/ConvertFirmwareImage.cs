using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks;

/// <summary>
/// Writes the Intel HEX (<c>objcopy -O ihex</c>), raw binary (<c>objcopy -O binary</c>) and, on request, the
/// listing (<c>objdump -h -S</c>, as CubeIDE's "list file" step) of a linked ELF; each only when older than the ELF.
/// </summary>
public sealed class ConvertFirmwareImage : Stm32Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The ELF.</summary>
    [Required] public string ElfFile { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-objcopy.</summary>
    [Required] public string Objcopy { get; set; } = string.Empty;
    /// <summary>arm-none-eabi-objdump.</summary>
    public string? Objdump { get; set; }
    /// <summary>The HEX file to write; none when empty.</summary>
    public string? HexFile { get; set; }
    /// <summary>The binary to write; none when empty.</summary>
    public string? BinFile { get; set; }
    /// <summary>The listing to write; none when empty.</summary>
    public string? ListFile { get; set; }

    /// <summary>Files written.</summary>
    [Output] public ITaskItem[] FileWrites { get; private set; } = [];

    /// <inheritdoc />
    public void Cancel() => _cancel.Cancel();

    /// <inheritdoc />
    protected override void ExecuteCore()
    {
        var elf = Path.GetFullPath(ElfFile);
        var dir = Path.GetDirectoryName(elf)!;
        var writes = new List<ITaskItem>();
        if (!string.IsNullOrWhiteSpace(HexFile))
        {
            Convert(Objcopy, ["-O", "ihex", elf, Path.GetFullPath(HexFile)], Path.GetFullPath(HexFile), elf, dir, null);
            writes.Add(new TaskItem(HexFile));
        }
        if (!string.IsNullOrWhiteSpace(BinFile))
        {
            Convert(Objcopy, ["-O", "binary", elf, Path.GetFullPath(BinFile)], Path.GetFullPath(BinFile), elf, dir, null);
            writes.Add(new TaskItem(BinFile));
        }
        if (!string.IsNullOrWhiteSpace(ListFile) && !string.IsNullOrWhiteSpace(Objdump))
        {
            Convert(Objdump, ["-h", "-S", elf], Path.GetFullPath(ListFile), elf, dir, Path.GetFullPath(ListFile));
            writes.Add(new TaskItem(ListFile));
        }
        FileWrites = writes.ToArray();
    }

    private void Convert(string tool, IReadOnlyList<string> args, string output, string elf, string dir, string? stdoutFile)
    {
        if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(elf))
        {
            return;
        }
        var result = ProcessRunner.RunAsync(tool, args, dir, _cancel.Token).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            LogDiagnostic(new Diagnostic(DiagnosticCodes.ImageConversionFailed, DiagnosticSeverity.Error,
                $"{Path.GetFileName(tool)} exited with code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}: {string.Join(" ", result.Output.Take(5))}", output));
            return;
        }
        if (stdoutFile is not null)
        {
            File.WriteAllLines(stdoutFile, result.Output);
        }
    }
}
