using System.Globalization;
using Stm32.Build.VirtualBoard.Boards;
using Stm32.Build.VirtualBoard.Families.H7;

namespace Stm32.Build.Preflight;

/// <summary>What is known about the board's supply wiring: declared by the project, remembered from the real board, or neither.</summary>
internal static class SupplyEvidence
{
    /// <summary>The wiring to run with (declared, else remembered, else null: the twin then takes any configuration) and the board in words.</summary>
    public static SupplyWiring? RunWiring(PreflightRequest request, out string board)
    {
        var declared = Declared(request);
        var remembered = Remembered(request);
        var name = request.Board?.Name ?? "no board declared";
        if (!string.Equals(request.Device.Family, "STM32H7", StringComparison.OrdinalIgnoreCase))
        {
            board = name;      // only the STM32H7's supply configuration depends on the board's wiring
            return null;
        }
        if (declared is { } d)
        {
            board = $"{name}, wired for {SupplyWiringNames.Name(d)} (declared)";
            return d;
        }
        if (remembered is { } r)
        {
            board = string.Create(CultureInfo.InvariantCulture,
                $"{name}, wired for {SupplyWiringNames.Name(r)} (remembered: chip {request.Remembered!.UniqueId} ran with PWR_CR3 = 0x{request.Remembered.PwrCr3 & 0x3F:X2} on {request.Remembered.Observed:yyyy-MM-dd})");
            return r;
        }
        board = $"{name}, supply wiring unknown (neither declared nor remembered)";
        return null;
    }

    /// <summary>The declared wiring: <see cref="PreflightRequest.DeclaredSupply"/>, else the declared board's.</summary>
    public static SupplyWiring? Declared(PreflightRequest request) => request.DeclaredSupply ?? request.Board?.Supply;

    /// <summary>The wiring the remembered PWR_CR3 shows, or null (not remembered, or never configured: the power-on default).</summary>
    public static SupplyWiring? Remembered(PreflightRequest request)
    {
        if (request.Remembered is not { } remembered)
        {
            return null;
        }
        var smps = H7SupplyConfiguration.HasSmps(request.Device);
        return H7SupplyConfiguration.IsPowerOnDefault(remembered.PwrCr3 & H7SupplyConfiguration.SmpsConfigurationMask, smps)
            ? null
            : H7SupplyConfiguration.Decode(remembered.PwrCr3, smps);
    }
}
