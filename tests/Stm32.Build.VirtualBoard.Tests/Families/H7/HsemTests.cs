using Stm32.Build.Execution;
using Xunit;

namespace Stm32.Build.VirtualBoard.Tests.Families.H7;

/// <summary>
/// The hardware semaphores (RM0399 HSEM): 2-step and 1-step locks by core ID (Cortex-M7 = 3, Cortex-M4 = 1, per the
/// manual's bus master IDs and ST's HAL), unlock rules, clear by key, release interrupts per CPU and the EXTI event.
/// </summary>
public sealed class HsemTests
{
    private const uint Lock = 0x8000_0000;
    private const uint C1Ier = 0x100, C1Icr = 0x104, C1Isr = 0x108, C1Misr = 0x10C;
    private const uint C2Ier = 0x110, C2Icr = 0x114, C2Isr = 0x118, C2Misr = 0x11C, Cr = 0x140, Keyr = 0x144;
    private const int Cm7 = 0, Cm4 = 1;

    private static uint R(int n) => H7IoHarness.Hsem + 4u * (uint)n;

    private static uint Rlr(int n) => H7IoHarness.Hsem + 0x80 + 4u * (uint)n;

    [Fact]
    public void A_2_step_lock_belongs_to_the_core_and_process_that_wrote_it()
    {
        var h = new H7IoHarness();
        h.Write(R(5), Lock | 0x300 | 7, Cm7);             // COREID 3 (Cortex-M7), PROCID 7
        Assert.Equal(Lock | 0x307u, h.Read(R(5), Cm7));   // the read-back that completes a 2-step lock
        Assert.Equal(Lock | 0x307u, h.Read(R(5), Cm4));

        h.Write(R(5), Lock | 0x100 | 4, Cm4);             // already taken: no effect
        h.Write(R(5), 0x307, Cm4);                         // the other core cannot release it
        h.Write(R(5), 0x306, Cm7);                         // nor the right core with another PROCID
        Assert.Equal(Lock | 0x307u, h.Read(R(5), Cm7));

        h.Write(R(5), 0x307, Cm7);
        Assert.Equal(0u, h.Read(R(5), Cm7));
    }

    [Fact]
    public void A_2_step_lock_with_another_cores_id_is_discarded()
    {
        var h = new H7IoHarness();
        h.Write(R(9), Lock | 0x100, Cm7);                  // the Cortex-M7 writing COREID 1
        Assert.Equal(0u, h.Read(R(9), Cm7));
        h.Write(R(9), Lock | 0x100 | 0x12, Cm4);
        Assert.Equal(Lock | 0x112u, h.Read(R(9), Cm7));
    }

    [Fact]
    public void A_1_step_lock_is_a_read_of_rlr_that_takes_a_free_semaphore_with_process_id_0()
    {
        var h = new H7IoHarness();
        Assert.Equal(Lock | 0x300u, h.Read(Rlr(2), Cm7));
        Assert.Equal(Lock | 0x300u, h.Read(R(2), Cm4));
        Assert.Equal(Lock | 0x300u, h.Read(Rlr(2), Cm4));  // taken: the owner is returned, nothing changes
        Assert.Equal(Lock | 0x100u, h.Read(Rlr(3), Cm4));
        h.Write(R(2), 0x300, Cm7);
        Assert.Equal(0u, h.Read(R(2), Cm7));
    }

    [Fact]
    public void A_debugger_through_the_cortex_m7_port_is_the_cortex_m7_and_the_system_port_is_not_authorized()
    {
        var h = new H7IoHarness();
        Assert.Equal(BusStatus.Ok, h.Chip.AccessPortBus(1)!.Read(Rlr(4), AccessSize.Word, out var system));
        Assert.Equal(0u, system);
        Assert.Equal(0u, h.Read(R(4)));
        Assert.Equal(BusStatus.Ok, h.Ap0.Read(Rlr(4), AccessSize.Word, out var cm7));
        Assert.Equal(Lock | 0x300u, cm7);
    }

    [Fact]
    public void A_release_sets_every_cpus_status_and_interrupts_the_cpu_that_enabled_it()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Hsem + C2Ier, 1, Cm4);
        h.Write(H7IoHarness.Exti + 0xE4, 1u << 14, Cm7);  // EXTI_C2EMR3: event input 78 (HSEM, CPU2) to the Cortex-M4
        Assert.Equal(Lock | 0x300u, h.Read(Rlr(0), Cm7));
        Assert.False(h.Core(Cm4).IsAsserted(126));

        h.Write(R(0), 0x300, Cm7);                         // the dual-core boot's release of semaphore 0

        Assert.Equal(1u, h.Read(H7IoHarness.Hsem + C2Isr, Cm4));
        Assert.Equal(1u, h.Read(H7IoHarness.Hsem + C2Misr, Cm4));
        Assert.Equal(1u, h.Read(H7IoHarness.Hsem + C1Isr, Cm7));
        Assert.Equal(0u, h.Read(H7IoHarness.Hsem + C1Misr, Cm7));
        Assert.True(h.Core(Cm4).IsAsserted(126));          // HSEM2, RM0399 NVIC position 126
        Assert.False(h.Core(Cm7).IsAsserted(125));
        Assert.Equal(1, h.Core(Cm4).Events);                // RXEV: wakes a WFE
        Assert.Equal(0, h.Core(Cm7).Events);

        h.Write(H7IoHarness.Hsem + C2Icr, 1, Cm4);
        Assert.Equal(0u, h.Read(H7IoHarness.Hsem + C2Isr, Cm4));
        Assert.False(h.Core(Cm4).IsAsserted(126));
        h.Write(H7IoHarness.Hsem + C1Ier, 1, Cm7);         // CPU1's status is still set: its interrupt follows at once
        Assert.True(h.Core(Cm7).IsAsserted(125));
        h.Write(H7IoHarness.Hsem + C1Icr, 1, Cm7);
        Assert.False(h.Core(Cm7).IsAsserted(125));
    }

    [Fact]
    public void Hsem_cr_with_the_key_frees_every_semaphore_of_one_core()
    {
        var h = new H7IoHarness();
        h.Write(H7IoHarness.Hsem + Keyr, 0x1234_0000);
        Assert.Equal(0x1234_0000u, h.Read(H7IoHarness.Hsem + Keyr));
        h.Write(R(1), Lock | 0x104, Cm4);
        h.Write(R(2), Lock | 0x105, Cm4);
        h.Write(R(3), Lock | 0x301, Cm7);
        h.Write(H7IoHarness.Hsem + Cr, 0x4321_0100, Cm7);  // wrong key
        Assert.Equal(Lock | 0x104u, h.Read(R(1)));
        h.Write(H7IoHarness.Hsem + Cr, 0x1234_0100, Cm7);  // COREID 1 with the key
        Assert.Equal(0u, h.Read(R(1)));
        Assert.Equal(0u, h.Read(R(2)));
        Assert.Equal(Lock | 0x301u, h.Read(R(3)));
        Assert.Equal(0b110u, h.Read(H7IoHarness.Hsem + C1Isr));
    }

    [Fact]
    public void Byte_writes_do_not_lock()
    {
        var h = new H7IoHarness();
        Assert.Equal(BusStatus.Ok, h.Bus(Cm7).Write(R(6) + 3, AccessSize.Byte, 0x80));
        Assert.Equal(0u, h.Read(R(6)));
    }
}
