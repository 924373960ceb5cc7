using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace System;

/// <summary>The argument guards of .NET 6 to 8 (<c>ArgumentNullException.ThrowIfNull</c> and friends) for .NET Framework.</summary>
internal static class ArgumentPolyfills
{
    extension(ArgumentNullException)
    {
        /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="argument"/> is null.</summary>
        public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(ArgumentException)
    {
        /// <summary>Throws when <paramref name="argument"/> is null or empty.</summary>
        public static void ThrowIfNullOrEmpty([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
            if (argument.Length == 0)
            {
                throw new ArgumentException("The value cannot be an empty string.", paramName);
            }
        }

        /// <summary>Throws when <paramref name="argument"/> is null, empty or white space.</summary>
        public static void ThrowIfNullOrWhiteSpace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
            if (string.IsNullOrWhiteSpace(argument))
            {
                throw new ArgumentException("The value cannot be an empty string or composed entirely of whitespace.", paramName);
            }
        }
    }

    extension(ArgumentOutOfRangeException)
    {
        /// <summary>Throws when <paramref name="value"/> is negative.</summary>
        public static void ThrowIfNegative(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must be non-negative.");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is negative or zero.</summary>
        public static void ThrowIfNegativeOrZero(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must be positive.");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is zero.</summary>
        public static void ThrowIfZero(long value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value == 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must not be zero.");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is greater than <paramref name="other"/>.</summary>
        public static void ThrowIfGreaterThan(long value, long other, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value > other)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must be at most " + other + ".");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is less than <paramref name="other"/>.</summary>
        public static void ThrowIfLessThan(long value, long other, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < other)
            {
                throw new ArgumentOutOfRangeException(paramName, value, "The value must be at least " + other + ".");
            }
        }
    }

    extension(ObjectDisposedException)
    {
        /// <summary>Throws <see cref="ObjectDisposedException"/> when <paramref name="condition"/> is true.</summary>
        public static void ThrowIf([DoesNotReturnIf(true)] bool condition, object instance)
        {
            if (condition)
            {
                throw new ObjectDisposedException(instance?.GetType().FullName);
            }
        }
    }
}
