using System.Globalization;
using System.Text;

namespace System;

/// <summary>
/// The span members of .NET Core 2.1 to .NET 8 the libraries use, for .NET Framework (System.Memory has the types
/// and <c>BinaryPrimitives</c>, not these).
/// </summary>
internal static class SpanPolyfills
{
    /// <summary>How often <paramref name="value"/> occurs in the span.</summary>
    public static int Count<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>
    {
        int n = 0;
        foreach (var item in span)
        {
            if (item.Equals(value))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>How often <paramref name="value"/> occurs in the span.</summary>
    public static int Count<T>(this Span<T> span, T value) where T : IEquatable<T> => Count((ReadOnlySpan<T>)span, value);

    /// <summary>The span without leading and trailing items that are in <paramref name="trimElements"/>.</summary>
    public static ReadOnlySpan<T> Trim<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> trimElements) where T : IEquatable<T>
    {
        int start = 0;
        while (start < span.Length && trimElements.IndexOf(span[start]) >= 0)
        {
            start++;
        }
        int end = span.Length;
        while (end > start && trimElements.IndexOf(span[end - 1]) >= 0)
        {
            end--;
        }
        return span.Slice(start, end - start);
    }

    /// <summary>Whether the span contains <paramref name="value"/>.</summary>
    public static bool Contains<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T> => span.IndexOf(value) >= 0;

    /// <summary>Whether the span contains <paramref name="value"/>.</summary>
    public static bool Contains<T>(this Span<T> span, T value) where T : IEquatable<T> => span.IndexOf(value) >= 0;

    /// <summary>
    /// Splits the span at <paramref name="separator"/> into <paramref name="destination"/> (.NET 8); returns the number
    /// of ranges written. Like .NET, the last range takes the rest when there are more parts than ranges.
    /// </summary>
    public static int Split(this ReadOnlySpan<char> source, Span<Range> destination, char separator, StringSplitOptions options = StringSplitOptions.None)
    {
        bool removeEmpty = (options & StringSplitOptions.RemoveEmptyEntries) != 0;
        bool trim = ((int)options & 2) != 0;
        int count = 0;
        int start = 0;
        while (count < destination.Length)
        {
            int at = count == destination.Length - 1 ? -1 : source.Slice(start).IndexOf(separator);
            int end = at < 0 ? source.Length : start + at;
            int s = start, e = end;
            if (trim)
            {
                while (s < e && char.IsWhiteSpace(source[s]))
                {
                    s++;
                }
                while (e > s && char.IsWhiteSpace(source[e - 1]))
                {
                    e--;
                }
            }
            if (!removeEmpty || e > s)
            {
                destination[count++] = new Range(s, e);
            }
            if (at < 0)
            {
                break;
            }
            start = end + 1;
        }
        return count;
    }

    /// <summary>Whether the span starts with the character.</summary>
    public static bool StartsWith(this ReadOnlySpan<char> span, char value) => span.Length > 0 && span[0] == value;

    /// <summary>Whether the span ends with the character.</summary>
    public static bool EndsWith(this ReadOnlySpan<char> span, char value) => span.Length > 0 && span[span.Length - 1] == value;

    /// <summary>Decodes bytes.</summary>
    public static string GetString(this Encoding encoding, ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "" : encoding.GetString(bytes.ToArray());

    /// <summary>Decodes bytes.</summary>
    public static string GetString(this Encoding encoding, Span<byte> bytes) => GetString(encoding, (ReadOnlySpan<byte>)bytes);

    /// <summary>Encodes characters into <paramref name="bytes"/>; returns the number of bytes written.</summary>
    public static int GetBytes(this Encoding encoding, ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        var encoded = encoding.GetBytes(chars.ToArray());
        encoded.CopyTo(bytes);
        return encoded.Length;
    }

    /// <summary>Encodes characters.</summary>
    public static byte[] GetBytes(this Encoding encoding, ReadOnlySpan<char> chars) => encoding.GetBytes(chars.ToArray());

    /// <summary>The number of bytes the characters encode to.</summary>
    public static int GetByteCount(this Encoding encoding, ReadOnlySpan<char> chars) => encoding.GetByteCount(chars.ToArray());

    extension(Convert)
    {
        /// <summary>The bytes as upper-case hexadecimal digits.</summary>
        public static string ToHexString(ReadOnlySpan<byte> bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                text.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }

        /// <summary>The bytes as upper-case hexadecimal digits.</summary>
        public static string ToHexString(byte[] bytes) => Convert.ToHexString((ReadOnlySpan<byte>)bytes);

        /// <summary>Bytes [<paramref name="offset"/>, +<paramref name="length"/>) as upper-case hexadecimal digits.</summary>
        public static string ToHexString(byte[] bytes, int offset, int length) => Convert.ToHexString(bytes.AsSpan(offset, length));

        /// <summary>The bytes of a hexadecimal string.</summary>
        public static byte[] FromHexString(string text)
        {
            if (text.Length % 2 != 0)
            {
                throw new FormatException("The hexadecimal string has an odd number of digits.");
            }
            var bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byte.Parse(text.Substring(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            return bytes;
        }
    }
}

/// <summary>Span parsing of <c>int</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class IntParsePolyfills
{
    extension(int)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out int result) => int.TryParse(s.ToString(), style, provider, out result);

        /// <summary>Parses a span.</summary>
        public static int Parse(ReadOnlySpan<char> s, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null) => int.Parse(s.ToString(), style, provider);
    }
}

/// <summary>Span parsing of <c>uint</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class UintParsePolyfills
{
    extension(uint)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out uint result) => uint.TryParse(s.ToString(), style, provider, out result);

        /// <summary>Parses a span.</summary>
        public static uint Parse(ReadOnlySpan<char> s, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null) => uint.Parse(s.ToString(), style, provider);
    }
}

/// <summary>Span parsing of <c>long</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class LongParsePolyfills
{
    extension(long)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out long result) => long.TryParse(s.ToString(), style, provider, out result);
    }
}

/// <summary>Span parsing of <c>ulong</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class UlongParsePolyfills
{
    extension(ulong)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out ulong result) => ulong.TryParse(s.ToString(), style, provider, out result);

        /// <summary>Parses a span.</summary>
        public static ulong Parse(ReadOnlySpan<char> s, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null) => ulong.Parse(s.ToString(), style, provider);
    }
}

/// <summary>Span parsing of <c>ushort</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class UshortParsePolyfills
{
    extension(ushort)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out ushort result) => ushort.TryParse(s.ToString(), style, provider, out result);
    }
}

/// <summary>Span parsing of <c>byte</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class ByteParsePolyfills
{
    extension(byte)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out byte result) => byte.TryParse(s.ToString(), style, provider, out result);

        /// <summary>Parses a span.</summary>
        public static byte Parse(ReadOnlySpan<char> s, NumberStyles style = NumberStyles.Integer, IFormatProvider? provider = null) => byte.Parse(s.ToString(), style, provider);
    }
}

/// <summary>Span parsing of <c>double</c> (.NET Core 2.1), for .NET Framework.</summary>
internal static class DoubleParsePolyfills
{
    extension(double)
    {
        /// <summary>Parses a span.</summary>
        public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out double result) => double.TryParse(s.ToString(), style, provider, out result);
    }
}
