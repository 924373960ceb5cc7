using System.Globalization;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Reporting;
using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Boards;

/// <summary>
/// After a healthy flash, reads through the debug port what the real board runs with — the 96-bit unique ID
/// (RM0399 61.1: at the device data's unique ID address, 0x1FF1E800 on the H7) and PWR_CR3, the supply
/// configuration the firmware latched (RM0399 7.8.4) — records it in the report and remembers it by unique ID.
/// Only for devices whose supply is configurable (PWR_CR3 has LDOEN). Never fails the flash: a read or write
/// problem is a warning.
/// </summary>
internal static class BoardObserver
{
    public static void Observe(IDebugSession session, DeviceDescription device, RememberedBoardStore? store, FlashReport report)
    {
        if (SupplyConfigurations.Register(device) is not { } cr3)
        {
            return;
        }
        int ap = device.Cores[0].AccessPort;
        string uniqueId;
        uint value;
        try
        {
            Span<byte> uid = stackalloc byte[12];
            session.ReadMemory(ap, device.UniqueIdAddress, uid);
            uniqueId = RememberedBoardStore.UniqueIdText(uid);
            value = session.ReadWord(ap, cr3.Address);
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            report.Diagnostics.Add(FlashErrors.Warning(DiagnosticCodes.BoardObservationFailed,
                $"the flash is healthy, but the board's unique ID and PWR_CR3 could not be read to remember it: {ex.Message}"));
            return;
        }
        var supply = SupplyConfigurations.Name(cr3, value);
        var board = new RememberedBoard(uniqueId, device.Name, value, supply, DateTimeOffset.UtcNow);
        string? file = null;
        if (store is not null)
        {
            try
            {
                store.Remember(board);
                file = store.FileOf(uniqueId);
            }
            catch (Stm32Exception ex)
            {
                report.Diagnostics.Add(ex.Diagnostic with { Severity = DiagnosticSeverity.Warning });
            }
        }
        var cr3Text = "0x" + value.ToString("X8", CultureInfo.InvariantCulture);
        report.Board = new BoardObservationReport(uniqueId, device.Name, cr3Text, supply, board.Observed, file);
        report.Diagnostics.Add(FlashErrors.Info(DiagnosticCodes.BoardObserved,
            $"board {uniqueId} ({device.Name}) runs with PWR_CR3 = {cr3Text} ({supply ?? "no supply configuration of the manual's table: the power-on default or an unlisted combination"})"
            + (file is null ? "" : $"; remembered in {file}")));
    }
}
