using System.Buffers.Binary;
using System.Reflection;
using Stm32.Build.StLink;

namespace HilTests;

/// <summary>
/// Tests that run against the board the build just flashed: the probe named by STM32_PROBE (default: the virtual
/// board, whose state the Flash step left in the driver's sim state folder).
/// </summary>
public class FlashedBoardTests
{
    private static string Selection => Environment.GetEnvironmentVariable("STM32_PROBE") is { Length: > 0 } probe ? probe : "sim";

    private static byte[] Firmware()
    {
        var bin = typeof(FlashedBoardTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "FirmwareBin")?.Value;
        Assert.False(string.IsNullOrEmpty(bin), "the build did not record the firmware's .bin (build the project, not just the tests)");
        return File.ReadAllBytes(bin!);
    }

    [Fact]
    public void The_target_is_an_STM32H745_H747_H755_H757()
    {
        using var probe = StLinkProbe.Open(Selection);
        // DBGMCU_IDC.DEV_ID 0x450: STM32H745/H747/H755/H757 (RM0399, DBGMCU identity code register).
        Assert.Equal(0x450, probe.IdentifyTarget().DevId);
    }

    [Fact]
    public void The_flash_holds_the_firmware_vector_table()
    {
        var firmware = Firmware();
        using var probe = StLinkProbe.Open(Selection);
        // Bank 1 starts at 0x08000000 (RM0399, memory map); the first words are the initial SP and the reset vector.
        var flash = probe.ReadMemory(0, 0x0800_0000, 64);
        Assert.Equal(firmware.AsSpan(0, 64).ToArray(), flash);
        var resetVector = BinaryPrimitives.ReadUInt32LittleEndian(flash.AsSpan(4));
        Assert.Equal(1u, resetVector & 1); // a Thumb address
    }
}
