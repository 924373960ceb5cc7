using System.Diagnostics;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.SvdGen;

// Stm32.SvdGen: ST's CMSIS-SVD files -> src/Stm32.Build.Core/Registers/Tables (docs/registers.md).
//   dotnet run --project tools/Stm32.SvdGen [-- --svd DIR] [--out DIR] [--check] [--no-corrections]
// --check writes nothing and exits 1 when the checked-in tables differ from what the SVD files and corrections give;
// --no-corrections writes the SVD files' facts as they are (with --out DIR, to review what the corrections change).

var root = FindRepositoryRoot();
if (root is null)
{
    Console.Error.WriteLine($"stm32-svdgen: error {DiagnosticCodes.SvdGeneratorConfigInvalid}: run inside the repository (no Stm32.Build.sln above the current folder)");
    return 2;
}
var options = GeneratorOptions.ForRepository(root);
var check = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--svd" when i + 1 < args.Length:
            options = options with { SvdDirectory = Path.GetFullPath(args[++i]) };
            break;
        case "--out" when i + 1 < args.Length:
            options = options with { OutputDirectory = Path.GetFullPath(args[++i]) };
            break;
        case "--check":
            check = true;
            break;
        case "--no-corrections":
            options = options with { ApplyCorrections = false };
            break;
        default:
            Console.Error.WriteLine($"stm32-svdgen: error {DiagnosticCodes.InvalidArgument}: unknown argument '{args[i]}'; usage: {Generator.Command} [-- --svd DIR] [--out DIR] [--check] [--no-corrections]");
            return 2;
    }
}

try
{
    var stopwatch = Stopwatch.StartNew();
    var files = Generator.Generate(options);
    var bytes = files.Values.Sum(f => (long)f.Length);
    if (check)
    {
        var differences = Generator.Compare(files, options.OutputDirectory);
        if (differences.Count > 0)
        {
            Console.Error.WriteLine($"stm32-svdgen: error {DiagnosticCodes.RegisterTablesStale}: the register tables in {options.OutputDirectory} are stale ({string.Join(", ", differences)}); regenerate them with: {Generator.Command}");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"register tables up to date: {files.Count} files, {bytes} bytes"));
        return 0;
    }
    Generator.WriteAll(options, files);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {files.Count} files, {bytes} bytes, to {options.OutputDirectory} in {stopwatch.Elapsed.TotalSeconds:F1} s"));
    return 0;
}
catch (Stm32Exception ex)
{
    Console.Error.WriteLine(ex.Diagnostic.ToCanonicalString());
    return 1;
}

static string? FindRepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stm32.Build.sln")))
            {
                return dir.FullName;
            }
        }
    }
    return null;
}
