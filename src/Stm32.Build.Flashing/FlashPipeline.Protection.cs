using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;

namespace Stm32.Build.Flashing;

public sealed partial class FlashPipeline
{
    /// <summary>The command that regresses readout protection, for messages.</summary>
    public const string RdpRegressionCommand = "stm32 recover --rdp-regression --confirm-mass-erase";

    /// <summary>The MSBuild form of <see cref="RdpRegressionCommand"/>.</summary>
    public const string RdpRegressionTarget = "dotnet build -t:Stm32Recover -p:Stm32RdpRegression=true -p:Stm32ConfirmMassErase=true";

    /// <summary>Reads the protection state before anything is erased and puts it in the report.</summary>
    private static FlashProtection ReadProtection(IFlashDriver driver, FlashReport report)
    {
        FlashProtection protection;
        try
        {
            protection = driver.ReadProtection();
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            throw FlashErrors.Create(DiagnosticCodes.ProtectionUnknown,
                $"the protection state (RDP, write protection, PCROP) could not be read, so nothing was erased: {ex.Message}", inner: ex);
        }
        report.Protection = new ProtectionReport(protection.RdpLevel, "0x" + protection.RdpValue.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
            [.. protection.WriteProtected.Select(s => s.Key)], [.. protection.Areas.Select(a => a.ToString())], protection.Summary);
        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.ProtectionReport, "protection: " + protection.Summary));
        return protection;
    }

    /// <summary>
    /// Refuses an operation on a chip whose readout protection is on: at level 1 the flash cannot be read by the
    /// debugger and going back to level 0 mass-erases it, so that is an operation of its own; level 2 is final.
    /// </summary>
    private static void RefuseReadoutProtected(DeviceDescription device, FlashProtection protection, string what)
    {
        if (protection.RdpLevel == 2)
        {
            throw FlashErrors.Create(DiagnosticCodes.ReadoutProtectedLevel2,
                $"the {device.Name} is at readout protection level 2 (RDP 0x{protection.RdpValue:X2}): the debug port can no longer read or change its flash or option bytes, and level 2 cannot be undone ({device.ReferenceManual}); {what} is not possible. Nothing was erased");
        }
        if (protection.RdpLevel == 1)
        {
            throw FlashErrors.Create(DiagnosticCodes.ReadoutProtected,
                $"the {device.Name} is at readout protection level 1 (RDP 0x{protection.RdpValue:X2}): the debugger cannot read its flash, so {what} was refused before anything was erased. "
                + "Going back to level 0 erases the whole flash (the chip mass-erases itself as part of the change) and is an operation of its own: "
                + $"run `{RdpRegressionCommand}` (or `{RdpRegressionTarget}`), then flash again");
        }
    }

    /// <summary>Refuses an erase plan that touches write-protected units or PCROP/secure areas, naming them.</summary>
    private static void RefuseProtected(FlashProtection protection, FlashErasePlan plan, string what)
    {
        var protectedSectors = protection.ProtectedIn(plan);
        if (protectedSectors.Count > 0)
        {
            throw FlashErrors.Create(DiagnosticCodes.SectorsWriteProtected,
                $"the erase for {what} would touch {FlashProtection.Describe(protectedSectors)}, write-protected in the option bytes; nothing was erased. "
                + "Remove the write protection first (the option bytes' write-protection bits), or keep the image out of the protected sectors",
                protectedSectors[0].Start);
        }
        var areas = protection.AreasIn(plan);
        if (areas.Count > 0)
        {
            var (sector, area) = areas[0];
            throw FlashErrors.Create(DiagnosticCodes.ProtectedAreaInPlan,
                $"the erase for {what} would touch {sector}, which holds the {area}; erasing it would fail or destroy protected code. Nothing was erased",
                sector.Start);
        }
    }
}
