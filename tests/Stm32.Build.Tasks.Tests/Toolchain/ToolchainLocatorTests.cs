using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;
using Stm32.Build.Tasks.Toolchain;

namespace Stm32.Build.Tasks.Tests.Toolchain;

public class ToolchainLocatorTests
{
    private static string Gcc => "arm-none-eabi-gcc" + ToolchainLocator.ExecutableSuffix;

    [Fact]
    public void Explicit_path_wins_and_accepts_the_root_holding_bin()
    {
        using var dir = new TempDirectory();
        dir.Write(Path.Combine("gnu", "bin", Gcc), "");
        dir.Write(Path.Combine("path", Gcc), "");
        var locator = new ToolchainLocator(_ => dir.Combine("path"), []);
        var found = locator.Locate(dir.Combine("gnu"), "arm-none-eabi-");
        Assert.Equal((dir.Combine("gnu", "bin"), "Stm32ToolchainPath"), (found.BinDirectory, found.Source));
        Assert.Equal(Path.Combine(dir.Combine("gnu", "bin"), "arm-none-eabi-objcopy" + ToolchainLocator.ExecutableSuffix), found.Tool("objcopy"));
    }

    [Fact]
    public void Explicit_path_without_the_toolchain_is_an_error_even_when_PATH_has_one()
    {
        using var dir = new TempDirectory();
        dir.Write(Path.Combine("path", Gcc), "");
        var locator = new ToolchainLocator(_ => dir.Combine("path"), []);
        var ex = Assert.Throws<Stm32Exception>(() => locator.Locate(dir.Combine("nothing"), "arm-none-eabi-"));
        Assert.Equal(DiagnosticCodes.ToolchainNotFound, ex.Code);
        Assert.Contains(dir.Combine("nothing"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_comes_before_CubeIDE()
    {
        using var dir = new TempDirectory();
        dir.Write(Path.Combine("a", "x"), "");
        dir.Write(Path.Combine("b", Gcc), "");
        dir.Write(Path.Combine("st", "plugins", "com.st.stm32cube.ide.mcu.externaltools.gnu-tools-for-stm32.12.3.rel1.linux64_1.0.0", "tools", "bin", Gcc), "");
        var locator = new ToolchainLocator(_ => dir.Combine("a") + Path.PathSeparator + dir.Combine("b"), [dir.Combine("st")]);
        var found = locator.Locate(null, "arm-none-eabi-");
        Assert.Equal((dir.Combine("b"), ToolchainFlavor.Generic, "PATH"), (found.BinDirectory, found.Flavor, found.Source));
    }

    [Fact]
    public void CubeIDE_bundled_tools_are_found_in_a_versioned_install_and_are_ST_flavored()
    {
        using var dir = new TempDirectory();
        var bin = dir.Combine("st", "stm32cubeide_1.16.0", "plugins", "com.st.stm32cube.ide.mcu.externaltools.gnu-tools-for-stm32.12.3.rel1.linux64_1.0.0", "tools", "bin");
        dir.Write(Path.Combine(bin, Gcc), "");
        var found = new ToolchainLocator(_ => null, [dir.Combine("st")]).Locate("", "arm-none-eabi-");
        Assert.Equal((bin, ToolchainFlavor.GnuToolsForStm32, "STM32CubeIDE"), (found.BinDirectory, found.Flavor, found.Source));
    }

    [Fact]
    public void Nothing_found_names_every_place_searched_and_how_to_install()
    {
        using var dir = new TempDirectory();
        var locator = new ToolchainLocator(_ => dir.Combine("p1") + Path.PathSeparator + dir.Combine("p2"), [dir.Combine("cubeide")]);
        var ex = Assert.Throws<Stm32Exception>(() => locator.Locate(null, "arm-none-eabi-"));
        Assert.Equal(DiagnosticCodes.ToolchainNotFound, ex.Code);
        Assert.Contains(dir.Combine("p1") + " (PATH)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(dir.Combine("p2") + " (PATH)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Combine("cubeide"), "plugins"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi", ex.Message, StringComparison.Ordinal);
    }
}
