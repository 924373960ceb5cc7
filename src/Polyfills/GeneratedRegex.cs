using System.Collections.Concurrent;
using System.Reflection;

namespace System.Text.RegularExpressions
{
    /// <summary>
    /// .NET 7's <c>GeneratedRegexAttribute</c>, for .NET Framework, so a pattern is written once on its partial
    /// method: on .NET the source generator implements the method; on .NET Framework (no generator) an implementing
    /// declaration returns <see cref="GeneratedRegexes.Get"/>, which builds the regex from this attribute.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    internal sealed class GeneratedRegexAttribute(string pattern, RegexOptions options = RegexOptions.None, int matchTimeoutMilliseconds = Timeout.Infinite) : Attribute
    {
        /// <summary>The pattern.</summary>
        public string Pattern { get; } = pattern;

        /// <summary>The options.</summary>
        public RegexOptions Options { get; } = options;

        /// <summary>The match timeout in milliseconds, or <see cref="Timeout.Infinite"/>.</summary>
        public int MatchTimeoutMilliseconds { get; } = matchTimeoutMilliseconds;
    }

    /// <summary>The regexes of <see cref="GeneratedRegexAttribute"/> methods on .NET Framework, built once each.</summary>
    internal static class GeneratedRegexes
    {
        private static readonly ConcurrentDictionary<(Type, string), Regex> s_cache = new();

        /// <summary>The regex that <paramref name="method"/> of <paramref name="type"/> declares with <see cref="GeneratedRegexAttribute"/>.</summary>
        public static Regex Get(Type type, string method) =>
            s_cache.GetOrAdd((type, method), key =>
            {
                var info = key.Item1.GetMethod(key.Item2, BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, Type.EmptyTypes, null)
                    ?? throw new InvalidOperationException($"{key.Item1}.{key.Item2}() was not found.");
                var attribute = info.GetCustomAttribute<GeneratedRegexAttribute>()
                    ?? throw new InvalidOperationException($"{key.Item1}.{key.Item2}() has no [GeneratedRegex].");
                var timeout = attribute.MatchTimeoutMilliseconds == Timeout.Infinite
                    ? Regex.InfiniteMatchTimeout
                    : TimeSpan.FromMilliseconds(attribute.MatchTimeoutMilliseconds);
                return new Regex(attribute.Pattern, attribute.Options | RegexOptions.Compiled, timeout);
            });
    }
}
