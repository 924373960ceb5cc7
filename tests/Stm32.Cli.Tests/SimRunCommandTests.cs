using System.Text.Json;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Cli.Tests;

/// <summary>
/// <c>stm32 sim run</c> on a board: the HAL-style firmware of tests/firmware/h747hal is put into flash, the board
/// powers up and the firmware runs for a span of virtual time; what it did to the board — the supply it latched, the
/// debug port, the UART text, each core's state — comes from the firmware executing, as the firmware's README says a
/// real board shows it.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class SimRunCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => SimRunBareTests.Run(args);

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    private static JsonElement Core(JsonElement report, string name) =>
        report.GetProperty("cores").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public void Clean_dual_core_firmware_on_an_ldo_board_reaches_both_main_loops_and_leaves_the_debug_port_answering()
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Clean);
        var (code, output, error) = Run("sim", "run", images.Cm7Elf, images.Cm4Elf, "--board", "custom-h747-ldo", "--time", "600", "--format", "json");

        Assert.True(code == 0, error + output);
        var report = Json(output);
        Assert.Equal(600, report.GetProperty("timeMs").GetDouble());
        Assert.Equal("custom-h747-ldo", report.GetProperty("board").GetString());
        foreach (var name in new[] { "CM7", "CM4" })
        {
            var core = Core(report, name);
            Assert.Contains(core.GetProperty("state").GetString(), new[] { "running", "sleeping" });
            Assert.Empty(core.GetProperty("faults").EnumerateArray());
        }
        Assert.Equal("0x00000002", report.GetProperty("supply").GetProperty("written").GetString()); // LDOEN, as HAL_PWREx_ConfigSupply(PWR_LDO_SUPPLY) writes it
        Assert.True(report.GetProperty("supply").GetProperty("accepted").GetBoolean());
        Assert.Equal("answers", report.GetProperty("debugPort").GetString());
        Assert.Equal(0, report.GetProperty("resets").GetInt32());
        var uart = report.GetProperty("uart").GetString()!;
        Assert.Contains("clock ok 480000000", uart, StringComparison.Ordinal);
        Assert.Contains("CM4 main loop", uart, StringComparison.Ordinal);
        Assert.Contains("blink 2", uart, StringComparison.Ordinal); // the CM7 blinks every 251 ms: two blinks within 600 ms
    }

    [Fact]
    public void Smps_firmware_on_an_ldo_board_loses_the_core_supply_silences_the_debug_port_and_exits_non_zero()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.SupplySmpsOnLdo);
        var (code, output, error) = Run("sim", "run", elf, "--board", "custom-h747-ldo", "--time", "20", "--format", "json");

        Assert.Equal(ExitCodes.Errors, code);
        Assert.Contains("error STM5111: the core supply collapsed", error, StringComparison.Ordinal);
        var report = Json(output);
        var supply = report.GetProperty("supply");
        Assert.Equal("0x00000004", supply.GetProperty("written").GetString()); // SMPSEN only, LDOEN cleared
        Assert.False(supply.GetProperty("accepted").GetBoolean());
        Assert.True(supply.GetProperty("lost").GetBoolean());
        Assert.Equal("silent", report.GetProperty("debugPort").GetString());
        Assert.Equal("unpowered", Core(report, "CM7").GetProperty("state").GetString());
        Assert.Equal(string.Empty, report.GetProperty("uart").GetString()); // the supply is written before the first line

        // The same image on a board wired for direct SMPS (the --supply override) runs: the failure is the wiring's.
        var (smpsCode, smpsOutput, _) = Run("sim", "run", elf, "--board", "custom-h747-ldo", "--supply", "PWR_DIRECT_SMPS_SUPPLY", "--time", "20", "--format", "json");
        var smps = Json(smpsOutput);
        Assert.True(smps.GetProperty("supply").GetProperty("accepted").GetBoolean());
        Assert.Equal("answers", smps.GetProperty("debugPort").GetString());
        Assert.Equal("running", Core(smps, "CM7").GetProperty("state").GetString());
        // Only the CM4 (bank 2 left erased by this single-core image) locks up, as on silicon with BCM4 set.
        Assert.Equal("lockedUp", Core(smps, "CM4").GetProperty("state").GetString());
        Assert.Equal(ExitCodes.Errors, smpsCode);
    }

    [Fact]
    public void A_cm4_that_takes_the_swd_pins_leaves_both_cores_running_and_the_debug_port_silent()
    {
        var images = FirmwareBuilder.BuildH747HalDualCore(DualCoreVariant.Cm4SwdOff);
        var (code, output, error) = Run("sim", "run", images.Cm7Elf, images.Cm4Elf, "--board", "custom-h747-ldo", "--time", "300");

        Assert.True(code == 0, error + output); // nothing locked up and the supply holds: the firmware is healthy, the debugger is not
        Assert.Contains("debug port: silent (the SWD pins were taken by firmware", output, StringComparison.Ordinal);
        Assert.Contains("  clock ok 480000000", output, StringComparison.Ordinal);
        Assert.Matches(@"CM4: (running|sleeping) at 0x081", output);
    }

    [Fact]
    public void Text_report_names_board_cores_supply_and_the_uart_lines()
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.Clean);
        var (_, output, error) = Run("sim", "run", elf, "--board", "custom-h747-ldo", "--time", "300");

        Assert.StartsWith("board: custom-h747-ldo (STM32H747XI), 300 ms of virtual time", output, StringComparison.Ordinal);
        Assert.Contains("supply: PWR_CR3 = 0x02 (ldo, PWR_LDO_SUPPLY), taken by the board's wiring", output, StringComparison.Ordinal);
        Assert.Contains("\n  main loop\n  blink 1\n", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Matches(@"CM7: (running|sleeping) at 0x080", output);
        Assert.Contains("error STM4700: the CM4 locked up", error, StringComparison.Ordinal); // its bank is erased
    }
}

/// <summary><c>stm32 sim run</c>: options and inputs that are refused before anything runs.</summary>
public sealed class SimRunOptionTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => SimRunBareTests.Run(args);

    [Fact]
    public void An_unknown_board_is_a_usage_error_naming_the_bundled_boards()
    {
        var (code, _, error) = Run("sim", "run", "x.elf", "--board", "no-such-board");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM5104", error, StringComparison.Ordinal);
        Assert.Contains("STM32H747I-DISCO", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_supply_is_a_usage_error_naming_the_known_ones()
    {
        var (code, _, error) = Run("sim", "run", "x.elf", "--supply", "smps-3v3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM5106", error, StringComparison.Ordinal);
        Assert.Contains("direct-smps", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_beside_a_board_that_carries_another_part_is_refused()
    {
        var (code, _, error) = Run("sim", "run", "x.elf", "--board", "NUCLEO-H743ZI2", "--device", "STM32H747XI");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM5105", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bare_only_options_on_a_board_run_are_a_usage_error()
    {
        var (code, _, error) = Run("sim", "run", "x.elf", "--max-instructions", "10");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--max-instructions applies to --bare runs only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_beyond_a_minute_is_out_of_range()
    {
        var (code, _, error) = Run("sim", "run", "x.elf", "--time", "60001");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM0007", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_outside_flash_is_refused_naming_the_file_and_address()
    {
        // An Intel HEX file with four bytes at 0x24000000 (AXI SRAM): a board boots from flash only.
        var path = Path.Combine(Path.GetTempPath(), $"ram-{Guid.NewGuid():N}.hex");
        File.WriteAllText(path, ":020000042400D6\n:04000000DEADBEEFC4\n:00000001FF\n");
        try
        {
            var (code, _, error) = Run("sim", "run", path);
            Assert.Equal(ExitCodes.Errors, code);
            Assert.Contains(path + ": error STM5110: the segment at 0x24000000", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bare_runs_take_one_image()
    {
        var (code, _, error) = Run("sim", "run", "--bare", "a.elf", "b.elf");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--bare runs one image", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingImageIsAFileError()
    {
        var (code, _, error) = Run("sim", "run", "--bare", Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".elf"));
        Assert.Equal(ExitCodes.Errors, code);
        Assert.Contains("STM0002", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveInstructionLimitIsAUsageError()
    {
        var (code, _, error) = Run("sim", "run", "--bare", "x.elf", "--max-instructions", "0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM0007", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCoreIsRejected()
    {
        var (code, _, error) = Run("sim", "run", "--bare", "x.elf", "--core", "cm3");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("STM0003", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_core_that_locks_up_exits_non_zero_with_a_coded_error()
    {
        // Reset handler at 0x08000010: UDF #0. The UsageFault escalates to HardFault, whose vector is 0 (no Thumb
        // bit): the fault taken while handling a fault locks the core up (ARMv7-M ARM B1.5.15).
        var image = new byte[32];
        BitConverter.GetBytes(0x2002_0000u).CopyTo(image, 0);
        BitConverter.GetBytes(0x0800_0011u).CopyTo(image, 4);
        for (var i = 16; i < 32; i += 2)
        {
            BitConverter.GetBytes((ushort)0xDE00).CopyTo(image, i);
        }
        var path = Path.Combine(Path.GetTempPath(), $"lockup-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, image);
        try
        {
            var (code, output, error) = Run("sim", "run", "--bare", path, "--max-instructions", "1000");
            Assert.Contains("stop: lockup", output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Errors, code);
            Assert.Contains("error STM4700: the CM7 locked up", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
