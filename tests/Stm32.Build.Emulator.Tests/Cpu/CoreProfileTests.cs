using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Emulator.Cpu;
using Stm32.Build.Emulator.Tests.Support;
using Xunit;

namespace Stm32.Build.Emulator.Tests.Cpu;

/// <summary><see cref="CoreProfile"/>: what a core implements, read from the device data, and the errors for data it cannot run.</summary>
public sealed class CoreProfileTests
{
    [Theory]
    [InlineData("Cortex-M33", 0x410FD210u, null, 64, "not one the emulator implements")]
    [InlineData("Cortex-M0+", 0x410CC601u, "fpv4-sp-d16", 32, "has no fpv4-sp-d16 FPU")]
    [InlineData("Cortex-M4", 0x410FC241u, "fpv5-d16", 82, "has no fpv5-d16 FPU")]
    [InlineData("Cortex-M4", 0x410FC241u, "vfpv4", 82, "fpu 'vfpv4' is not one of fpv4-sp-d16, fpv5-sp-d16, fpv5-d16")]
    [InlineData("Cortex-M0+", 0x410CC601u, null, 33, "interruptCount 33 is outside 0–32")]
    public void DeviceDataForACoreTheEmulatorCannotRunIsACodedError(string architecture, uint cpuId, string? fpu, int interrupts, string expected)
    {
        var description = new CoreDescription
        {
            Name = "CPU", Architecture = architecture, AccessPort = 0, CpuId = cpuId, DefaultBootAddress = 0x08000000,
            SystemBootAddress = 0, BootOptionName = "-", Fpu = fpu, InterruptCount = interrupts,
        };
        var ex = Assert.Throws<Stm32Exception>(() => CoreProfile.From(description));
        Assert.Equal(DiagnosticCodes.EmulatorUnsupportedCore, ex.Code);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProfileComesFromTheDeviceData()
    {
        var h747 = DeviceCatalog.BuiltIn.Get("STM32H747XI");
        var cm7 = CoreProfile.From(h747.FindCore("CM7")!);
        var cm4 = CoreProfile.From(h747.FindCore("CM4")!);
        Assert.Equal((CortexModel.M7, ArmArchitecture.V7EM, CoreFpu.FpV5D16, 150), (cm7.Model, cm7.Architecture, cm7.Fpu, cm7.Interrupts));
        Assert.Equal((CortexModel.M4, ArmArchitecture.V7EM, CoreFpu.FpV4SpD16), (cm4.Model, cm4.Architecture, cm4.Fpu));
        var m0 = CoreProfile.From(TestDevices.Get(TestDevices.M0Plus).Cores[0]);
        Assert.Equal((CortexModel.M0Plus, ArmArchitecture.V6M, CoreFpu.None, 0xC0u), (m0.Model, m0.Architecture, m0.Fpu, m0.PriorityMask));
    }

    [Theory]
    [InlineData("STM32G071RB", CortexModel.M0Plus, ArmArchitecture.V6M, CoreFpu.None, 32)]
    [InlineData("STM32F103C8", CortexModel.M3, ArmArchitecture.V7M, CoreFpu.None, 43)]
    [InlineData("STM32F407VG", CortexModel.M4, ArmArchitecture.V7EM, CoreFpu.FpV4SpD16, 82)]
    [InlineData("STM32F746NG", CortexModel.M7, ArmArchitecture.V7EM, CoreFpu.FpV5SpD16, 98)]
    [InlineData("STM32F767ZI", CortexModel.M7, ArmArchitecture.V7EM, CoreFpu.FpV5D16, 110)]
    public void TheFamiliesDeviceDataGivesEachPartsProfile(string device, CortexModel model, ArmArchitecture architecture, CoreFpu fpu, int interrupts)
    {
        var profile = CoreProfile.From(DeviceCatalog.BuiltIn.Get(device).Cores[0]);
        Assert.Equal((model, architecture, fpu, interrupts), (profile.Model, profile.Architecture, profile.Fpu, profile.Interrupts));
    }

    [Fact]
    public void EveryCoreOfTheBuiltInDeviceDataIsOneTheEmulatorRuns()
    {
        var cores = DeviceCatalog.BuiltIn.Devices.SelectMany(d => d.Cores).ToList();
        Assert.True(cores.Count > 100, $"{cores.Count} cores");
        Assert.All(cores, c => CoreProfile.From(c)); // STM7010 would name the core
    }
}
