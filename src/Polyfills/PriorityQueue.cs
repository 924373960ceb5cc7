using System.Diagnostics.CodeAnalysis;

namespace System.Collections.Generic;

/// <summary>
/// A min-priority queue (the shape of .NET 6's <c>PriorityQueue&lt;TElement, TPriority&gt;</c>, for .NET Framework):
/// an array-backed binary heap ordered by the priorities' default comparer. Only the members the code uses.
/// </summary>
internal sealed class PriorityQueue<TElement, TPriority>
{
    private (TElement Element, TPriority Priority)[] _heap = new (TElement, TPriority)[16];
    private readonly IComparer<TPriority> _comparer = Comparer<TPriority>.Default;

    /// <summary>How many elements the queue holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an element with its priority.</summary>
    public void Enqueue(TElement element, TPriority priority)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_comparer.Compare(priority, _heap[parent].Priority) >= 0)
            {
                break;
            }
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = (element, priority);
    }

    /// <summary>The element of least priority without removing it.</summary>
    public bool TryPeek([MaybeNullWhen(false)] out TElement element, [MaybeNullWhen(false)] out TPriority priority)
    {
        if (Count == 0)
        {
            element = default;
            priority = default;
            return false;
        }
        (element, priority) = _heap[0];
        return true;
    }

    /// <summary>Removes and returns the element of least priority.</summary>
    public bool TryDequeue([MaybeNullWhen(false)] out TElement element, [MaybeNullWhen(false)] out TPriority priority)
    {
        if (!TryPeek(out element, out priority))
        {
            return false;
        }
        RemoveRoot();
        return true;
    }

    /// <summary>Removes and returns the element of least priority; throws when empty.</summary>
    public TElement Dequeue()
    {
        if (!TryDequeue(out var element, out _))
        {
            throw new InvalidOperationException("The queue is empty.");
        }
        return element;
    }

    /// <summary>Removes every element.</summary>
    public void Clear()
    {
        Array.Clear(_heap, 0, Count);
        Count = 0;
    }

    private void RemoveRoot()
    {
        var last = _heap[--Count];
        _heap[Count] = default;
        if (Count == 0)
        {
            return;
        }
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }
            if (child + 1 < Count && _comparer.Compare(_heap[child + 1].Priority, _heap[child].Priority) < 0)
            {
                child++;
            }
            if (_comparer.Compare(_heap[child].Priority, last.Priority) >= 0)
            {
                break;
            }
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = last;
    }
}
