using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace System.IO
{
    /// <summary><c>File.Move(source, destination, overwrite)</c> (.NET Core 3.0) and span writes of <see cref="BinaryWriter"/>, for .NET Framework.</summary>
    internal static class FilePolyfills
    {
        extension(File)
        {
            /// <summary>
            /// Moves a file, replacing the destination when <paramref name="overwrite"/> is set; an existing destination
            /// is replaced in one step (<see cref="File.Replace(string, string, string)"/>) like .NET's MoveFileEx.
            /// </summary>
            public static void Move(string sourceFileName, string destFileName, bool overwrite)
            {
                if (overwrite && File.Exists(destFileName))
                {
                    File.Replace(sourceFileName, destFileName, null);
                    return;
                }
                File.Move(sourceFileName, destFileName);
            }
        }

        /// <summary>Writes the bytes.</summary>
        public static void Write(this BinaryWriter writer, ReadOnlySpan<byte> buffer) => writer.Write(buffer.ToArray());

        /// <summary>Writes the bytes.</summary>
        public static void Write(this BinaryWriter writer, Span<byte> buffer) => writer.Write(buffer.ToArray());
    }
}

namespace System
{
    using System.Security.Cryptography;

    /// <summary><c>SHA256.HashData</c> (.NET 5), for .NET Framework.</summary>
    internal static class Sha256Polyfills
    {
        extension(SHA256)
        {
            /// <summary>The SHA-256 hash of the bytes.</summary>
            public static byte[] HashData(byte[] source)
            {
                using var sha = SHA256.Create();
                return sha.ComputeHash(source);
            }

            /// <summary>The SHA-256 hash of the bytes.</summary>
            public static byte[] HashData(ReadOnlySpan<byte> source) => SHA256.HashData(source.ToArray());
        }
    }
}

namespace System
{
    /// <summary><c>Array.Fill</c>, one-argument <c>Array.Clear</c> and <c>TimeSpan.FromMicroseconds</c>, for .NET Framework.</summary>
    internal static class ArrayPolyfills
    {
        extension(Array)
        {
            /// <summary>Sets every element to <paramref name="value"/>.</summary>
            public static void Fill<T>(T[] array, T value) => array.AsSpan().Fill(value);

            /// <summary>Sets elements [<paramref name="startIndex"/>, +<paramref name="count"/>) to <paramref name="value"/>.</summary>
            public static void Fill<T>(T[] array, T value, int startIndex, int count) => array.AsSpan(startIndex, count).Fill(value);

            /// <summary>Clears every element.</summary>
            public static void Clear(Array array) => Array.Clear(array, 0, array.Length);
        }

        extension(TimeSpan)
        {
            /// <summary>A time span of <paramref name="value"/> microseconds (truncated to ticks, like .NET 7).</summary>
            public static TimeSpan FromMicroseconds(double value) => TimeSpan.FromTicks((long)(value * 10));
        }

        /// <summary>Whether the span holds any value other than <paramref name="value"/>.</summary>
        public static bool ContainsAnyExcept<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T> => IndexOfAnyExcept(span, value) >= 0;

        /// <summary>Whether the span holds any value other than <paramref name="value"/>.</summary>
        public static bool ContainsAnyExcept<T>(this Span<T> span, T value) where T : IEquatable<T> => IndexOfAnyExcept((ReadOnlySpan<T>)span, value) >= 0;

        /// <summary>The index of the first value other than <paramref name="value"/>, or -1.</summary>
        public static int IndexOfAnyExcept<T>(this ReadOnlySpan<T> span, T value) where T : IEquatable<T>
        {
            for (int i = 0; i < span.Length; i++)
            {
                if (!span[i].Equals(value))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The index of the first value other than <paramref name="value"/>, or -1.</summary>
        public static int IndexOfAnyExcept<T>(this Span<T> span, T value) where T : IEquatable<T> => IndexOfAnyExcept((ReadOnlySpan<T>)span, value);
    }
}

namespace System
{
    /// <summary>TimeSpan arithmetic (.NET Core 2.0), span reads of <see cref="BitConverter"/> and <c>CommonPrefixLength</c> (.NET 7), for .NET Framework.</summary>
    internal static class TimeSpanPolyfills
    {
        // TimeSpan's operators (* and /) are not polyfilled: the C# compiler also considers the internal extension
        // operators of referenced assemblies and reports them as ambiguous. Code calls the methods instead.

        /// <summary>The time span times <paramref name="factor"/> (rounded to ticks, like .NET).</summary>
        public static TimeSpan Multiply(this TimeSpan timeSpan, double factor) => TimeSpan.FromTicks(checked((long)Math.Round(timeSpan.Ticks * factor)));

        /// <summary>The time span divided by <paramref name="divisor"/> (rounded to ticks, like .NET).</summary>
        public static TimeSpan Divide(this TimeSpan timeSpan, double divisor) => TimeSpan.FromTicks(checked((long)Math.Round(timeSpan.Ticks / divisor)));

        /// <summary>The ratio of two time spans.</summary>
        public static double Divide(this TimeSpan timeSpan, TimeSpan divisor) => (double)timeSpan.Ticks / divisor.Ticks;

        extension(BitConverter)
        {
            /// <summary>A little-endian (host order) 32-bit value from the first four bytes.</summary>
            public static uint ToUInt32(ReadOnlySpan<byte> value) => MemoryMarshal.Read<uint>(value);

            /// <summary>A host-order 16-bit value from the first two bytes.</summary>
            public static ushort ToUInt16(ReadOnlySpan<byte> value) => MemoryMarshal.Read<ushort>(value);

            /// <summary>A host-order 32-bit value from the first four bytes.</summary>
            public static int ToInt32(ReadOnlySpan<byte> value) => MemoryMarshal.Read<int>(value);

            /// <summary>A host-order 64-bit value from the first eight bytes.</summary>
            public static ulong ToUInt64(ReadOnlySpan<byte> value) => MemoryMarshal.Read<ulong>(value);
        }

        /// <summary>The length of the common prefix of the two spans.</summary>
        public static int CommonPrefixLength<T>(this ReadOnlySpan<T> span, ReadOnlySpan<T> other) where T : IEquatable<T>
        {
            var n = Math.Min(span.Length, other.Length);
            for (int i = 0; i < n; i++)
            {
                if (!span[i].Equals(other[i]))
                {
                    return i;
                }
            }
            return n;
        }

        /// <summary>The length of the common prefix of the two spans.</summary>
        public static int CommonPrefixLength<T>(this Span<T> span, ReadOnlySpan<T> other) where T : IEquatable<T> => CommonPrefixLength((ReadOnlySpan<T>)span, other);
    }
}
