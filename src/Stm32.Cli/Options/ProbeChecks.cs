using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;

namespace Stm32.Cli.Options;

/// <summary>
/// Checks made once the probe is open and before the target is touched: the probe's firmware has what the operation needs (a warning naming the firmware and the
/// oldest one that has the feature, from the versions recorded in the driver's constants).
/// </summary>
internal static class ProbeChecks
{
    /// <summary>
    /// Warnings (STM3051) for what <paramref name="version"/> lacks on <paramref name="device"/>: access ports other
    /// than 0 (a second core, the debug APB used under reset), the target voltage (power check, flash parallelism),
    /// setting the SWD clock when one was asked for.
    /// </summary>
    public static IEnumerable<Diagnostic> FirmwareWarnings(StLinkVersion version, DeviceDescription? device, bool clockAsked)
    {
        Diagnostic Old(StLinkFeatures feature, string what) => new(DiagnosticCodes.ProbeFirmwareOld, DiagnosticSeverity.Warning,
            $"the probe's firmware {version.ShortName} is older than {version.OldestFirmwareWith(feature)}, which {what}; update it with STM32CubeProgrammer (Firmware upgrade) or ST's STLinkUpgrade tool");

        var otherAps = device is not null && (device.Cores.Any(c => c.AccessPort != 0) || device.DbgmcuAccessPort is > 0);
        if (otherAps && !version.Has(StLinkFeatures.MultiAp))
        {
            yield return Old(StLinkFeatures.MultiAp,
                $"access ports other than 0 need (the {device!.Name} has {string.Join(", ", device.Cores.Where(c => c.AccessPort != 0).Select(c => $"its {c.Name} on AP{c.AccessPort}").Append(device.DbgmcuAccessPort is int ap and > 0 ? $"DBGMCU on AP{ap}, used to connect under reset" : null).OfType<string>())})");
        }
        if (!version.Has(StLinkFeatures.TargetVoltage))
        {
            yield return Old(StLinkFeatures.TargetVoltage, "the target voltage needs (the power check before connecting and the flash parallelism; 3.3 V is assumed)");
        }
        if (clockAsked && !version.Has(StLinkFeatures.SwdSetFrequency) && !version.Has(StLinkFeatures.ComFrequency))
        {
            yield return Old(StLinkFeatures.SwdSetFrequency, "setting the SWD clock needs");
        }
    }
}
