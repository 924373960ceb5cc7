using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.SvdGen.Tests;

/// <summary>
/// The tables checked in under src/Stm32.Build.Core/Registers/Tables are exactly what the generator produces from
/// ST's SVD files (../shared/svd beside the repository) and the corrections: a stale table, an edited table or an SVD
/// update without regeneration fails here.
/// </summary>
public class CheckedInTablesTests
{
    [Fact]
    public void Checked_in_tables_match_a_fresh_generation_from_the_SVD_files()
    {
        var options = GeneratorOptions.ForRepository(RepositoryPaths.Root);
        Assert.True(Directory.Exists(options.SvdDirectory),
            $"ST's SVD files are expected in {options.SvdDirectory} (../shared/svd beside the repository); the register tables cannot be checked without them");
        var files = Generator.Generate(options);
        var differences = Generator.Compare(files, options.OutputDirectory);
        Assert.True(differences.Count == 0,
            $"the register tables in src/Stm32.Build.Core/Registers/Tables are stale ({string.Join(", ", differences)}); regenerate them with: {Generator.Command}");
    }

    [Fact]
    public void Regenerating_into_an_empty_folder_writes_every_file_and_the_comparison_finds_no_difference()
    {
        var options = GeneratorOptions.ForRepository(RepositoryPaths.Root);
        var directory = Path.Combine(Path.GetTempPath(), "stm32-svdgen-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            var tableList = Path.Combine(Path.GetTempPath(), "stm32-svdgen-tool-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(tableList, "corrections"));
            File.WriteAllText(Path.Combine(tableList, "tables.txt"), "STM32F103 STM32F1\nSTM32F401 STM32F4\n");
            var small = options with { ToolDirectory = tableList, OutputDirectory = directory };
            var files = Generator.Generate(small);
            Assert.Equal(["STM32F1.layouts.txt", "STM32F103.txt", "STM32F4.layouts.txt", "STM32F401.txt", "index.txt"], files.Keys);
            Assert.Equal(files.Keys.Select(k => k + " (missing)"), Generator.Compare(files, directory));
            Generator.WriteAll(small, files);
            File.WriteAllText(Path.Combine(directory, "STALE.txt"), "pool X\n");
            Generator.WriteAll(small, files);                              // removes what is no longer generated
            Assert.Empty(Generator.Compare(files, directory));
            Directory.Delete(tableList, recursive: true);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
