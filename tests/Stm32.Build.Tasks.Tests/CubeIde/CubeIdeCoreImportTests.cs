using Stm32.Build.Diagnostics;
using Stm32.Build.Tasks.CubeIde;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// The CPU, FPU and float ABI of an imported configuration come from the device data or the part's series and the
/// .cproject's own MCU options, for parts of four families; a part neither knows is STM6401, never a guess.
/// </summary>
public class CubeIdeCoreImportTests
{
    private static CubeIdeConfiguration Import(RealCProject cproject)
    {
        using var dir = new TempDirectory();
        var file = dir.Write(Path.Combine("App", ".cproject"), cproject.ToString());
        return CProjectReader.Read(file, "Debug", "App");
    }

    [Fact]
    public void An_STM32F103_is_a_Cortex_M3_without_FPU_and_soft_float()
    {
        var config = Import(new RealCProject { Mcu = "STM32F103C8Tx" });
        Assert.Equal("cortex-m3", config.Settings.Cpu);
        Assert.Null(config.Settings.Fpu);
        Assert.Equal("soft", config.Settings.FloatAbi);
    }

    [Fact]
    public void An_STM32F407_takes_the_cproject_s_fpv4_sp_d16_and_hard_float()
    {
        var config = Import(new RealCProject { Mcu = "STM32F407VGTx", Fpu = "fpv4-sp-d16", FloatAbi = "hard" });
        Assert.Equal("cortex-m4", config.Settings.Cpu);
        Assert.Equal("fpv4-sp-d16", config.Settings.Fpu);
        Assert.Equal("hard", config.Settings.FloatAbi);
    }

    [Fact]
    public void An_STM32F446_with_softfp_keeps_the_cproject_s_ABI()
    {
        var config = Import(new RealCProject { Mcu = "STM32F446RETx", Fpu = "fpv4-sp-d16", FloatAbi = "softfp" });
        Assert.Equal(("cortex-m4", "fpv4-sp-d16", "softfp"), (config.Settings.Cpu, config.Settings.Fpu, config.Settings.FloatAbi));
    }

    [Fact]
    public void An_STM32G071_is_a_Cortex_M0plus()
    {
        var config = Import(new RealCProject { Mcu = "STM32G071RBTx" });
        Assert.Equal(("cortex-m0plus", (string?)null, "soft"), (config.Settings.Cpu, config.Settings.Fpu, config.Settings.FloatAbi));
    }

    [Fact]
    public void The_two_cores_of_an_STM32H747_come_from_the_device_data()
    {
        var cm7 = Import(new RealCProject { Mcu = "STM32H747XIHx", CpuId = 0, Fpu = "fpv5-d16", FloatAbi = "hard" });
        Assert.Equal(("cortex-m7", "fpv5-d16", "hard", "CM7"), (cm7.Settings.Cpu, cm7.Settings.Fpu, cm7.Settings.FloatAbi, cm7.CoreName));
        var cm4 = Import(new RealCProject { Mcu = "STM32H747XIHx", CpuId = 1, Fpu = "fpv4-sp-d16", FloatAbi = "hard" });
        Assert.Equal(("cortex-m4", "fpv4-sp-d16", "hard", "CM4"), (cm4.Settings.Cpu, cm4.Settings.Fpu, cm4.Settings.FloatAbi, cm4.CoreName));
        Assert.StartsWith("device data", cm4.CoreSource, StringComparison.Ordinal);
        // Without the FPU options, each core gets its own FPU (the M4's single precision, the M7's double).
        var bare = Import(new RealCProject { Mcu = "STM32H747XIHx", CpuId = 1 });
        Assert.Equal(("cortex-m4", "fpv4-sp-d16", "hard"), (bare.Settings.Cpu, bare.Settings.Fpu, bare.Settings.FloatAbi));
    }

    [Fact]
    public void A_part_neither_the_device_data_nor_a_series_knows_is_STM6401_at_the_MCU_option()
    {
        using var dir = new TempDirectory();
        var text = new RealCProject { Mcu = "STM32Q999ZZTx" }.ToString();
        var file = dir.Write(Path.Combine("App", ".cproject"), text);
        var ex = Assert.Throws<Stm32Exception>(() => CProjectReader.Read(file, "Debug", "App"));
        Assert.Equal(DiagnosticCodes.CubeIdeMcuUnknown, ex.Diagnostic.Code);
        Assert.Equal(file, ex.Diagnostic.File);
        var expectedLine = text.Split('\n').ToList().FindIndex(l => l.Contains("value=\"STM32Q999ZZTx\"", StringComparison.Ordinal)) + 1;
        Assert.Equal(expectedLine, ex.Diagnostic.Line);
        Assert.Contains("STM32Q999ZZTx", ex.Diagnostic.Message, StringComparison.Ordinal);
        // The project's own Stm32Cpu wins: then the part need not be known.
        var config = CProjectReader.Read(file, "Debug", "App", cpu: "cortex-m33");
        Assert.Equal("cortex-m33", config.Settings.Cpu);
    }

    [Fact]
    public void An_FPU_on_a_core_without_one_and_a_core_index_past_the_part_s_cores_are_errors()
    {
        using var dir = new TempDirectory();
        var fpu = dir.Write(Path.Combine("A", ".cproject"), new RealCProject { Mcu = "STM32F103RBTx", Fpu = "fpv4-sp-d16" }.ToString());
        Assert.Equal(DiagnosticCodes.CubeIdeFpuInvalid, Assert.Throws<Stm32Exception>(() => CProjectReader.Read(fpu, "Debug", "A")).Diagnostic.Code);
        var core = dir.Write(Path.Combine("B", ".cproject"), new RealCProject { Mcu = "STM32H743ZITx", CpuId = 1 }.ToString());
        Assert.Equal(DiagnosticCodes.CubeIdeCoreIndexInvalid, Assert.Throws<Stm32Exception>(() => CProjectReader.Read(core, "Debug", "B")).Diagnostic.Code);
    }

    [Fact]
    public void Options_the_importer_does_not_know_are_reported_by_id_value_and_line()
    {
        var cproject = new RealCProject { Mcu = "STM32F407VGTx", Fpu = "fpv4-sp-d16", FloatAbi = "hard" };
        cproject.ExtraChainOptions.Add(cproject.Opt("com.st.stm32cube.ide.mcu.gnu.managedbuild.option.target_secure", "true", "boolean"));
        using var dir = new TempDirectory();
        var text = cproject.ToString();
        var file = dir.Write(Path.Combine("App", ".cproject"), text);
        var config = CProjectReader.Read(file, "Debug", "App");
        var (id, value, line) = Assert.Single(config.UntranslatedOptions);
        Assert.Equal("com.st.stm32cube.ide.mcu.gnu.managedbuild.option.target_secure", id);
        Assert.Equal("true", value);
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("option.target_secure", StringComparison.Ordinal)) + 1, line);
    }
}
