using System.Text.RegularExpressions;

namespace Stm32.Cli.Tests;

/// <summary>What the family flash tests share: test images (a byte pattern, an Intel HEX file at an address) and a line collector for <c>stm32 sim serve</c>'s output.</summary>
internal static class FlashTestSupport
{
    /// <summary>A deterministic byte pattern of <paramref name="length"/> bytes.</summary>
    public static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    /// <summary>Writes <paramref name="data"/> at <paramref name="address"/> as an Intel HEX file (records of 16 bytes).</summary>
    public static string Hex(uint address, byte[] data)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stm32-flash-image-{Guid.NewGuid():N}.hex");
        var text = new System.Text.StringBuilder();
        void Record(int type, ushort offset, ReadOnlySpan<byte> bytes)
        {
            var sum = bytes.Length + (offset >> 8) + (offset & 0xFF) + type;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $":{bytes.Length:X2}{offset:X4}{type:X2}");
            foreach (var b in bytes)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{b:X2}");
                sum += b;
            }
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(byte)-sum:X2}\n");
        }
        uint upper = uint.MaxValue;
        for (var i = 0; i < data.Length; i += 16)
        {
            var at = address + (uint)i;
            if (at >> 16 != upper)
            {
                upper = at >> 16;
                Record(4, 0, [(byte)(upper >> 8), (byte)upper]);
            }
            Record(0, (ushort)at, data.AsSpan(i, Math.Min(16, data.Length - i)));
        }
        Record(1, 0, []);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>A writer that collects lines and lets a test wait for one.</summary>
    public sealed class Lines : TextWriter
    {
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = [];
        private readonly System.Text.StringBuilder _current = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_current)
            {
                if (value == '\n')
                {
                    _lines.Add(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                {
                    _current.Append(value);
                }
            }
        }

        public string WaitFor(Regex pattern, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_lines.TryTake(out var line, deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero))
            {
                if (pattern.IsMatch(line))
                {
                    return line;
                }
            }
            throw new TimeoutException("no line matched " + pattern);
        }
    }
}
