using System.Buffers.Binary;
using Stm32.Build.TestSupport;
using Xunit;

namespace Stm32.Build.Preflight.Tests;

/// <summary>
/// The bit a polling loop tests, read back from the instructions arm-none-eabi-as assembles for the usual ways
/// compilers test a ready flag (the expected bit is the one named in the source line, not computed by the code under test).
/// </summary>
[Trait("Requires", "gcc")]
public sealed class PolledBitsTests
{
    [Theory]
    [InlineData("ldr r3, [r2]\n tst.w r3, #0x20000\n beq 0b", 0x0002_0000u)]          // -Og: TST immediate
    [InlineData("ldr r3, [r2]\n and r3, r3, #0x20000\n cmp r3, #0\n beq 0b", 0x0002_0000u)] // -O0: AND immediate, CMP
    [InlineData("ldr r3, [r2]\n lsls r3, r3, #14\n bpl 0b", 0x0002_0000u)]             // -Os: bit 17 into N
    [InlineData("ldr r3, [r2]\n lsls r3, r3, #31\n bcc 0b", 0x0000_0002u)]             // bit 1 into C
    [InlineData("ldr r3, [r2]\n lsrs r3, r3, #18\n bcc 0b", 0x0002_0000u)]             // bit 17 out to C
    [InlineData("ldr r1, [r0]\n ubfx r1, r1, #17, #1\n cmp r1, #0\n beq 0b", 0x0002_0000u)]
    [InlineData("ldr r3, [r2]\n movs r1, #0x80\n tst r3, r1\n beq 0b", 0x0000_0080u)]
    [InlineData("ldr.w r3, [r2, #0x10]\n tst.w r3, #0x80000000\n beq 0b", 0x8000_0000u)]
    public void The_tested_bit_is_found_after_the_load(string loop, uint expected)
    {
        var code = Assemble("0:\n " + loop);
        Assert.Equal(expected, PolledBits.Mask(a => a + 1 < code.Length ? BinaryPrimitives.ReadUInt16LittleEndian(code.AsSpan((int)a)) : null, 0));
    }

    [Fact]
    public void A_comparison_of_the_whole_value_names_no_bit()
    {
        var code = Assemble("0:\n ldr r3, [r2]\n cmp r3, r4\n bne 0b");
        Assert.Null(PolledBits.Mask(a => a + 1 < code.Length ? BinaryPrimitives.ReadUInt16LittleEndian(code.AsSpan((int)a)) : null, 0));
    }

    private static byte[] Assemble(string body)
    {
        var directory = Path.Combine(Path.GetTempPath(), "stm32build-preflight-asm", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var source = Path.Combine(directory, "loop.s");
            File.WriteAllText(source, ".syntax unified\n.thumb\n.text\n" + body + "\n");
            ArmToolchain.RunChecked(ArmToolchain.Gcc, ["-mcpu=cortex-m7", "-mthumb", "-c", source, "-o", Path.Combine(directory, "loop.o")]);
            ArmToolchain.RunObjcopy(["-O", "binary", "-j", ".text", Path.Combine(directory, "loop.o"), Path.Combine(directory, "loop.bin")]);
            return File.ReadAllBytes(Path.Combine(directory, "loop.bin"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
