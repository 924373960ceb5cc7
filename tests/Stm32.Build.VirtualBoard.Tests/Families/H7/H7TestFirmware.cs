using Stm32.Build.TestSupport;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>The register-level clock and power test programs (Firmware/clock_power.c), built once per variant through the firmware cache.</summary>
internal static class H7TestFirmware
{
    /// <summary>PWR_CR3 supply bits as HAL_PWREx_ConfigSupply writes them (RM0399 table "Supply configuration control").</summary>
    public const uint LdoSupply = 0x02, DirectSmpsSupply = 0x04;

    private static string Source => RepositoryPaths.Combine("tests", "Stm32.Build.VirtualBoard.Tests", "Families", "H7", "Firmware", "clock_power.c");

    /// <summary>The 480 MHz start-up with <paramref name="supply"/>, <paramref name="latency"/> wait states, HSE crystal or bypass.</summary>
    public static string Clock480(uint supply, uint latency = 4, bool hseBypass = false) => Cm7(
        $"clock480-{supply:x2}-{latency}{(hseBypass ? "-byp" : "")}",
        ["MODE_CLOCK", $"SUPPLY=0x{supply:X2}u", $"FLASH_LATENCY={latency}u", .. hseBypass ? new[] { "HSE_BYPASS" } : []]);

    /// <summary>Records RCC_RSR at the power-on boot and after its own software reset.</summary>
    public static string ResetFlags() => Cm7("rsr", ["MODE_RSR"]);

    /// <summary>Sets RCC_GCR.BOOT_C2 after 5 ms.</summary>
    public static string BootCm4() => Cm7("boot-cm4", ["MODE_BOOT_CM4"]);

    /// <summary>Enters Stop after 3 ms, with or without DBGSTOP_D1/D3 set first.</summary>
    public static string Stop(bool debugBits) => Cm7(debugBits ? "stop-dbg" : "stop", debugBits ? ["MODE_STOP", "DBG_BITS"] : ["MODE_STOP"]);

    /// <summary>Waits for D2CKRDY low (the Cortex-M4 in D2 Stop), then optionally stops too.</summary>
    public static string Handshake(bool thenStop) => Cm7(thenStop ? "handshake-stop" : "handshake", thenStop ? ["MODE_HANDSHAKE", "MODE_STOP"] : ["MODE_HANDSHAKE"]);

    /// <summary>Cortex-M4: D2 Stop at once.</summary>
    public static string Cm4Stop() => FirmwareBuilder.Build(new FirmwareSpec("h7cp-cm4-stop", "cortex-m4", "cm4.ld", [Source], ["MODE_CM4_STOP"]));

    private static string Cm7(string name, IReadOnlyList<string> defines) =>
        FirmwareBuilder.Build(new FirmwareSpec("h7cp-" + name, "cortex-m7", "cm7.ld", [Source], defines));
}
