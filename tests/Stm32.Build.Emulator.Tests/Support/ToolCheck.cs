using Stm32.Build.Emulator.Gdb;
using Stm32.Build.Emulator.Tests.Programs;
using Xunit;

namespace Stm32.Build.Emulator.Tests;

/// <summary>Tests that need an external tool fail, naming the package to install, when it is missing.</summary>
internal static class ToolCheck
{
    /// <summary>Fails unless arm-none-eabi-gcc is on PATH.</summary>
    public static void RequireCompiler() =>
        Assert.True(TestPrograms.CompilerAvailable, "arm-none-eabi-gcc is not on PATH: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi");

    /// <summary>Fails unless qemu-system-arm and arm-none-eabi-gcc are available.</summary>
    public static void RequireQemuAndCompiler()
    {
        Assert.True(QemuArmTarget.IsAvailable(), $"{QemuArmTarget.Executable} is not available: apt-get install qemu-system-arm");
        RequireCompiler();
    }
}
