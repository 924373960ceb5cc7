using System.Runtime.CompilerServices;
using System.Text;

namespace System;

/// <summary>The string members of .NET Core 2.0 to .NET 6 that the libraries use, for .NET Framework.</summary>
internal static class StringPolyfills
{
    extension(string)
    {
        /// <summary>
        /// Formats an interpolated string with <paramref name="provider"/> (.NET 6's
        /// <c>string.Create(IFormatProvider, ref DefaultInterpolatedStringHandler)</c>).
        /// </summary>
        public static string Create(IFormatProvider? provider, [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler handler) =>
            handler.ToStringAndClear();

        /// <summary>Joins the values with a one-character separator.</summary>
        public static string Join(char separator, params string?[] values) => string.Join(separator.ToString(), values);

        /// <summary>Joins the values with a one-character separator.</summary>
        public static string Join<T>(char separator, IEnumerable<T> values) => string.Join(separator.ToString(), values);

        /// <summary>Concatenates character spans.</summary>
        public static string Concat(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => a.ToString() + b.ToString();

        /// <summary>Concatenates character spans.</summary>
        public static string Concat(ReadOnlySpan<char> a, ReadOnlySpan<char> b, ReadOnlySpan<char> c) => a.ToString() + b.ToString() + c.ToString();
    }

    /// <summary>Whether the string contains the character.</summary>
    public static bool Contains(this string s, char value) => s.IndexOf(value) >= 0;

    /// <summary>Whether the string contains <paramref name="value"/> under <paramref name="comparison"/>.</summary>
    public static bool Contains(this string s, string value, StringComparison comparison) => s.IndexOf(value, comparison) >= 0;

    /// <summary>The index of the character (ordinal, or ignoring case).</summary>
    public static int IndexOf(this string s, char value, StringComparison comparison) => s.IndexOf(value.ToString(), comparison);

    /// <summary>Whether the string starts with the character.</summary>
    public static bool StartsWith(this string s, char value) => s.Length > 0 && s[0] == value;

    /// <summary>Whether the string ends with the character.</summary>
    public static bool EndsWith(this string s, char value) => s.Length > 0 && s[s.Length - 1] == value;

    /// <summary>Splits at a character.</summary>
    public static string[] Split(this string s, char separator, StringSplitOptions options = StringSplitOptions.None) =>
        Trimmed(s.Split([separator], options & ~(StringSplitOptions)2), options);

    /// <summary>Splits at a character, into at most <paramref name="count"/> parts.</summary>
    public static string[] Split(this string s, char separator, int count, StringSplitOptions options = StringSplitOptions.None) =>
        Trimmed(s.Split([separator], count, options & ~(StringSplitOptions)2), options);

    /// <summary>Splits at a string.</summary>
    public static string[] Split(this string s, string separator, StringSplitOptions options = StringSplitOptions.None) =>
        Trimmed(s.Split([separator], options & ~(StringSplitOptions)2), options);

    // StringSplitOptions.TrimEntries (2) is .NET 5; applied here after the split, then empties removed again.
    private static string[] Trimmed(string[] parts, StringSplitOptions options)
    {
        if (((int)options & 2) == 0)
        {
            return parts;
        }
        var trimmed = parts.Select(p => p.Trim());
        return (options & StringSplitOptions.RemoveEmptyEntries) != 0 ? trimmed.Where(p => p.Length > 0).ToArray() : trimmed.ToArray();
    }

    /// <summary>Replaces every occurrence of <paramref name="oldValue"/> found under <paramref name="comparison"/>.</summary>
    public static string Replace(this string s, string oldValue, string? newValue, StringComparison comparison)
    {
        if (comparison == StringComparison.Ordinal)
        {
            return s.Replace(oldValue, newValue);
        }
        var result = new StringBuilder(s.Length);
        int start = 0;
        int at;
        while ((at = s.IndexOf(oldValue, start, comparison)) >= 0)
        {
            result.Append(s, start, at - start).Append(newValue);
            start = at + oldValue.Length;
        }
        return result.Append(s, start, s.Length - start).ToString();
    }

    /// <summary>The hash code under <paramref name="comparison"/>.</summary>
    public static int GetHashCode(this string s, StringComparison comparison) =>
        comparison switch
        {
            StringComparison.OrdinalIgnoreCase => StringComparer.OrdinalIgnoreCase.GetHashCode(s),
            StringComparison.InvariantCulture => StringComparer.InvariantCulture.GetHashCode(s),
            StringComparison.InvariantCultureIgnoreCase => StringComparer.InvariantCultureIgnoreCase.GetHashCode(s),
            StringComparison.CurrentCulture => StringComparer.CurrentCulture.GetHashCode(s),
            StringComparison.CurrentCultureIgnoreCase => StringComparer.CurrentCultureIgnoreCase.GetHashCode(s),
            _ => StringComparer.Ordinal.GetHashCode(s),
        };

    /// <summary>Appends a character span.</summary>
    public static StringBuilder Append(this StringBuilder builder, ReadOnlySpan<char> value) => builder.Append(value.ToString());

    /// <summary>Appends a character span.</summary>
    public static StringBuilder Append(this StringBuilder builder, Span<char> value) => builder.Append(value.ToString());

    /// <summary>Appends the formatted text with <paramref name="provider"/>.</summary>
    public static StringBuilder Append(this StringBuilder builder, IFormatProvider? provider, [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler handler) =>
        builder.Append(handler.ToStringAndClear());

    /// <summary>Appends a line of formatted text with <paramref name="provider"/>.</summary>
    public static StringBuilder AppendLine(this StringBuilder builder, IFormatProvider? provider, [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler handler) =>
        builder.AppendLine(handler.ToStringAndClear());

    /// <summary>Appends the items joined by <paramref name="separator"/>.</summary>
    public static StringBuilder AppendJoin<T>(this StringBuilder builder, string separator, IEnumerable<T> values) =>
        builder.Append(string.Join(separator, values));

    /// <summary>Appends the items joined by <paramref name="separator"/>.</summary>
    public static StringBuilder AppendJoin<T>(this StringBuilder builder, char separator, IEnumerable<T> values) =>
        builder.Append(string.Join(separator.ToString(), values));

    /// <summary>Writes a character span.</summary>
    public static void Write(this TextWriter writer, ReadOnlySpan<char> value) => writer.Write(value.ToString());

    /// <summary>Writes a character span and a line end.</summary>
    public static void WriteLine(this TextWriter writer, ReadOnlySpan<char> value) => writer.WriteLine(value.ToString());
}
