using System.Globalization;
using Stm32.Build.VirtualBoard.Chip;
using FieldAccess = Stm32.Build.VirtualBoard.Peripherals.FieldAccess;

namespace Stm32.Build.VirtualBoard.Families.H7;

/// <summary>
/// Checks the clocks against what the flash wait states and the voltage scale allow, and records a
/// <see cref="ChipEventKind.OutOfSpec"/> event when firmware runs faster than that (once per violation):
/// FLASH_ACR.LATENCY against the AXI clock (rcc_aclk = hclk) at the voltage scale in effect (RM0399 4.3.8, table
/// "FLASH recommended number of wait states and programming delay"), and the CPU and AXI clocks against the maximum
/// of the voltage scale (DS12930 table "General operating conditions": CPU 480/400/300/200 MHz and AXI
/// 240/200/150/100 MHz for VOS0–VOS3). The model's timing does not change (flash reads take no extra time); the
/// record is the evidence a preflight reports. Only the RM0399/RM0433 parts (DEV_ID 0x450) are checked.
/// </summary>
internal sealed class H7FlashLatencyCheck
{
    /// <summary>The highest AXI clock each number of wait states allows, per voltage scale (index 0 = VOS0), in MHz.</summary>
    private static readonly int[][] s_maxAxiMhzPerWaitStates =
    [
        [70, 140, 185, 225, 240], // VOS0
        [70, 140, 185, 210],      // VOS1
        [55, 110, 165, 225],      // VOS2
        [45, 90, 135, 180, 225],  // VOS3
    ];

    private static readonly int[] s_maxCpuMhz = [480, 400, 300, 200];
    private static readonly int[] s_maxAxiMhz = [240, 200, 150, 100];

    private readonly PeripheralContext _context;
    private readonly FlashController _flash;
    private readonly H7Rcc _rcc;
    private readonly H7Pwr _pwr;
    private string? _reported;

    public H7FlashLatencyCheck(PeripheralContext context, FlashController flash, H7Rcc rcc, H7Pwr pwr)
    {
        _context = context;
        _flash = flash;
        _rcc = rcc;
        _pwr = pwr;
        flash.AcrWritten = _ => Check();
        rcc.ClocksChanged += Check;
        pwr.ScaleChanged += Check;
        context.Chip.ResetApplied += _ => _reported = null;
    }

    /// <summary>Compares the clocks with the limits now and records a new violation.</summary>
    public void Check()
    {
        if (_context.Device.DevId != 0x450)
        {
            return;
        }
        var scale = _pwr.ActiveScale;
        var cpu = _rcc.CoreClockHz(0);
        var axi = _rcc.ClockHz("hclk");
        var latency = (int)(_flash.Acr & 0xF);
        var table = s_maxAxiMhzPerWaitStates[scale];
        var allowedAxi = latency < table.Length ? table[latency] * 1_000_000L : long.MaxValue;
        string? problem = null;
        if (cpu > s_maxCpuMhz[scale] * 1_000_000L || axi > s_maxAxiMhz[scale] * 1_000_000L)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"CPU {cpu / 1e6:0.###} MHz, AXI {axi / 1e6:0.###} MHz exceed voltage scale VOS{scale} (at most {s_maxCpuMhz[scale]} and {s_maxAxiMhz[scale]} MHz, DS12930 general operating conditions)");
        }
        else if (axi > allowedAxi)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"AXI clock {axi / 1e6:0.###} MHz with FLASH_ACR.LATENCY = {latency} wait states at VOS{scale}: at most {allowedAxi / 1_000_000} MHz (RM0399 4.3.8, FLASH recommended number of wait states)");
        }
        if (problem == _reported)
        {
            return;
        }
        _reported = problem;
        if (problem is not null)
        {
            _context.Record(ChipEventKind.OutOfSpec, "FLASH.ACR", _context.Device.FlashRegistersBase, _flash.Acr, problem);
        }
    }
}
