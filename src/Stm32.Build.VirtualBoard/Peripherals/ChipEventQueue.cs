namespace Stm32.Build.VirtualBoard.Peripherals;

/// <summary>
/// The chip's pending events in time order (ties in the order they were scheduled); cancelled events are dropped when
/// they reach the front.
/// </summary>
internal sealed class ChipEventQueue
{
    private readonly PriorityQueue<ScheduledEvent, (long Time, long Sequence)> _queue = new();
    private long _sequence;

    /// <summary>The due time of the earliest pending event, or <see cref="long.MaxValue"/>.</summary>
    public long NextEventNs
    {
        get
        {
            while (_queue.TryPeek(out var e, out _))
            {
                if (!e.Done)
                {
                    return e.TimeNs;
                }
                _queue.Dequeue();
            }
            return long.MaxValue;
        }
    }

    /// <summary>Adds an event.</summary>
    public void Add(ScheduledEvent e) => _queue.Enqueue(e, (e.TimeNs, _sequence++));

    /// <summary>Takes the earliest pending event due at or before <paramref name="upTo"/>, marking it done.</summary>
    public bool TryTakeDue(long upTo, out ScheduledEvent due)
    {
        while (_queue.TryPeek(out var e, out var key) && key.Time <= upTo)
        {
            _queue.Dequeue();
            if (!e.Done)
            {
                e.Done = true;
                due = e;
                return true;
            }
        }
        due = null!;
        return false;
    }

    /// <summary>Forgets every pending event.</summary>
    public void Clear()
    {
        while (_queue.TryDequeue(out var e, out _))
        {
            e.Done = true;
        }
    }
}
