using Stm32.Build.Diagnostics;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>
/// One hazard firmware per class (tests/firmware/h747hal, behaviour per variant in its README.md) booted on the
/// boards it applies to: exactly the expected finding, with the function the README's event marker names.
/// </summary>
[Trait("Requires", "gcc")]
public sealed class PreflightHazardTests
{
    /// <summary>The finding's file:line is the source line the firmware marks <c>@event NAME</c> (README's marker table).</summary>
    private static void AtMarker(PreflightFinding finding, HalVariant variant, string marker)
    {
        var place = FirmwareMarkers.Find(FirmwareBuilder.SpecFor(variant), marker);
        Assert.EndsWith($"{place.FileName}:{place.Line}", finding.Source);
    }

    private static PreflightFinding Single(PreflightResult result, string code)
    {
        Assert.Equal([code], result.Hazards.Select(f => f.Code).ToArray());
        return result.Hazards.Single();
    }

    [Fact]
    public void Direct_SMPS_firmware_on_a_board_wired_for_the_LDO_is_an_error_at_the_PWR_CR3_store()
    {
        var result = PreflightHarness.Run(HalVariant.SupplySmpsOnLdo, "custom-h747-ldo");
        var finding = Single(result, DiagnosticCodes.PreflightSupplyMismatch);
        AtMarker(finding, HalVariant.SupplySmpsOnLdo, "supply-write");
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(0x04u, finding.Value);
        Assert.StartsWith("HAL_PWREx_ConfigSupply", finding.Symbol);   // README marker supply-write
        Assert.InRange(finding.TimeMs!.Value, 0.0, 1.0);              // "in the first hundreds of microseconds"
        Assert.Contains("PWR_DIRECT_SMPS_SUPPLY", finding.Message);
        Assert.Contains("ldo", finding.Message);
        Assert.Equal("unpowered", result.Cores[0].State);
        Assert.Equal("", result.Console);
    }

    [Fact]
    public void A_declared_supply_overrides_the_board_and_turns_the_same_image_into_an_error()
    {
        var result = PreflightHarness.Run(HalVariant.Clean, "STM32H747I-DISCO");
        var finding = Single(result, DiagnosticCodes.PreflightSupplyMismatch);
        Assert.Equal(0x02u, finding.Value);
        Assert.Contains("direct-smps", finding.Message);
    }

    [Fact]
    public void SWD_pins_taken_by_MX_GPIO_Init_are_an_error_naming_both_pins()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.SwdOff, "custom-h747-ldo"), DiagnosticCodes.PreflightSwdPinsTaken);
        AtMarker(finding, HalVariant.SwdOff, "gpio-mode");
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.StartsWith("HAL_GPIO_Init", finding.Symbol);            // README marker gpio-mode
        Assert.Contains("PA13", finding.Message);
        Assert.Contains("PA14", finding.Message);
        Assert.Equal("CM7", finding.Core);
    }

    [Fact]
    public void The_Cortex_M4_taking_the_SWD_pins_in_a_dual_core_build_is_found_on_that_core()
    {
        var result = PreflightHarness.RunDual(DualCoreVariant.Cm4SwdOff, "custom-h747-ldo");
        var finding = Single(result, DiagnosticCodes.PreflightSwdPinsTaken);
        Assert.Equal("CM4", finding.Core);
        Assert.StartsWith("main", finding.Symbol);                      // README marker cm4-swd-off
    }

    [Theory]
    [InlineData(HalOptimization.Debugging)]
    [InlineData(HalOptimization.Speed)]
    [InlineData(HalOptimization.Size)]
    public void Stop_mode_without_the_DBGMCU_bits_is_an_error_at_the_line_that_calls_the_inlined_WFI(HalOptimization optimization)
    {
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.StopNoDbg, optimization);
        var result = PreflightRunner.Run(new PreflightRequest
        {
            Device = PreflightHarness.H747,
            Images = [PreflightHarness.Cm7(elf)],
            Board = PreflightHarness.Board("custom-h747-ldo"),
        });
        var finding = Single(result, DiagnosticCodes.PreflightLowPowerWithoutDebug);
        // The WFI instruction is common/cortex_m.h's inlined __WFI; the finding names the line of pwr.c that calls it
        // (README marker stop-entry), and the message shows both.
        AtMarker(finding, HalVariant.StopNoDbg, "stop-entry");
        var wfi = CortexMHeaderLine("static inline void __WFI(void)");
        Assert.Contains($"pwr.c:{FirmwareMarkers.Find(FirmwareBuilder.SpecFor(HalVariant.StopNoDbg), "stop-entry").Line}; inlined __WFI, ", finding.Message);
        Assert.Contains($"cortex_m.h:{wfi})", finding.Message);
        Assert.StartsWith("HAL_PWREx_EnterSTOPMode", finding.Symbol);   // README marker stop-entry
        Assert.Contains("DBGSTOP_D1", finding.Message);
        Assert.Equal("deep-sleep", result.Cores[0].State);
    }

    [Fact]
    public void Stop_with_SysTick_left_running_is_still_an_error_because_the_stopped_core_clock_stops_SysTick_too()
    {
        // Without HAL_SuspendTick a twin whose SysTick ran on in Stop would wake the core every millisecond and see
        // no hazard; on silicon the CPU clock is stopped in CStop (RM0399 7.6) and the core sleeps for good.
        var elf = FirmwareBuilder.BuildH747Hal(HalVariant.StopKeepTickNoDbg);
        var result = PreflightRunner.Run(new PreflightRequest
        {
            Device = PreflightHarness.H747,
            Images = [PreflightHarness.Cm7(elf)],
            Board = PreflightHarness.Board("custom-h747-ldo"),
        });
        var finding = Single(result, DiagnosticCodes.PreflightLowPowerWithoutDebug);
        Assert.StartsWith("HAL_PWREx_EnterSTOPMode", finding.Symbol);
        Assert.Equal("deep-sleep", result.Cores[0].State);

        var clean = PreflightRunner.Run(new PreflightRequest
        {
            Device = PreflightHarness.H747,
            Images = [PreflightHarness.Cm7(FirmwareBuilder.BuildH747Hal(HalVariant.StopKeepTickDbg))],
            Board = PreflightHarness.Board("custom-h747-ldo"),
        });
        Assert.DoesNotContain(clean.Findings, f => f.Code == DiagnosticCodes.PreflightLowPowerWithoutDebug);
    }

    /// <summary>The 1-based line of tests/firmware/common/cortex_m.h that starts with <paramref name="start"/>.</summary>
    private static int CortexMHeaderLine(string start)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Combine("tests", "firmware", "common", "cortex_m.h"));
        return Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal)) + 1 is > 0 and var line
            ? line
            : throw new InvalidOperationException($"cortex_m.h has no line starting with '{start}'");
    }

    [Fact]
    public void An_unfrozen_IWDG_is_a_warning_and_a_frozen_one_is_nothing()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.IwdgUnfrozen, "custom-h747-ldo"), DiagnosticCodes.PreflightWatchdogNotFrozen);
        AtMarker(finding, HalVariant.IwdgUnfrozen, "iwdg-start");
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.StartsWith("HAL_IWDG_Init", finding.Symbol);            // README marker iwdg-start
        Assert.Contains("DBG_IWDG1", finding.Message);
        Assert.Empty(PreflightHarness.Run(HalVariant.IwdgFrozen, "custom-h747-ldo").Hazards);
    }

    [Fact]
    public void Clearing_BCM4_in_the_option_bytes_is_an_error_naming_the_field()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.OptionBytes, "custom-h747-ldo"), DiagnosticCodes.PreflightOptionBytesChanged);
        AtMarker(finding, HalVariant.OptionBytes, "ob-launch");
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Contains("BCM4 0x1 -> 0x0", finding.Message);
        Assert.StartsWith("HAL_FLASH_OB_Launch", finding.Symbol);      // README marker ob-launch
    }

    [Fact]
    public void A_firmware_erasing_and_programming_flash_is_a_warning_with_the_sector()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.FlashWrite, "custom-h747-ldo"), DiagnosticCodes.PreflightFlashWrittenByFirmware);
        AtMarker(finding, HalVariant.FlashWrite, "flash-erase");
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Contains("bank 2 sector 7", finding.Message);
        Assert.StartsWith("HAL_FLASHEx_Erase_Bank2Sector", finding.Symbol); // README marker flash-erase
    }

    [Fact]
    public void A_bus_fault_escalated_to_HardFault_is_an_error_with_the_fault_registers()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.HardFault, "custom-h747-ldo"), DiagnosticCodes.PreflightFault);
        AtMarker(finding, HalVariant.HardFault, "bus-fault");
        Assert.Equal(0x0000_8200u, finding.Value);                      // README: CFSR PRECISERR | BFARVALID
        Assert.Contains("BFAR 0x30048000", finding.Message);
        Assert.Contains("HFSR 0x40000000", finding.Message);
        Assert.StartsWith("main", finding.Symbol);                      // README marker bus-fault
    }

    [Fact]
    public void Polling_HSERDY_without_a_timeout_on_a_board_without_HSE_is_an_endless_wait_naming_the_bit()
    {
        var finding = Single(PreflightHarness.Run(HalVariant.HseWaitForever, "h747-ldo-no-hse"), DiagnosticCodes.PreflightEndlessWait);
        AtMarker(finding, HalVariant.HseWaitForever, "hse-wait-forever");
        Assert.Contains("RCC_CR", finding.Message);
        Assert.Contains("HSERDY (bit 17) = 0", finding.Message);
        Assert.StartsWith("SystemClock_Config", finding.Symbol);       // README marker hse-wait-forever
    }

    [Fact]
    public void The_same_wait_on_a_board_with_the_HSE_is_nothing()
    {
        Assert.Empty(PreflightHarness.Run(HalVariant.HseWaitForever, "custom-h747-ldo").Hazards);
    }

    [Fact]
    public void HALs_HSE_timeout_is_not_an_endless_wait()
    {
        // README hse-missing: HAL gives up after 100 ms and the firmware loops in Error_Handler: no poll goes on for ever.
        var result = PreflightHarness.Run(HalVariant.HseMissing, "h747-ldo-no-hse");
        Assert.DoesNotContain(result.Findings, f => f.Code == DiagnosticCodes.PreflightEndlessWait);
        Assert.Equal("Error_Handler", result.Cores[0].Symbol!.Split('+')[0]);
    }
}
