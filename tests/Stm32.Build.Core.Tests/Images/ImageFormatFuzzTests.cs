using CsCheck;
using Stm32.Build.Images;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Tests.Images;

/// <summary>
/// Mutated valid files (bit flips, truncation, insertion, byte overwrites) either read or fail with an
/// <see cref="ImageFormatException"/>: never another exception, never a hang. Iterations are bounded so the whole
/// class runs in a few seconds.
/// </summary>
[Trait("Requires", "gcc")]
public class ImageFormatFuzzTests
{
    private const int Iterations = 400;

    private enum Mutation { FlipBit, Truncate, Insert, Overwrite, Delete }

    private static readonly Gen<(Mutation Kind, double Where, int Value, int Count)> s_mutations =
        Gen.Select(Gen.Enum<Mutation>(), Gen.Double[0.0, 1.0], Gen.Int[0, 255], Gen.Int[1, 8]);

    private static byte[] Mutate(byte[] original, (Mutation Kind, double Where, int Value, int Count) m, bool headerBias)
    {
        // For ELF, half the mutations hit the first 256 bytes, where the headers live.
        double where = headerBias && m.Value % 2 == 0 ? m.Where * Math.Min(256.0 / original.Length, 1.0) : m.Where;
        int at = Math.Min((int)(where * original.Length), original.Length - 1);
        var list = original.ToList();
        switch (m.Kind)
        {
            case Mutation.FlipBit:
                for (int i = 0; i < m.Count && at + i < list.Count; i++)
                {
                    list[at + i] ^= (byte)(1 << ((m.Value + i) % 8));
                }
                break;
            case Mutation.Truncate:
                list.RemoveRange(at, list.Count - at);
                break;
            case Mutation.Insert:
                list.InsertRange(at, Enumerable.Repeat((byte)m.Value, m.Count));
                break;
            case Mutation.Overwrite:
                for (int i = 0; i < m.Count && at + i < list.Count; i++)
                {
                    list[at + i] = i % 2 == 0 ? (byte)m.Value : (byte)0xFF;
                }
                break;
            case Mutation.Delete:
                list.RemoveRange(at, Math.Min(m.Count, list.Count - at));
                break;
        }
        return [.. list];
    }

    private static void ReadsOrFailsWithACode(byte[] content, ImageFormat format)
    {
        try
        {
            var image = ImageReader.Read(content, "fuzz", format);
            // A successful read must give a consistent model.
            ulong total = 0;
            ulong previousEnd = 0;
            foreach (var s in image.Segments)
            {
                Assert.True(s.Address >= previousEnd || total == 0, "segments overlap or are unsorted");
                Assert.True(s.Length > 0);
                previousEnd = s.End;
                total += (ulong)s.Length;
            }
            Assert.Equal(image.TotalBytes, total);
            if (!image.IsEmpty)
            {
                var at = image.LocationOf((uint)image.StartAddress!.Value);
                Assert.True(at.Line is not null || at.Offset is not null);
            }
        }
        catch (ImageFormatException e)
        {
            Assert.StartsWith("STM2", e.Code);
            Assert.Equal("fuzz", e.Diagnostic.File);
            Assert.True(e.Diagnostic.Line is not null || e.Diagnostic.Offset is not null, $"{e.Code} has no location: {e.Message}");
        }
    }

    private static void Fuzz(string path, ImageFormat format, bool headerBias)
    {
        var original = File.ReadAllBytes(path);
        s_mutations.Sample(m => ReadsOrFailsWithACode(Mutate(original, m, headerBias), format), iter: Iterations, threads: 1, seed: null);
    }

    [Fact]
    public void Mutated_elf_reads_or_fails_with_a_code() =>
        Fuzz(TestImages.Elf(FirmwareVariant.Cm7Blinky), ImageFormat.Elf, headerBias: true);

    [Fact]
    public void Mutated_intel_hex_reads_or_fails_with_a_code() =>
        Fuzz(FirmwareBuilder.Convert(TestImages.Elf(FirmwareVariant.Cm7Blinky), "ihex"), ImageFormat.IntelHex, headerBias: false);

    [Fact]
    public void Mutated_srec_reads_or_fails_with_a_code() =>
        Fuzz(FirmwareBuilder.Convert(TestImages.Elf(FirmwareVariant.Cm7Blinky), "srec"), ImageFormat.SRecord, headerBias: false);

    [Fact]
    public void Random_bytes_read_as_every_format_fail_with_a_code_or_read()
    {
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            foreach (var format in Enum.GetValues<ImageFormat>())
            {
                ReadsOrFailsWithACode(bytes, format);
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Random_elf_headers_after_a_valid_magic_fail_with_a_code_or_read()
    {
        var valid = File.ReadAllBytes(TestImages.Elf(FirmwareVariant.Cm7Blinky));
        Gen.Byte.Array[52, 52].Sample(header =>
        {
            var file = (byte[])valid.Clone();
            header.CopyTo(file, 0);
            file[0] = 0x7F; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
            file[4] = 1; file[5] = 1; file[6] = 1; file[16] = 2; file[17] = 0; file[18] = 40; file[19] = 0;
            ReadsOrFailsWithACode(file, ImageFormat.Elf);
        }, iter: Iterations, threads: 1);
    }
}
