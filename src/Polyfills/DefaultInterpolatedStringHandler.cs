using System.Text;

namespace System.Runtime.CompilerServices;

/// <summary>
/// The handler the C# compiler uses for interpolated strings (.NET 6's type of the same name, for .NET Framework):
/// with it, <c>$"..."</c> takes character spans and <c>string.Create(provider, $"...")</c> formats with the provider,
/// as on .NET. Formatting follows <see cref="string.Format(IFormatProvider, string, object[])"/>: a custom formatter
/// of the provider first, then <see cref="IFormattable"/>, then <see cref="object.ToString"/>.
/// </summary>
[InterpolatedStringHandler]
internal ref struct DefaultInterpolatedStringHandler
{
    private readonly IFormatProvider? _provider;
    private readonly ICustomFormatter? _formatter;
    private StringBuilder _text;

    /// <summary>A handler for <paramref name="literalLength"/> characters of literal text and <paramref name="formattedCount"/> holes.</summary>
    public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        : this(literalLength, formattedCount, null)
    {
    }

    /// <summary>A handler that formats with <paramref name="provider"/>.</summary>
    public DefaultInterpolatedStringHandler(int literalLength, int formattedCount, IFormatProvider? provider)
    {
        _provider = provider;
        _formatter = provider?.GetFormat(typeof(ICustomFormatter)) as ICustomFormatter;
        _text = new StringBuilder(literalLength + formattedCount * 11);
    }

    /// <summary>Appends literal text.</summary>
    public readonly void AppendLiteral(string value) => _text.Append(value);

    /// <summary>Appends a value.</summary>
    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    /// <summary>Appends a value with a format string.</summary>
    public readonly void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    /// <summary>Appends a value, padded to <paramref name="alignment"/>.</summary>
    public readonly void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    /// <summary>Appends a value with a format string, padded to <paramref name="alignment"/>.</summary>
    public readonly void AppendFormatted<T>(T value, int alignment, string? format)
    {
        string? text = _formatter is not null
            ? _formatter.Format(format, value, _provider)
            : value is IFormattable formattable ? formattable.ToString(format, _provider) : value?.ToString();
        Pad(text ?? "", alignment);
    }

    /// <summary>Appends a character span.</summary>
    public readonly void AppendFormatted(ReadOnlySpan<char> value) => _text.Append(value.ToString());

    /// <summary>Appends a character span, padded to <paramref name="alignment"/>.</summary>
    public readonly void AppendFormatted(ReadOnlySpan<char> value, int alignment = 0, string? format = null) => Pad(value.ToString(), alignment);

    /// <summary>Appends a string.</summary>
    public readonly void AppendFormatted(string? value) => AppendFormatted<string?>(value, 0, null);

    /// <summary>Appends a string, padded to <paramref name="alignment"/>.</summary>
    public readonly void AppendFormatted(string? value, int alignment = 0, string? format = null) => AppendFormatted<string?>(value, alignment, format);

    /// <summary>Appends an object, padded to <paramref name="alignment"/>.</summary>
    public readonly void AppendFormatted(object? value, int alignment = 0, string? format = null) => AppendFormatted<object?>(value, alignment, format);

    /// <summary>The text so far; the handler is empty afterwards.</summary>
    public string ToStringAndClear()
    {
        var result = _text.ToString();
        _text = new StringBuilder();
        return result;
    }

    /// <summary>The text so far.</summary>
    public override readonly string ToString() => _text.ToString();

    private readonly void Pad(string text, int alignment)
    {
        int width = Math.Abs(alignment);
        if (alignment > 0 && text.Length < width)
        {
            _text.Append(' ', width - text.Length);
        }
        _text.Append(text);
        if (alignment < 0 && text.Length < width)
        {
            _text.Append(' ', width - text.Length);
        }
    }
}
