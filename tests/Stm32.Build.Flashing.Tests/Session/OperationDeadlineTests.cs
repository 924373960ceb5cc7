using Stm32.Build.Flashing.Session;

namespace Stm32.Build.Flashing.Tests.Session;

/// <summary>
/// The deadline of a polled flash operation: on wall time it needs the limit to have passed and enough busy polls
/// to cover it at 125 µs each; on a target clock that only moves with the probe (the virtual board in-process) the
/// limit alone; a wall-clock cap bounds it either way.
/// </summary>
public sealed class OperationDeadlineTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(2);

    [Fact]
    public void On_wall_time_a_slow_target_is_not_late_until_enough_polls_found_it_busy()
    {
        var clock = new ManualClock(advancesOnItsOwn: true);
        var deadline = new OperationDeadline(clock, s_limit, () => TimeSpan.Zero);
        var pollsToCover = s_limit.Ticks / OperationDeadline.FastestPoll.Ticks; // 16 000

        clock.Now = TimeSpan.FromSeconds(5); // the wall clock is far past the limit (a loaded host, few polls)
        for (var i = 1; i < pollsToCover; i++)
        {
            Assert.False(deadline.StillRunning(), $"late after only {i} busy polls");
        }
        Assert.True(deadline.StillRunning());
        Assert.Equal(pollsToCover, deadline.BusyPolls);
    }

    [Fact]
    public void On_wall_time_many_polls_before_the_limit_are_not_late()
    {
        var clock = new ManualClock(advancesOnItsOwn: true);
        var deadline = new OperationDeadline(clock, s_limit, () => TimeSpan.Zero);
        for (var i = 0; i < 100_000; i++)
        {
            clock.Now = TimeSpan.FromTicks(i * 10); // 1 µs per poll: fast polls, still within the limit
            Assert.False(deadline.StillRunning());
        }
        clock.Now = s_limit + TimeSpan.FromMilliseconds(1);
        Assert.True(deadline.StillRunning());
    }

    [Fact]
    public void On_a_target_clock_the_limit_alone_counts()
    {
        var clock = new ManualClock(advancesOnItsOwn: false);
        var deadline = new OperationDeadline(clock, s_limit, () => TimeSpan.Zero);
        clock.Now = s_limit;
        Assert.False(deadline.StillRunning());
        clock.Now = s_limit + TimeSpan.FromTicks(1);
        Assert.True(deadline.StillRunning());
        Assert.Equal(2, deadline.BusyPolls);
    }

    [Fact]
    public void The_wall_cap_ends_any_wait()
    {
        var clock = new ManualClock(advancesOnItsOwn: true);
        var wall = TimeSpan.Zero;
        var deadline = new OperationDeadline(clock, s_limit, () => wall);
        Assert.Equal(TimeSpan.FromSeconds(2 * OperationDeadline.WallCapFactor + 10), deadline.WallCap);

        wall = deadline.WallCap; // a target clock that stands still, polls that never cover the limit
        Assert.False(deadline.StillRunning());
        wall += TimeSpan.FromTicks(1);
        Assert.True(deadline.StillRunning());
    }

    private sealed class ManualClock(bool advancesOnItsOwn) : ITargetClock
    {
        public TimeSpan Now { get; set; }

        public bool AdvancesOnItsOwn => advancesOnItsOwn;

        public Task PauseAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
