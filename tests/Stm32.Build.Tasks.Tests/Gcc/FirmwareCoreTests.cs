using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.Gcc;

namespace Stm32.Build.Tasks.Tests.Gcc;

/// <summary>
/// A convention build's CPU, FPU and float ABI come from the device data's core of Stm32Device (Stm32Core on a
/// multi-core part) or from the project, never a default CPU: an unknown device without a CPU, a multi-core part
/// without a core and a core the part lacks are coded errors at the project file.
/// </summary>
public class FirmwareCoreTests
{
    private const string Project = "/src/app/app.proj";

    private static Stm32.Build.Tasks.CubeIde.CubeIdeCore Resolve(string? device, string? core = null, string? cpu = null, string? fpu = null, string? floatAbi = null) =>
        FirmwareCore.Resolve(device, core, cpu, fpu, floatAbi, Project);

    private static Stm32Exception Fails(string? device, string? core = null) => Assert.Throws<Stm32Exception>(() => Resolve(device, core));

    [Theory]
    // RM0008 (F103: Cortex-M3, no FPU), RM0090 (F407: Cortex-M4F), RM0385 (F746: Cortex-M7 with single-precision FPv5),
    // RM0444 (G071: Cortex-M0+), RM0399 (H747: M7 with double-precision FPv5, M4F).
    [InlineData("STM32F103C8", null, "cortex-m3", "", "soft")]
    [InlineData("STM32F407VG", null, "cortex-m4", "fpv4-sp-d16", "hard")]
    [InlineData("STM32F746NG", null, "cortex-m7", "fpv5-sp-d16", "hard")]
    [InlineData("STM32G071RB", null, "cortex-m0plus", "", "soft")]
    [InlineData("STM32H747XI", "CM7", "cortex-m7", "fpv5-d16", "hard")]
    [InlineData("STM32H747XI", "CM4", "cortex-m4", "fpv4-sp-d16", "hard")]
    public void The_core_comes_from_the_device_data(string device, string? core, string cpu, string fpu, string floatAbi)
    {
        var resolved = Resolve(device, core);

        Assert.Equal((cpu, fpu, floatAbi), (resolved.Cpu, resolved.Fpu ?? "", resolved.FloatAbi));
    }

    [Fact]
    public void The_projects_own_settings_win_over_the_device_data()
    {
        var resolved = Resolve("STM32F407VG", fpu: "none", floatAbi: "soft");
        Assert.Equal(("cortex-m4", null, "soft"), (resolved.Cpu, resolved.Fpu, resolved.FloatAbi));

        resolved = Resolve("STM32X999", cpu: "cortex-m3");
        Assert.Equal(("cortex-m3", null, "soft"), (resolved.Cpu, resolved.Fpu, resolved.FloatAbi));
    }

    [Fact]
    public void A_device_the_data_does_not_describe_is_STM6407_never_a_default_cpu()
    {
        var error = Fails("STM32F999ZZ");

        Assert.Equal(DiagnosticCodes.FirmwareDeviceUnknown, error.Code);
        Assert.Contains("'STM32F999ZZ'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Project, error.Diagnostic.File);
    }

    [Fact]
    public void Neither_a_device_nor_a_cpu_is_STM6407()
    {
        Assert.Equal(DiagnosticCodes.FirmwareDeviceUnknown, Fails(null).Code);
    }

    [Fact]
    public void A_dual_core_part_without_Stm32Core_is_STM8600_naming_its_cores()
    {
        var error = Fails("STM32H747XI");
        Assert.Equal(DiagnosticCodes.FirmwareCoreNotNamed, error.Code);
        Assert.Contains("CM7: Cortex-M7, CM4: Cortex-M4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_core_the_part_does_not_have_is_STM8601()
    {
        Assert.Equal(DiagnosticCodes.FirmwareCoreUnknown, Fails("STM32F407VG", core: "CM7").Code);
    }
}
