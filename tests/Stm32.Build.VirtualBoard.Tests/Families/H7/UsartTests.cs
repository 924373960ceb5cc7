using Stm32.Build.Diagnostics;
using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The U(S)ARTs (RM0399 USART): enable sequence, frame timing at kernel clock / BRR (64 MHz HSI without a clock
/// model), TXE/TC, the FIFO, OVER8, the capture per peripheral and the interrupt output.
/// </summary>
public sealed class UsartTests
{
    private const uint Cr1 = 0x00, Brr = 0x0C, Isr = 0x1C, Icr = 0x20, Tdr = 0x28;
    private const uint Ue = 1, Te = 1u << 3, Txeie = 1u << 7, Over8 = 1u << 15, FifoEn = 1u << 29;
    private const uint Txe = 1u << 7, Tc = 1u << 6, Teack = 1u << 21, Txfe = 1u << 23;
    // 8N1 = 10 bits; BRR 556 at 64 MHz is 115107 baud: 10 × 556 / 64 MHz = 86.875 µs per frame.
    private const long FrameNs = 86_875;

    private static uint U(uint offset) => H7IoHarness.Usart1 + offset;

    private static long Enable(H7IoHarness h, uint cr1 = 0)
    {
        h.Write(U(Brr), 556);
        h.Write(U(Cr1), cr1 | Te | Ue);
        return h.Clock.Nanoseconds;
    }

    [Fact]
    public void Characters_leave_after_the_idle_frame_back_to_back_at_the_frame_time()
    {
        var h = new H7IoHarness();
        var enabled = Enable(h);
        Assert.Equal(Teack | Tc | Txe, h.Read(U(Isr)));
        h.Write(U(Tdr), 'O');
        Assert.Equal(Teack, h.Read(U(Isr)));              // TDR full, TC cleared by the write
        h.AdvanceNs(FrameNs);                              // the idle frame TE sends first
        Assert.Equal(Teack | Txe, h.Read(U(Isr)));        // moved to the shift register
        h.Write(U(Tdr), 'K');
        h.AdvanceNs(3 * FrameNs);
        Assert.Equal(Teack | Tc | Txe, h.Read(U(Isr)));

        Assert.Equal("OK"u8.ToArray(), h.Chip.UartOutput("USART1"));
        var sent = h.Chip.UartCharacters("usart1");
        Assert.Equal(enabled + 2 * FrameNs, sent[0].TimeNs);
        Assert.Equal(enabled + 3 * FrameNs, sent[1].TimeNs);
        Assert.Empty(h.Chip.UartOutput("USART3"));
    }

    [Fact]
    public void The_fifo_takes_sixteen_characters_and_reports_full_and_empty()
    {
        var h = new H7IoHarness();
        var enabled = Enable(h, FifoEn);
        for (var i = 0; i < 16; i++)
        {
            Assert.NotEqual(0u, h.Read(U(Isr)) & Txe);     // TXFNF
            h.Write(U(Tdr), (uint)('a' + i));
        }
        Assert.Equal(0u, h.Read(U(Isr)) & (Txe | Txfe));
        h.Write(U(Tdr), '!');                               // lost: the FIFO is full
        Assert.Contains(h.Chip.UnmodelledAccesses.Entries, e => e.Block == "USART1" && e.Register == "TDR");
        h.AdvanceNs(17 * FrameNs);
        Assert.Equal(Teack | Txfe | Tc | Txe, h.Read(U(Isr)) & (Teack | Txfe | Tc | Txe));
        Assert.Equal("abcdefghijklmnop"u8.ToArray(), h.Chip.UartOutput("USART1"));
        Assert.Equal(enabled + 17 * FrameNs, h.Chip.UartCharacters("USART1")[^1].TimeNs);
    }

    [Fact]
    public void Oversampling_by_8_halves_the_divider_as_the_manual_encodes_brr()
    {
        var h = new H7IoHarness();
        h.Write(U(Brr), 0x453);                            // USARTDIV 0x456 = 1110: 2 × 64 MHz / 1110 = 115315 baud
        h.Write(U(Cr1), Over8 | Te | Ue);
        var enabled = h.Clock.Nanoseconds;
        const long frame = 86_719;                         // 10 × 1110 / 128 MHz = 86.71875 µs, rounded up
        h.Write(U(Tdr), 'x');
        h.Write(U(Tdr), 'y');                              // overwrites the waiting 'x' (TXE was 0)
        h.AdvanceNs(1_000_000);
        h.Write(U(Tdr), 'z');
        h.AdvanceNs(1_000_000);
        var sent = h.Chip.UartCharacters("USART1");
        Assert.Equal("yz"u8.ToArray(), sent.Select(s => s.Value).ToArray());
        Assert.Equal(enabled + 2 * frame, sent[0].TimeNs); // the idle frame, then 'y'
        Assert.Equal(enabled + 1_000_000 + frame, sent[1].TimeNs);
    }

    [Fact]
    public void Txe_and_tc_drive_the_usart1_interrupt_of_both_cores()
    {
        var h = new H7IoHarness();
        Enable(h, Txeie);
        Assert.True(h.Core(0).IsAsserted(37));             // USART1, RM0399 NVIC position 37
        Assert.True(h.Core(1).IsAsserted(37));
        h.Write(U(Tdr), 'i');
        Assert.False(h.Core(0).IsAsserted(37));
        h.AdvanceNs(FrameNs);
        Assert.True(h.Core(0).IsAsserted(37));             // TDR empty again
        h.Write(U(Cr1), (1u << 6) | Te | Ue);              // TCIE instead of TXEIE
        Assert.False(h.Core(0).IsAsserted(37));
        h.AdvanceNs(FrameNs);
        Assert.True(h.Core(0).IsAsserted(37));             // transmission complete
        h.Write(U(Icr), 1u << 6);                          // TCCF
        Assert.False(h.Core(0).IsAsserted(37));
    }

    [Fact]
    public void Clearing_ue_discards_what_waits_and_an_unknown_usart_is_a_coded_error()
    {
        var h = new H7IoHarness();
        Enable(h, FifoEn);
        h.Write(U(Tdr), '1');
        h.Write(U(Tdr), '2');
        h.Write(U(Cr1), FifoEn);
        Assert.Equal(Tc | Txe, h.Read(U(Isr)) & (Tc | Txe | Teack));
        h.AdvanceNs(10 * FrameNs);
        Assert.Empty(h.Chip.UartOutput("USART1"));
        var e = Assert.Throws<Stm32Exception>(() => h.Chip.UartOutput("USART9"));
        Assert.Equal(DiagnosticCodes.UartNotOnDevice, e.Diagnostic.Code);
        Assert.Contains("USART1", e.Diagnostic.Message);
    }
}
