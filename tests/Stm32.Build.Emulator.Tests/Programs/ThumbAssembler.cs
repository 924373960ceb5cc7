using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Stm32.Build.Emulator.Tests.Programs;

/// <summary>
/// Encodes Thumb instructions with GNU as (arm-none-eabi-as), so tests take encodings from the assembler rather
/// than from hand-written constants. Results are cached per source text.
/// </summary>
public static class ThumbAssembler
{
    private static readonly Dictionary<string, uint[]> s_cache = new(StringComparer.Ordinal);
    private static readonly object s_lock = new();

    /// <summary>Assembles one instruction per line for the core and returns each as hw1:hw2 (16-bit ones in the low half).</summary>
    public static uint[] Encode(TestCore core, params string[] lines)
    {
        var flags = TestTarget.For(core).CompilerFlags.Where(f => !f.StartsWith("-mfloat-abi", StringComparison.Ordinal)).ToArray();
        var source = ".syntax unified\n.thumb\n" + string.Join("\n", lines.Select(l => l + "\n.balign 4, 0xff")) + "\n";
        var key = string.Join(" ", flags) + source;
        lock (s_lock)
        {
            if (s_cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
            var dir = Path.Combine(AppContext.BaseDirectory, "asm");
            Directory.CreateDirectory(dir);
            var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
            var asm = Path.Combine(dir, name + ".s");
            var obj = Path.Combine(dir, name + ".o");
            var bin = Path.Combine(dir, name + ".bin");
            File.WriteAllText(asm, source);
            var (code, output) = TestPrograms.RunTool("arm-none-eabi-as", [.. flags, asm, "-o", obj], TimeSpan.FromSeconds(30));
            if (code != 0)
            {
                throw new InvalidOperationException("arm-none-eabi-as failed:\n" + output);
            }
            (code, output) = TestPrograms.RunTool("arm-none-eabi-objcopy", ["-O", "binary", obj, bin], TimeSpan.FromSeconds(30));
            if (code != 0)
            {
                throw new InvalidOperationException("arm-none-eabi-objcopy failed:\n" + output);
            }
            var bytes = File.ReadAllBytes(bin);
            var result = new uint[lines.Length];
            for (var k = 0; k < lines.Length; k++)
            {
                var hw1 = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4 * k));
                var hw2 = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4 * k + 2));
                // A 32-bit instruction starts with 0b11101, 0b11110 or 0b11111 in its top five bits (A5.1).
                result[k] = (hw1 >> 11) >= 0x1D ? ((uint)hw1 << 16) | hw2 : hw1;
            }
            s_cache[key] = result;
            return result;
        }
    }
}
