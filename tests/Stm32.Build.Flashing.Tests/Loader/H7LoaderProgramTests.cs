using Stm32.Build.Flashing.Loader;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>The loader programs what the host streams to it, on the emulated Cortex-M7 of the virtual chip.</summary>
public sealed class H7LoaderProgramTests
{
    [Fact]
    public async Task Programs_both_banks_at_once_and_finishes_on_its_breakpoint()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 2), (2, 5));
        var bank1 = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 2, 2)]);
        var bank2 = LoaderRig.Plan(1, 2, [LoaderRig.Sectors(2, 5, 5)]);
        Assert.Equal(StateRunning, rig.Start(bank1, bank2));
        var a = LoaderRig.Pattern(1, 4 * LoaderRig.SlotSize);
        var b = LoaderRig.Pattern(2, 4 * LoaderRig.SlotSize);
        for (var i = 0; i < 4; i++)
        {
            rig.Target.WriteSlot(bank1, i, a.AsSpan(i * LoaderRig.SlotSize, LoaderRig.SlotSize));
            rig.Target.WriteSlot(bank2, i, b.AsSpan(i * LoaderRig.SlotSize, LoaderRig.SlotSize));
        }
        var start = rig.Board.Clock.Now;
        rig.Target.Publish(bank1, 0, [.. Enumerable.Range(0, 4).Select(i => (0x0804_0000 + (uint)(i * LoaderRig.SlotSize), LoaderRig.SlotSize, (long)i + 1))]);
        rig.Target.Publish(bank2, 0, [.. Enumerable.Range(0, 4).Select(i => (0x081A_0000 + (uint)(i * LoaderRig.SlotSize), LoaderRig.SlotSize, (long)i + 1))]);
        rig.WaitFor(s => s.Completed0 == 4 && s.Completed1 == 4, TimeSpan.FromMilliseconds(100));
        var elapsed = rig.Board.Clock.Now - start;
        rig.Target.Command(CommandFinish);
        var done = rig.WaitFor(s => s.State != StateRunning, TimeSpan.FromMilliseconds(10));

        Assert.Equal(StateDone, done.State);
        Assert.Equal(a, rig.Flash(0x0804_0000, a.Length));
        Assert.Equal(b, rig.Flash(0x081A_0000, b.Length));
        Assert.Equal(128, rig.Board.Counters.FlashWordsProgrammed[0]);
        Assert.Equal(128, rig.Board.Counters.FlashWordsProgrammed[1]);
        // 128 flash words per bank at the model's 100 µs: in parallel 12.8 ms, one after the other 25.6 ms.
        Assert.True(elapsed < TimeSpan.FromMilliseconds(25.6), $"{elapsed.TotalMilliseconds} ms: the banks were not programmed at once");
        Assert.NotEqual(0u, rig.Target.ReadDhcsr() & (1u << 17)); // halted on its breakpoint
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(1) & 0x2u); // PG cleared
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(2) & 0x2u);
    }

    [Fact]
    public async Task Sleeps_instead_of_spinning_while_it_waits()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 0));
        var plan = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]);
        rig.Start(plan);
        var before = rig.Instructions;
        rig.Idle(TimeSpan.FromMilliseconds(100));
        var idle = rig.Instructions - before;
        before = rig.Instructions;
        var data = LoaderRig.Pattern(3, 8 * LoaderRig.SlotSize);
        for (var i = 0; i < 8; i++)
        {
            rig.Send(plan, i + 1, 0x0800_0000 + (uint)(i * LoaderRig.SlotSize), data.AsSpan(i * LoaderRig.SlotSize, LoaderRig.SlotSize));
        }
        rig.WaitFor(s => s.Completed0 == 8, TimeSpan.FromMilliseconds(100));
        var busy = rig.Instructions - before;

        // 100 ms at 64 MHz is 6.4 million cycles: waking every 50 µs for a look at the ring costs a few hundred
        // thousand instructions at most; 256 flash words woken by the FLASH interrupt a few hundred each.
        Assert.InRange(idle, 1, 400_000);
        Assert.InRange(busy, 256, 256 * 400);
        Assert.Equal(data, rig.Flash(0x0800_0000, data.Length));
    }
}
