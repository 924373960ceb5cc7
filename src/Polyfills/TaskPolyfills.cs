using System.Diagnostics;

namespace System;

/// <summary>
/// <c>Parallel.ForEachAsync</c> (.NET 6), <c>Process.WaitForExitAsync</c> (.NET 5), <c>Path.GetRelativePath</c> and
/// <c>Path.GetFullPath(path, basePath)</c> (.NET Core 2.x), <c>StringSplitOptions.TrimEntries</c> (.NET 5) and
/// <c>TakeLast</c>, for .NET Framework.
/// </summary>
internal static class TaskPolyfills
{
    extension(Parallel)
    {
        /// <summary>
        /// Runs <paramref name="body"/> for every item, at most <see cref="ParallelOptions.MaxDegreeOfParallelism"/>
        /// at once (the processor count when -1); the first failure cancels the rest and the task fails with it.
        /// </summary>
        public static Task ForEachAsync<T>(IEnumerable<T> source, ParallelOptions parallelOptions, Func<T, CancellationToken, ValueTask> body)
        {
            var workers = parallelOptions.MaxDegreeOfParallelism > 0 ? parallelOptions.MaxDegreeOfParallelism : Environment.ProcessorCount;
            return RunAsync(source, workers, parallelOptions.CancellationToken, body);
        }
    }

    private static async Task RunAsync<T>(IEnumerable<T> source, int workers, CancellationToken cancellationToken, Func<T, CancellationToken, ValueTask> body)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var items = source.GetEnumerator();
        var gate = new object();
        bool TryNext(out T item)
        {
            lock (gate)
            {
                if (!failed.IsCancellationRequested && items.MoveNext())
                {
                    item = items.Current;
                    return true;
                }
                item = default!;
                return false;
            }
        }
        async Task WorkAsync()
        {
            await Task.Yield();
            while (TryNext(out var item))
            {
                try
                {
                    await body(item, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
            }
        }
        var running = Enumerable.Range(0, workers).Select(_ => WorkAsync()).ToArray();
        await Task.WhenAll(running).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Waits for the process to exit, or for <paramref name="cancellationToken"/>.</summary>
    public static async Task WaitForExitAsync(this Process process, CancellationToken cancellationToken = default)
    {
        var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnExited(object? sender, EventArgs e) => exited.TrySetResult(true);
        process.EnableRaisingEvents = true;
        process.Exited += OnExited;
        try
        {
            if (process.HasExited)
            {
                exited.TrySetResult(true);
            }
            using (cancellationToken.Register(() => exited.TrySetCanceled(cancellationToken)))
            {
                await exited.Task.ConfigureAwait(false);
            }
            // Like .NET: the redirected output has been read to its end when this returns.
            process.WaitForExit();
        }
        finally
        {
            process.Exited -= OnExited;
        }
    }

    extension(Path)
    {
        /// <summary><paramref name="path"/> made absolute against <paramref name="basePath"/> (which must be absolute).</summary>
        public static string GetFullPath(string path, string basePath) =>
            Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(basePath, path));

        /// <summary>The path of <paramref name="path"/> relative to the folder <paramref name="relativeTo"/>.</summary>
        public static string GetRelativePath(string relativeTo, string path)
        {
            var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var separators = new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
            var from = Path.GetFullPath(relativeTo).TrimEnd(separators).Split(separators);
            var to = Path.GetFullPath(path).TrimEnd(separators).Split(separators);
            if (!string.Equals(from[0], to[0], comparison))
            {
                return Path.GetFullPath(path); // another drive or root: no relative path
            }
            var common = 0;
            while (common < from.Length && common < to.Length && string.Equals(from[common], to[common], comparison))
            {
                common++;
            }
            var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToArray();
            return parts.Length == 0 ? "." : string.Join(Path.DirectorySeparatorChar.ToString(), parts);
        }
    }

    extension(StringSplitOptions)
    {
        /// <summary>
        /// Trims each part (.NET 5's value 2). .NET Framework's own <c>Split</c> overloads reject it: only the
        /// single-separator <c>Split</c> polyfills of this folder understand it.
        /// </summary>
        public static StringSplitOptions TrimEntries => (StringSplitOptions)2;
    }

    /// <summary>The last <paramref name="count"/> items.</summary>
    public static IEnumerable<T> TakeLast<T>(this IEnumerable<T> source, int count)
    {
        var list = source.ToList();
        return list.Skip(Math.Max(0, list.Count - count));
    }

    /// <summary>The index of the first character outside [<paramref name="low"/>, <paramref name="high"/>], or -1.</summary>
    public static int IndexOfAnyExceptInRange(this ReadOnlySpan<char> span, char low, char high)
    {
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] < low || span[i] > high)
            {
                return i;
            }
        }
        return -1;
    }
}
