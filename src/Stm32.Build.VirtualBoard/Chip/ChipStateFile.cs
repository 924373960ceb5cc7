using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.VirtualBoard.Chip;

/// <summary>A virtual board state file that cannot be used; carries an STM5001/STM5002 diagnostic with the byte offset.</summary>
public sealed class ChipStateFormatException : Stm32Exception
{
    /// <summary>Creates the exception from its diagnostic.</summary>
    public ChipStateFormatException(Diagnostic diagnostic, Exception? inner = null) : base(diagnostic, inner)
    {
    }
}

/// <summary>What a state file holds: the non-volatile part of the chip and the BOOT0 pin.</summary>
/// <param name="DeviceName">The device the state belongs to.</param>
/// <param name="Boot0High">The BOOT0 pin level.</param>
/// <param name="Banks">Each flash bank: its number, contents and the flash words with inconsistent ECC.</param>
/// <param name="OptionBytes">The option bytes as the chip's family encodes them (<see cref="ChipFamily.SaveOptionBytes"/>).</param>
/// <param name="Board">The board the state was created on (null in version 1 files).</param>
internal sealed record ChipState(string DeviceName, bool Boot0High, IReadOnlyList<(int Number, byte[] Data, IReadOnlyList<int> EccBroken)> Banks, byte[] OptionBytes,
    BoardReference? Board = null);

/// <summary>The board a state file was created on: its name, where it came from (<c>bundled</c>, <c>built-in</c> or a file path) and the supply wiring in effect (empty when none).</summary>
internal sealed record BoardReference(string Name, string Source, string Supply);

/// <summary>
/// The state file format, version 3 (little-endian throughout; documented in docs/virtual-board/chip.md); version 1
/// files (without the board record) and version 2 files (STM32H7 option bytes in a fixed layout) still load:
/// <code>
/// 0   8  magic "STM32VB1"
/// 8   2  version (1)
/// 10  2  flags (bit 0: BOOT0 high)
/// 12  2  device name length N, then N bytes UTF-8
/// .   4  bank count B, then per bank: number (4), size S (4), S bytes of contents,
///        count E (4) and E flash-word indices (4 each) with inconsistent ECC
/// .      versions 1 and 2: 4 OPTSR, 4 BOOT7, 4 BOOT4, then per bank PRAR (4), SCAR (4), WPSN (4);
/// .      version 3: the option bytes as the family encodes them: length L (4), then L bytes (the H7 keeps the layout above)
/// .      version 2: the board — name, source, supply wiring: each a length (2) and that many bytes of UTF-8
/// .  32  SHA-256 of every byte before it
/// </code>
/// </summary>
internal static class ChipStateFile
{
    internal static ReadOnlySpan<byte> Magic => "STM32VB1"u8;

    internal const ushort Version = 3;

    /// <summary>The first version, without the board record: still read.</summary>
    internal const ushort Version1 = 1;

    /// <summary>The version with the board record and the H7 option bytes in a fixed layout: still read.</summary>
    internal const ushort Version2 = 2;

    /// <summary>The longest option-byte record a family writes (version 3).</summary>
    internal const int MaxOptionBytes = 1024;

    /// <summary>The longest board name, source or supply text kept (a path).</summary>
    private const int MaxBoardText = 4096;

    private const int MagicOffset = 0;
    private const int VersionOffset = 8;
    private const int FlagsOffset = 10;
    private const int NameLengthOffset = 12;
    private const int NameOffset = 14;
    private const int HashSize = 32;
    private const int MaxBanks = 16;

    /// <summary>
    /// The largest state file a device's board can have: its flash, the worst-case list of flash words with broken
    /// ECC (4 bytes per 32-byte flash word), the option bytes, the board record and headers (the device name is at most 64 KiB).
    /// </summary>
    public static long MaxFileSize(long flashBytes, int banks) =>
        NameOffset + ushort.MaxValue + 4 + banks * (12L + 4 * 3) + flashBytes + flashBytes / 8 + 12 + 4 + MaxOptionBytes + (3 * (2 + MaxBoardText)) + HashSize;

    /// <summary>
    /// Reads a state file with the size bound of <see cref="MaxFileSize"/>: a larger file, or a device such as
    /// <c>/dev/zero</c>, is refused (STM0008) before or while reading, never read whole.
    /// </summary>
    public static byte[] ReadFile(string path, long flashBytes, int banks)
    {
        var max = MaxFileSize(flashBytes, banks);
        return Stm32.Build.Images.BoundedFile.ReadAllBytes(path, max, length => new ChipStateFormatException(new Diagnostic(DiagnosticCodes.InputTooLarge, DiagnosticSeverity.Error,
            length is long n
                ? $"cannot load virtual board state: the file is {n} bytes, more than a state file of this board can be ({max} bytes)"
                : $"cannot load virtual board state: the file goes on past {max} bytes, more than a state file of this board can be (a device or a stream, not a state file)",
            File: path)));
    }

    public static byte[] Write(ChipState state)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((ushort)(state.Boot0High ? 1 : 0));
            var name = Encoding.UTF8.GetBytes(state.DeviceName);
            writer.Write((ushort)name.Length);
            writer.Write(name);
            writer.Write(state.Banks.Count);
            foreach (var (number, data, ecc) in state.Banks)
            {
                writer.Write(number);
                writer.Write(data.Length);
                writer.Write(data);
                writer.Write(ecc.Count);
                foreach (var word in ecc)
                {
                    writer.Write(word);
                }
            }
            writer.Write(state.OptionBytes.Length);
            writer.Write(state.OptionBytes);
            var board = state.Board ?? new BoardReference("", "", "");
            foreach (var text in new[] { board.Name, board.Source, board.Supply })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var length = Math.Min(bytes.Length, MaxBoardText);
                writer.Write((ushort)length);
                writer.Write(bytes, 0, length);
            }
        }
        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    public static ChipState Read(ReadOnlySpan<byte> file, string path)
    {
        var reader = new Reader(file, path);
        if (file.Length < NameOffset + HashSize)
        {
            throw reader.Corrupt(0, $"the file is {file.Length} bytes long, shorter than any state file");
        }
        if (!file[MagicOffset..(MagicOffset + Magic.Length)].SequenceEqual(Magic))
        {
            throw reader.Corrupt(MagicOffset, "this is not a virtual board state file (no STM32VB1 magic)");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(file[VersionOffset..]);
        if (version is not (Version or Version1 or Version2))
        {
            throw reader.Corrupt(VersionOffset, $"state file version {version} is not supported (this build reads versions {Version1} to {Version})");
        }
        var bodyLength = file.Length - HashSize;
        var expected = SHA256.HashData(file[..bodyLength]);
        if (!file[bodyLength..].SequenceEqual(expected))
        {
            throw reader.Corrupt(bodyLength, "the state file's checksum does not match its contents (the file is damaged)");
        }
        reader.Limit = bodyLength;
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(file[FlagsOffset..]);
        reader.Position = NameLengthOffset;
        var nameLength = reader.UInt16();
        var name = Encoding.UTF8.GetString(reader.Bytes(nameLength));
        var bankCount = reader.Int32(max: MaxBanks);
        var banks = new List<(int, byte[], IReadOnlyList<int>)>();
        for (var i = 0; i < bankCount; i++)
        {
            var number = reader.Int32(max: MaxBanks);
            var size = reader.Int32(max: 64 << 20);
            var data = reader.Bytes(size).ToArray();
            var eccCount = reader.Int32(max: size / 4 + 1);
            var ecc = new List<int>(eccCount);
            for (var j = 0; j < eccCount; j++)
            {
                ecc.Add(reader.Int32(max: size));
            }
            banks.Add((number, data, ecc));
        }
        var optionBytes = version >= Version
            ? reader.Bytes(reader.Int32(max: MaxOptionBytes)).ToArray()
            : reader.Bytes(12 + 12 * bankCount).ToArray(); // the H7 layout: OPTSR, BOOT7, BOOT4, per bank PRAR, SCAR, WPSN
        BoardReference? board = null;
        if (version >= Version2)
        {
            var texts = new string[3];
            for (var i = 0; i < texts.Length; i++)
            {
                var at = reader.Position;
                var length = reader.UInt16();
                if (length > MaxBoardText)
                {
                    throw reader.Corrupt(at, $"the board record's text is {length} bytes long (at most {MaxBoardText})");
                }
                texts[i] = Encoding.UTF8.GetString(reader.Bytes(length));
            }
            board = texts[0].Length == 0 ? null : new BoardReference(texts[0], texts[1], texts[2]);
        }
        if (reader.Position != bodyLength)
        {
            throw reader.Corrupt(reader.Position, $"{bodyLength - reader.Position} unexpected bytes before the checksum");
        }
        return new ChipState(name, (flags & 1) != 0, banks, optionBytes, board);
    }

    /// <summary>A bounds-checked cursor over the file; every failure is a coded <see cref="ChipStateFormatException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> file, string path)
    {
        private readonly ReadOnlySpan<byte> _file = file;

        public int Position { get; set; }

        public int Limit { get; set; } = file.Length;

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        public int Int32(int max)
        {
            var at = Position;
            var value = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));
            if (value < 0 || value > max)
            {
                throw Corrupt(at, $"the value {value} is out of range (0..{max})");
            }
            return value;
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > Limit - Position)
            {
                throw Corrupt(Position, $"the file ends inside a field ({count} bytes needed, {Math.Max(0, Limit - Position)} left)");
            }
            var span = _file.Slice(Position, count);
            Position += count;
            return span;
        }

        public readonly ChipStateFormatException Corrupt(long offset, string message) =>
            new(new Diagnostic(DiagnosticCodes.BoardStateCorrupt, DiagnosticSeverity.Error,
                $"cannot load virtual board state: {message}", File: path, Offset: offset));
    }
}
