using System.Globalization;

namespace Stm32.Build.VirtualBoard.Families.H7;

public sealed partial class H7Rcc
{
    private readonly long[] _lastCoreHz = [-1, -1];

    /// <summary>The clock of core <paramref name="coreIndex"/>: the CM7 runs at sys_d1cpre_ck (sys_ck / D1CPRE), the CM4 at the AHB clock (RM0399 8.5.6 and figure "Core and bus clock generation").</summary>
    public long CoreClockHz(int coreIndex)
    {
        var now = Context.Now;
        var cpu1 = SystemClockHz(now) / CoreDivider((Registers["D1CFGR"].Value >> 8) & 0xF);
        return coreIndex == 0 ? cpu1 : cpu1 / CoreDivider(Registers["D1CFGR"].Value & 0xF);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Names: <c>sys</c> (sys_ck), <c>cpu1</c> (the CM7, sys_d1cpre_ck), <c>hclk</c> (AHB/AXI, also the CM4),
    /// <c>pclk1</c>/<c>pclk2</c> (APB1/APB2, D2), <c>pclk3</c> (APB3, D1), <c>pclk4</c> (APB4, D3), the oscillators
    /// <c>hsi</c>, <c>hsi_ker</c>, <c>csi</c>, <c>csi_ker</c>, <c>hsi48</c>, <c>hse</c>, <c>lse</c>, <c>lsi</c>, the PLL
    /// outputs <c>pll1_p</c> … <c>pll3_r</c>, <c>per_ck</c>, and a peripheral's kernel clock by its name in lower case
    /// (<c>usart1</c> … <c>uart8</c>, <c>lpuart1</c> from their kernel clock selection; <c>iwdg1</c>/<c>iwdg2</c> = LSI;
    /// any other peripheral with an enable bit (<c>wwdg1</c>, <c>hsem</c>, <c>gpioa</c>, <c>syscfg</c>) its bus clock),
    /// 0 while its enable bit is clear for every core.
    /// </remarks>
    public long ClockHz(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var now = Context.Now;
        var key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "sys": return SystemClockHz(now);
            case "cpu1": case "cm7": return CoreClockHz(0);
            case "hclk": case "aclk": return CoreClockHz(1);
            case "cpu2": case "cm4": return Context.Device.Cores.Count > 1 ? CoreClockHz(1) : 0;
            case "pclk1": return BusClock(Registers["D2CFGR"].Value >> 4);
            case "pclk2": return BusClock(Registers["D2CFGR"].Value >> 8);
            case "pclk3": return BusClock(Registers["D1CFGR"].Value >> 4);
            case "pclk4": return BusClock(Registers["D3CFGR"].Value >> 4);
            case "hsi": return _hsi.Hz(now);
            case "hsi_ker": return KernelOscillator(_hsi, HsiKerOn, now);
            case "csi": return _csi.Hz(now);
            case "csi_ker": return KernelOscillator(_csi, CsiKerOn, now);
            case "hsi48": return _hsi48.Hz(now);
            case "hse": return _hse.Hz(now);
            case "lse": return _lse.Hz(now);
            case "lsi": case "iwdg1": case "iwdg2": return _lsi.Hz(now);
            case "per_ck": return PerClock(now);
        }
        if (key.Length == 6 && key.StartsWith("pll", StringComparison.Ordinal) && key[4] == '_'
            && key[3] is >= '1' and <= '3' && "pqr".IndexOf(key[5], StringComparison.Ordinal) is var output and >= 0)
        {
            return PllOutputHz(key[3] - '1', output, now);
        }
        if (!IsEnabled(key))
        {
            return 0;
        }
        return key switch
        {
            "usart1" or "usart6" => UartKernel(Registers["D2CCIP2R"].Value >> 3, "pclk2", now),
            "usart2" or "usart3" or "uart4" or "uart5" or "uart7" or "uart8" => UartKernel(Registers["D2CCIP2R"].Value, "pclk1", now),
            "lpuart1" => UartKernel(Registers["D3CCIPR"].Value, "pclk4", now),
            _ => EnableBus(key) is { } bus ? ClockHz(bus) : 0,
        };
    }

    /// <summary>sys_ck: the source CFGR.SWS names (RM0399 8.5.6).</summary>
    private long SystemClockHz(long now) => _sws switch
    {
        SourceHsi => _hsi.FrequencyHz,
        SourceCsi => _csi.FrequencyHz,
        SourceHse => _hse.FrequencyHz,
        _ => PllOutputHz(0, 0, now),
    };

    /// <summary>HPRE and D1CPRE: 0xxx = 1, 1000 = 2, 1001 = 4, 1010 = 8, 1011 = 16, 1100 = 64, 1101 = 128, 1110 = 256, 1111 = 512 (RM0399 RCC_D1CFGR).</summary>
    private static long CoreDivider(uint code) => (code & 8) == 0 ? 1 : (code & 7) switch
    {
        0 => 2, 1 => 4, 2 => 8, 3 => 16, 4 => 64, 5 => 128, 6 => 256, _ => 512,
    };

    /// <summary>An APB prescaler (D1PPRE, D2PPRE1/2, D3PPRE: 0xx = 1, 100 = 2, 101 = 4, 110 = 8, 111 = 16) applied to the AHB clock.</summary>
    private long BusClock(uint code) => CoreClockHz(1) / ((code & 4) == 0 ? 1 : 2L << (int)(code & 3));

    private long KernelOscillator(H7Oscillator oscillator, int kernelOnBit, long now) =>
        oscillator.IsReady(now) || ((_cr.Value & (1u << kernelOnBit)) != 0 && oscillator.ReadyAt != long.MaxValue && now >= oscillator.ReadyAt)
            ? oscillator.FrequencyHz
            : 0;

    /// <summary>per_ck: D1CCIPR.CKPERSEL 00 = hsi_ker, 01 = csi_ker, 10 = hse, 11 = off (RM0399 RCC_D1CCIPR).</summary>
    private long PerClock(long now) => ((Registers["D1CCIPR"].Value >> 28) & 3) switch
    {
        0 => KernelOscillator(_hsi, HsiKerOn, now),
        1 => KernelOscillator(_csi, CsiKerOn, now),
        2 => _hse.Hz(now),
        _ => 0,
    };

    /// <summary>
    /// A U(S)ART kernel clock selection (RM0399 RCC_D2CCIP2R USART16SEL / USART234578SEL, RCC_D3CCIPR LPUART1SEL):
    /// 000 = the APB clock, 001 = pll2_q_ck, 010 = pll3_q_ck, 011 = hsi_ker_ck, 100 = csi_ker_ck, 101 = lse_ck.
    /// </summary>
    private long UartKernel(uint selection, string bus, long now) => (selection & 7) switch
    {
        0 => ClockHz(bus),
        1 => PllOutputHz(1, 1, now),
        2 => PllOutputHz(2, 1, now),
        3 => KernelOscillator(_hsi, HsiKerOn, now),
        4 => KernelOscillator(_csi, CsiKerOn, now),
        5 => _lse.Hz(now),
        _ => 0,
    };

    /// <summary>
    /// Tells the cores and listeners when a core clock changed: the chip ends the running core's slice so time and
    /// SysTick follow the new clock, and the trace records it.
    /// </summary>
    private void ClocksMayHaveChanged() => ClocksMayHaveChanged(record: true);

    private void ClocksMayHaveChanged(bool record)
    {
        var changed = false;
        for (var i = 0; i < Math.Min(2, Math.Max(1, Context.Device.Cores.Count)); i++)
        {
            var hz = CoreClockHz(i);
            if (hz == _lastCoreHz[i])
            {
                continue;
            }
            _lastCoreHz[i] = hz;
            changed = true;
            Context.Chip.CoreClockChanged(i);
        }
        if (!changed)
        {
            return;
        }
        if (record)
        {
            var source = _sws switch { SourceHsi => "HSI", SourceCsi => "CSI", SourceHse => "HSE", _ => "PLL1" };
            var cores = string.Join(", ", Enumerable.Range(0, Math.Min(2, Context.Device.Cores.Count))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{Context.Device.Cores[i].Name} {_lastCoreHz[i] / 1e6:0.###} MHz")));
            Context.Record(ChipEventKind.ClockChanged, "RCC.CFGR", BaseAddress + 0x10, _sws,
                string.Create(CultureInfo.InvariantCulture, $"sys_ck from {source} at {SystemClockHz(Context.Now) / 1e6:0.###} MHz: {cores}"));
        }
        ClocksChanged?.Invoke();
    }
}
