using Stm32.Build.Diagnostics;

namespace Stm32.Build.Images;

/// <summary>Reads firmware images from ELF, Intel HEX, S-record and raw binary files.</summary>
public static class ImageReader
{
    /// <summary>
    /// The largest file the readers accept: 256 MiB. The largest flash in the device data is 2 MiB; its Intel HEX or
    /// S-record is under 7 MB and an ELF with full debug information is tens of MB, so a larger file is not an image
    /// for any supported device and is refused by its size before it is read (special files such as
    /// <c>/dev/zero</c> are read with the same bound, <see cref="BoundedFile"/>).
    /// </summary>
    public const long MaxFileSize = 256L << 20;

    /// <summary>
    /// Reads the image at <paramref name="path"/>. The format comes from the extension (<c>.elf/.axf/.out</c>,
    /// <c>.hex/.ihex</c>, <c>.srec/.s19/.s28/.s37/.mot</c>, <c>.bin</c>), else from the content (ELF magic,
    /// a line starting with ':' or 'S').
    /// </summary>
    /// <exception cref="ImageFormatException">The file is malformed (STM2xxx).</exception>
    /// <exception cref="Stm32Exception">The file cannot be read (STM0002).</exception>
    public static FirmwareImage Read(string path, ImageReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content;
        try
        {
            content = BoundedFile.ReadAllBytes(path, MaxFileSize, length => new ImageFormatException(DiagnosticCodes.ImageTooLarge,
                length is long n
                    ? $"the file is {n} bytes; images up to {MaxFileSize} bytes ({MaxFileSize >> 20} MiB) are supported, and no supported device holds more"
                    : $"the file goes on past {MaxFileSize} bytes ({MaxFileSize >> 20} MiB; a device or a stream, not an image file); images up to that size are supported",
                path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new Stm32Exception(new Diagnostic(DiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error,
                $"cannot read the image file: {e.Message}", path), e);
        }
        var format = FormatFromExtension(path) ?? Sniff(content)
            ?? throw new ImageFormatException(DiagnosticCodes.ImageFormatUnknown,
                "cannot tell the image format from the file name or content; use .elf, .hex, .srec or .bin", path, offset: 0);
        return ReadOwned(content, path, format, options);
    }

    /// <summary>Reads an image from <paramref name="content"/> in the given format; <paramref name="path"/> names it in diagnostics.</summary>
    /// <exception cref="ImageFormatException">The content is malformed (STM2xxx).</exception>
    public static FirmwareImage Read(ReadOnlySpan<byte> content, string path, ImageFormat format, ImageReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Text formats decode into their own buffer; ELF and binary images keep slices of the file, so they copy it.
        return format switch
        {
            ImageFormat.IntelHex => IntelHexReader.Read(content, path),
            ImageFormat.SRecord => SRecordReader.Read(content, path),
            _ => ReadOwned(content.ToArray(), path, format, options),
        };
    }

    /// <summary>The format an extension names, or null for an unknown extension.</summary>
    public static ImageFormat? FormatFromExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".elf" or ".axf" or ".out" => ImageFormat.Elf,
            ".hex" or ".ihex" or ".ihx" => ImageFormat.IntelHex,
            ".srec" or ".s19" or ".s28" or ".s37" or ".mot" or ".sx" => ImageFormat.SRecord,
            ".bin" => ImageFormat.Binary,
            _ => null,
        };

    /// <summary>The format the content looks like (ELF magic, a first non-blank character ':' or 'S'), or null.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 4 && content[0] == 0x7F && content[1] == (byte)'E' && content[2] == (byte)'L' && content[3] == (byte)'F')
        {
            return ImageFormat.Elf;
        }
        int i = 0;
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            i = 3;
        }
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        if (i < content.Length)
        {
            if (content[i] == (byte)':')
            {
                return ImageFormat.IntelHex;
            }
            if (content[i] is (byte)'S' && i + 1 < content.Length && content[i + 1] is >= (byte)'0' and <= (byte)'9')
            {
                return ImageFormat.SRecord;
            }
        }
        return null;
    }

    private static FirmwareImage ReadOwned(byte[] content, string path, ImageFormat format, ImageReadOptions? options) =>
        format switch
        {
            ImageFormat.Elf => ElfReader.Read(content, path),
            ImageFormat.IntelHex => IntelHexReader.Read(content, path),
            ImageFormat.SRecord => SRecordReader.Read(content, path),
            ImageFormat.Binary => ReadBinary(content, path, options?.BinaryBaseAddress ?? ImageReadOptions.DefaultBinaryBaseAddress),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown image format"),
        };

    private static FirmwareImage ReadBinary(byte[] content, string path, uint baseAddress)
    {
        if ((ulong)baseAddress + (ulong)content.Length > 0x1_0000_0000UL)
        {
            throw new ImageFormatException(DiagnosticCodes.BinaryAddressWraps,
                $"a {content.Length}-byte binary at base {Diagnostic.Hex(baseAddress)} runs past 4 GiB (to {Diagnostic.Hex((ulong)baseAddress + (ulong)content.Length)})",
                path, offset: (long)(0x1_0000_0000UL - baseAddress), address: baseAddress);
        }
        var builder = ImageBuilder.OverFile(path, content);
        builder.AddFileRange(baseAddress, 0, content.Length);
        return builder.Build(ImageFormat.Binary, DiagnosticCodes.BinaryAddressWraps, null);
    }
}
