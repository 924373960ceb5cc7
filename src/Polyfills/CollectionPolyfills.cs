using System.Diagnostics.CodeAnalysis;

namespace System.Collections.Generic
{
    /// <summary>Dictionary and key-value members of .NET Core 2.0 to .NET 8, for .NET Framework.</summary>
    internal static class CollectionPolyfills
    {
        /// <summary>Adds the entry when the key is not there yet; false when it is.</summary>
        public static bool TryAdd<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, TValue value)
            where TKey : notnull
        {
            if (dictionary.ContainsKey(key))
            {
                return false;
            }
            dictionary.Add(key, value);
            return true;
        }

        /// <summary>Removes the entry and returns its value.</summary>
        public static bool Remove<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, [MaybeNullWhen(false)] out TValue value)
            where TKey : notnull
        {
            if (dictionary.TryGetValue(key, out value))
            {
                dictionary.Remove(key);
                return true;
            }
            return false;
        }

        /// <summary>The value of <paramref name="key"/>, or the default.</summary>
        public static TValue? GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key) =>
            dictionary.TryGetValue(key, out var value) ? value : default;

        /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
        public static TValue GetValueOrDefault<TKey, TValue>(this IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, TValue defaultValue) =>
            dictionary.TryGetValue(key, out var value) ? value : defaultValue;

        /// <summary>The value of <paramref name="key"/>, or the default.</summary>
        public static TValue? GetValueOrDefault<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key)
            where TKey : notnull =>
            dictionary.TryGetValue(key, out var value) ? value : default;

        /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
        public static TValue GetValueOrDefault<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, TValue defaultValue)
            where TKey : notnull =>
            dictionary.TryGetValue(key, out var value) ? value : defaultValue;

        /// <summary>Deconstructs a key-value pair.</summary>
        public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
        {
            key = pair.Key;
            value = pair.Value;
        }

        /// <summary>Removes the first item of the queue when there is one.</summary>
        public static bool TryDequeue<T>(this Queue<T> queue, [MaybeNullWhen(false)] out T result)
        {
            if (queue.Count == 0)
            {
                result = default;
                return false;
            }
            result = queue.Dequeue();
            return true;
        }

        /// <summary>The first item of the queue when there is one.</summary>
        public static bool TryPeek<T>(this Queue<T> queue, [MaybeNullWhen(false)] out T result)
        {
            if (queue.Count == 0)
            {
                result = default;
                return false;
            }
            result = queue.Peek();
            return true;
        }
    }

    /// <summary>The non-generic <c>KeyValuePair</c> class of .NET Core 2.0 (<c>KeyValuePair.Create</c>), for .NET Framework.</summary>
    internal static class KeyValuePair
    {
        /// <summary>A key-value pair.</summary>
        public static KeyValuePair<TKey, TValue> Create<TKey, TValue>(TKey key, TValue value) => new(key, value);
    }
}

namespace System.Linq
{
    using System.Collections.Generic;

    /// <summary>LINQ operators of .NET 6 and 7, for .NET Framework.</summary>
    internal static class LinqPolyfills
    {
        /// <summary>The items in ascending order (default comparer).</summary>
        public static IOrderedEnumerable<T> Order<T>(this IEnumerable<T> source) => source.OrderBy(x => x);

        /// <summary>The items in ascending order.</summary>
        public static IOrderedEnumerable<T> Order<T>(this IEnumerable<T> source, IComparer<T>? comparer) => source.OrderBy(x => x, comparer);

        /// <summary>The items in descending order (default comparer).</summary>
        public static IOrderedEnumerable<T> OrderDescending<T>(this IEnumerable<T> source) => source.OrderByDescending(x => x);

        /// <summary>The first item of each distinct key.</summary>
        public static IEnumerable<T> DistinctBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key, IEqualityComparer<TKey>? comparer = null)
        {
            var seen = new HashSet<TKey>(comparer);
            foreach (var item in source)
            {
                if (seen.Add(key(item)))
                {
                    yield return item;
                }
            }
        }

        /// <summary>The item with the largest key (the first of equals), or the default when there is none.</summary>
        public static T? MaxBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key) => Extreme(source, key, 1);

        /// <summary>The item with the smallest key (the first of equals), or the default when there is none.</summary>
        public static T? MinBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key) => Extreme(source, key, -1);

        private static T? Extreme<T, TKey>(IEnumerable<T> source, Func<T, TKey> key, int sign)
        {
            var comparer = Comparer<TKey>.Default;
            using var e = source.GetEnumerator();
            if (!e.MoveNext())
            {
                return default;
            }
            var best = e.Current;
            var bestKey = key(best);
            while (e.MoveNext())
            {
                var k = key(e.Current);
                if (comparer.Compare(k, bestKey) * sign > 0)
                {
                    best = e.Current;
                    bestKey = k;
                }
            }
            return best;
        }

        /// <summary>The items in chunks of at most <paramref name="size"/>.</summary>
        public static IEnumerable<T[]> Chunk<T>(this IEnumerable<T> source, int size)
        {
            var chunk = new List<T>(size);
            foreach (var item in source)
            {
                chunk.Add(item);
                if (chunk.Count == size)
                {
                    yield return chunk.ToArray();
                    chunk.Clear();
                }
            }
            if (chunk.Count > 0)
            {
                yield return chunk.ToArray();
            }
        }
    }
}
