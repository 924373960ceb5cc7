using System.Reflection;
using System.Text.RegularExpressions;
using Stm32.Build.TestSupport;

namespace Stm32.Build.Tasks.Tests;

/// <summary>Every Stm32 name the package's MSBuild files use is a constant of <see cref="Stm32Names"/>.</summary>
public class Stm32NamesTests
{
    private static HashSet<string> Constants() =>
        typeof(Stm32Names).GetNestedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_name_in_the_build_files_is_declared()
    {
        var constants = Constants();
        var files = Directory.GetFiles(RepositoryPaths.Combine("build"), "*.*").Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        var undeclared = new List<string>();
        foreach (var file in files)
        {
            var text = Regex.Replace(File.ReadAllText(file), "<!--.*?-->", string.Empty, RegexOptions.Singleline);
            foreach (Match m in Regex.Matches(text, @"\b_?Stm32[A-Za-z0-9]+\b"))
            {
                if (!constants.Contains(m.Value) && !m.Value.StartsWith("Stm32.", StringComparison.Ordinal))
                {
                    undeclared.Add(Path.GetFileName(file) + ": " + m.Value);
                }
            }
        }
        Assert.Empty(undeclared.Distinct());
    }

    [Fact]
    public void Every_target_and_task_named_in_the_class_exists_in_the_build_files()
    {
        var text = string.Concat(Directory.GetFiles(RepositoryPaths.Combine("build")).Select(File.ReadAllText));
        foreach (var target in typeof(Stm32Names.Targets).GetFields().Select(f => (string)f.GetRawConstantValue()!))
        {
            Assert.Contains($"<Target Name=\"{target}\"", text, StringComparison.Ordinal);
        }
        foreach (var task in typeof(Stm32Names.Tasks).GetFields().Select(f => (string)f.GetRawConstantValue()!))
        {
            Assert.Contains($"<UsingTask TaskName=\"{task}\"", text, StringComparison.Ordinal);
            // MSBuild's assemblies are not beside the tests (compile-only references), so look at the source.
            var name = task[(task.LastIndexOf('.') + 1)..];
            var source = File.ReadAllText(RepositoryPaths.Combine("src", "Stm32.Build.Tasks", "Tasks", name + ".cs"));
            Assert.Contains($"public sealed class {name} :", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Public_names_start_with_Stm32_and_private_ones_with_an_underscore()
    {
        foreach (var type in typeof(Stm32Names).GetNestedTypes().Where(t => t.Name is not "Tasks" and not "Metadata"))
        {
            foreach (var value in type.GetFields().Select(f => (string)f.GetRawConstantValue()!))
            {
                Assert.Matches(type.Name == "Private" ? "^_Stm32" : "^_?Stm32", value);
            }
        }
    }
}
