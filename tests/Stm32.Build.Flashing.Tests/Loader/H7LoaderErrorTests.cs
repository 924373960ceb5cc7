using Stm32.Build.Flashing.Loader;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;

namespace Stm32.Build.Flashing.Tests.Loader;

/// <summary>
/// What the loader does when the flash fails (each FLASH_SRx error flag, raised by the board's failing flash array)
/// and when the host gives it something it must not do: it stops, says what and where, and writes nothing more.
/// </summary>
public sealed class H7LoaderErrorTests
{
    public static TheoryData<string, int> Flags() => new()
    {
        { "WRPERR", 17 }, { "PGSERR", 18 }, { "STRBERR", 19 }, { "INCERR", 21 }, { "OPERR", 22 },
        { "RDPERR", 23 }, { "RDSERR", 24 }, { "SNECCERR", 25 }, { "DBECCERR", 26 },
    };

    [Theory]
    [MemberData(nameof(Flags))]
    public async Task Each_flash_error_flag_stops_it_with_the_flag_and_the_flash_word(string flag, int bit)
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((2, 3));
        var plan = LoaderRig.Plan(0, 2, [LoaderRig.Sectors(2, 3, 3)]);
        rig.Start(plan);
        var data = LoaderRig.Pattern(bit, 2 * LoaderRig.SlotSize);
        rig.Send(plan, 1, 0x0816_0000, data.AsSpan(0, LoaderRig.SlotSize));
        rig.WaitFor(s => s.Completed0 == 1, TimeSpan.FromMilliseconds(20));
        // The board's flash array fails the next operation with the flag (board property flash-error=FLAG).
        rig.Board.Chip.FailNextFlashOperation(1u << bit);
        rig.Send(plan, 2, 0x0816_0400, data.AsSpan(LoaderRig.SlotSize, LoaderRig.SlotSize));

        var status = rig.WaitFor(s => s.State != StateRunning, TimeSpan.FromMilliseconds(20));
        var stop = rig.Target.ReadStop();

        Assert.Equal(StateFlashError, status.State);
        Assert.Equal(1u, status.Completed0); // the first buffer, not the failing one
        Assert.Equal(1u << bit, stop.ErrorSr & (1u << bit));
        Assert.Equal(0x0816_0400u, stop.ErrorAddress); // the flash word that failed: the second buffer's first
        Assert.Equal(2u, stop.ErrorDetail);
        Assert.Equal(0, stop.ErrorBank);
        Assert.All(rig.Flash(0x0816_0400, LoaderRig.SlotSize), b => Assert.Equal(0xFF, b)); // it wrote nothing more
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(2) & 0x2u); // PG cleared
        Assert.NotEqual(0u, rig.Target.ReadDhcsr() & (1u << 17)); // halted on its breakpoint
        _ = flag;
    }

    [Fact]
    public async Task A_buffer_ending_at_a_sector_end_and_the_next_starting_the_next_sector_are_both_programmed()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 0), (1, 1));
        var plan = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 1)]);
        rig.Start(plan);
        var data = LoaderRig.Pattern(7, 2 * LoaderRig.SlotSize);

        rig.Send(plan, 1, 0x0801_FC00, data.AsSpan(0, LoaderRig.SlotSize)); // the last KiB of sector 0
        rig.Send(plan, 2, 0x0802_0000, data.AsSpan(LoaderRig.SlotSize, LoaderRig.SlotSize)); // the first of sector 1
        rig.WaitFor(s => s.Completed0 == 2, TimeSpan.FromMilliseconds(20));

        Assert.Equal(data, rig.Flash(0x0801_FC00, data.Length));
    }

    [Fact]
    public async Task A_buffer_running_past_the_planned_sector_is_refused_and_nothing_of_it_is_written()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 0), (1, 1));
        var plan = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]); // sector 1 is erased but not in the plan
        rig.Start(plan);

        rig.Send(plan, 1, 0x0801_FFE0, LoaderRig.Pattern(8, 64)); // one flash word in sector 0, one in sector 1

        var status = rig.WaitFor(s => s.State != StateRunning, TimeSpan.FromMilliseconds(5));
        var stop = rig.Target.ReadStop();
        Assert.Equal(StatePlanError, status.State);
        Assert.Equal(0x0801_FFE0u, stop.ErrorAddress);
        Assert.Equal(64u, stop.ErrorSr);
        Assert.Equal(1u, stop.ErrorDetail);
        Assert.All(rig.Flash(0x0801_FFE0, 64), b => Assert.Equal(0xFF, b));
        Assert.Equal(0, rig.Board.Counters.FlashWordsProgrammed[0]);
    }

    [Theory]
    [InlineData(0x0804_0000u, 1024)] // another sector of the bank
    [InlineData(0x0810_0000u, 1024)] // the other bank
    [InlineData(0x07FF_FC00u, 1024)] // below the bank
    [InlineData(0x0800_0010u, 32)] // not a flash word boundary
    [InlineData(0x0800_0000u, 48)] // not whole flash words
    [InlineData(0x0800_0000u, 0)] // empty
    [InlineData(0x0800_0000u, 2048)] // more than a slot
    [InlineData(0xFFFF_FFE0u, 64)] // wraps the address space
    public async Task A_buffer_outside_the_plan_or_malformed_is_refused_before_anything_is_written(uint address, int length)
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 0), (1, 2), (2, 0));
        var plan = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]);
        rig.Start(plan);
        var before = (rig.Board.Chip.FlashBank(1).ToArray(), rig.Board.Chip.FlashBank(2).ToArray());

        rig.Target.WriteSlot(plan, 0, LoaderRig.Pattern(9, LoaderRig.SlotSize));
        rig.Target.Publish(plan, 0, [(address, length, 1)]);

        var status = rig.WaitFor(s => s.State != StateRunning, TimeSpan.FromMilliseconds(5));
        Assert.Equal(StatePlanError, status.State);
        Assert.Equal(address, rig.Target.ReadStop().ErrorAddress);
        Assert.Equal(before.Item1, rig.Board.Chip.FlashBank(1).ToArray());
        Assert.Equal(before.Item2, rig.Board.Chip.FlashBank(2).ToArray());
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(1) & 0x2u);
    }

    [Fact]
    public async Task An_inconsistent_control_block_is_refused_before_anything_is_written()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        var plan = LoaderRig.Plan(0, 1, [(0x0800_0000, 0x0802_0000)]);
        Assert.Null(rig.Target.Download([plan], psize: 3));
        rig.Session.WriteWord(0, H7LoaderImage.ControlAddress + OffBanks + BankRanges + 4, 0x0820_0000); // a range past the bank
        rig.Target.Start();

        var status = rig.WaitFor(s => s.State != StateLoaded, TimeSpan.FromMilliseconds(5));

        Assert.Equal(StateBadControl, status.State);
        Assert.Equal(0u, rig.Board.Chip.Flash.Control(1) & 0x2u);
    }

    [Fact]
    public async Task A_locked_bank_is_reported_and_left_alone()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        rig.Driver.Lock(LoaderRig.Bank(2));
        var plan1 = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]);
        var plan2 = LoaderRig.Plan(1, 2, [LoaderRig.Sectors(2, 0, 0)]);

        Assert.Equal(StateLocked, rig.Start(plan1, plan2));
        Assert.Equal(1, rig.Target.ReadStop().ErrorBank);
    }

    [Fact]
    public async Task A_fault_on_the_core_is_recorded_by_its_own_vector_table_and_halts_it()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        await rig.EraseAsync((1, 0));
        // A ring where the CM7 reaches no memory: reading the buffer is a bus fault.
        var plan = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]) with { Ring = 0x6000_0000 };
        rig.Start(plan);

        rig.Target.Publish(plan, 0, [(0x0800_0000, 32, 1)]);
        var status = rig.WaitFor(s => s.State != StateRunning, TimeSpan.FromMilliseconds(5));
        var stop = rig.Target.ReadStop();

        Assert.Equal(StateFault, status.State);
        Assert.Equal(3u, stop.ErrorDetail); // HardFault (BusFault is not enabled, B1.5.8)
        Assert.InRange(stop.ErrorAddress, H7LoaderImage.LoadAddress, H7LoaderImage.ControlAddress); // an instruction of the loader
        Assert.NotEqual(0u, rig.Target.ReadDhcsr() & (1u << 17));
        Assert.Equal(0, rig.Board.Counters.FlashWordsProgrammed[0]);
    }

    [Fact]
    public async Task Without_a_sign_of_the_host_for_its_lease_it_relocks_both_banks_and_stops()
    {
        using var rig = new LoaderRig();
        await rig.PrepareAsync();
        var plan1 = LoaderRig.Plan(0, 1, [LoaderRig.Sectors(1, 0, 0)]);
        var plan2 = LoaderRig.Plan(1, 2, [LoaderRig.Sectors(2, 0, 0)]);
        rig.Start(plan1, plan2);
        for (var i = 0; i < 6; i++)
        {
            rig.Idle(TimeSpan.FromMilliseconds(500));
            rig.Target.Heartbeat();
        }
        Assert.Equal(StateRunning, rig.Target.ReadStatus().State); // 3 s with a heartbeat every 500 ms

        rig.Idle(TimeSpan.FromMilliseconds(2500)); // status reads only: the host is silent

        Assert.Equal(StateAbandoned, rig.Target.ReadStatus().State);
        Assert.False(rig.Board.Chip.Flash.IsUnlocked(1));
        Assert.False(rig.Board.Chip.Flash.IsUnlocked(2));
    }
}
