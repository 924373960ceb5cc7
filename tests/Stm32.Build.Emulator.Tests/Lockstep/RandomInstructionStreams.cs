using System.Globalization;
using System.Text;
using Stm32.Build.Emulator.Tests.Programs;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// Generates random instruction streams, per instruction class, with a seeded RNG: the instructions are written
/// as assembly text with random registers and immediates and encoded by GNU as, which keeps them valid.
/// Operands avoid SP and PC; loads and stores address a 256-byte buffer through R11. A stream is a <c>main</c>
/// that seeds R0–R10 and S0–S31 (and FPSCR modes) with random values, runs the instructions and returns.
/// Only instructions of the core's profile are drawn: no DSP or FP on the Cortex-M3, Thumb-1 on the Cortex-M0
/// (see <c>RandomInstructionStreams.Thumb1.cs</c>).
/// </summary>
public sealed partial class RandomInstructionStreams(int seed, TestCore core)
{
    private static readonly string[] Conditions = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"];
    private static readonly string[] Shifts = ["lsl", "lsr", "asr", "ror"];
    private readonly Random _rng = new(seed);

    /// <summary>The instruction classes a stream may draw from.</summary>
    public enum InstructionClass
    {
        /// <summary>Data processing with immediates, registers and shifted registers, flag-setting or not.</summary>
        DataProcessing,
        /// <summary>Multiplies, multiply-accumulates, long multiplies and divides.</summary>
        Multiply,
        /// <summary>Bit-field, extend, reverse, count-leading-zeros and saturation.</summary>
        BitManipulation,
        /// <summary>DSP extension: parallel add/subtract, SEL, Q-flag arithmetic, halfword multiplies, packing.</summary>
        Dsp,
        /// <summary>IT blocks with conditional instructions.</summary>
        IfThen,
        /// <summary>Loads and stores of every size into the buffer.</summary>
        LoadStore,
        /// <summary>FP arithmetic, conversions, compares and moves (single; double and FPv5 on the M7).</summary>
        FloatingPoint,
        /// <summary>Conditional branches over an instruction (ARMv6-M has no IT).</summary>
        ConditionalBranch,
        /// <summary>MRS/MSR of the APSR.</summary>
        StatusRegister,
    }

    private readonly TestTarget _target = TestTarget.For(core);

    /// <summary>The classes a core's profile has instructions for.</summary>
    public static IReadOnlyList<InstructionClass> ClassesFor(TestCore core)
    {
        var target = TestTarget.For(core);
        if (target.IsV6M)
        {
            return [InstructionClass.DataProcessing, InstructionClass.Multiply, InstructionClass.BitManipulation,
                InstructionClass.LoadStore, InstructionClass.ConditionalBranch, InstructionClass.StatusRegister];
        }
        var classes = new List<InstructionClass>
        {
            InstructionClass.DataProcessing, InstructionClass.Multiply, InstructionClass.BitManipulation,
            InstructionClass.IfThen, InstructionClass.LoadStore,
        };
        if (core != TestCore.M3)
        {
            classes.Add(InstructionClass.Dsp);
        }
        if (target.HasFpu)
        {
            classes.Add(InstructionClass.FloatingPoint);
        }
        return classes;
    }

    private bool HasDsp => core != TestCore.M3;

    private string R(int max = 10) => "r" + _rng.Next(0, max + 1).ToString(CultureInfo.InvariantCulture);

    private string Low() => "r" + _rng.Next(0, 8).ToString(CultureInfo.InvariantCulture);

    private string Sreg() => "s" + _rng.Next(0, 32).ToString(CultureInfo.InvariantCulture);

    private string Dreg() => "d" + _rng.Next(0, 16).ToString(CultureInfo.InvariantCulture);

    private string Pick(params string[] items) => items[_rng.Next(items.Length)];

    /// <summary>A Thumb-2 modified immediate (A5.3.2): a byte, a replicated byte pattern or a rotated 8-bit value.</summary>
    private uint ModifiedImmediate()
    {
        var b = (uint)_rng.Next(0, 256);
        return _rng.Next(5) switch
        {
            0 => b,
            1 => b * 0x00010001u,
            2 => b * 0x01000100u,
            3 => b * 0x01010101u,
            _ => (0x80u | (b & 0x7F)) << _rng.Next(0, 25),
        };
    }

    private static string Hex(uint value) => "#0x" + value.ToString("X", CultureInfo.InvariantCulture);

    private string DataProcessing()
    {
        var s = _rng.Next(2) == 0 ? "s" : string.Empty;
        var op = Pick("add", "adc", "sub", "sbc", "rsb", "and", "orr", "eor", "bic", "orn");
        return _rng.Next(4) switch
        {
            0 => $"{op}{s} {R()}, {R()}, {Hex(ModifiedImmediate())}",
            1 => $"{op}{s}.w {R()}, {R()}, {R()}",
            2 => $"{op}{s}.w {R()}, {R()}, {R()}, {Pick(Shifts)} #{_rng.Next(1, 32)}",
            _ => _rng.Next(5) switch
            {
                0 => $"{Pick("mov", "mvn")}{s}.w {R()}, {Hex(ModifiedImmediate())}",
                1 => $"movw {R()}, #{_rng.Next(0, 65536)}",
                2 => $"movt {R()}, #{_rng.Next(0, 65536)}",
                3 => $"{Pick("cmp", "cmn", "tst", "teq")}.w {R()}, {Hex(ModifiedImmediate())}",
                _ => $"{Pick(Shifts)}{s}.w {R()}, {R()}, {R()}",
            },
        };
    }

    private string Multiply()
    {
        string lo = R(), hi;
        do
        {
            hi = R();
        }
        while (hi == lo);
        return _rng.Next(HasDsp ? 6 : 4) switch
        {
            0 => $"mul {R()}, {R()}, {R()}",
            1 => $"{Pick("mla", "mls")} {R()}, {R()}, {R()}, {R()}",
            2 => $"{Pick("umull", "smull", "umlal", "smlal")} {lo}, {hi}, {R()}, {R()}",
            3 => $"{Pick("udiv", "sdiv")} {R()}, {R()}, {R()}",
            4 => $"{Pick("smulbb", "smulbt", "smultb", "smultt", "smulwb", "smulwt", "smmul", "smmulr")} {R()}, {R()}, {R()}",
            _ => $"{Pick("smlabb", "smlatt", "smlawb", "smmla", "smmls", "smlad", "smlsd")} {R()}, {R()}, {R()}, {R()}",
        };
    }

    private string BitManipulation()
    {
        var lsb = _rng.Next(0, 32);
        var width = _rng.Next(1, 33 - lsb);
        // Without the DSP extension: no SXTB16/UXTB16, no extend-and-add, no SSAT16/USAT16.
        return _rng.Next(7) switch
        {
            0 => $"{Pick("ubfx", "sbfx")} {R()}, {R()}, #{lsb}, #{width}",
            1 => $"bfi {R()}, {R()}, #{lsb}, #{width}",
            2 => $"bfc {R()}, #{lsb}, #{width}",
            3 => HasDsp
                ? $"{Pick("uxtb", "uxth", "sxtb", "sxth", "uxtb16", "sxtb16")} {R()}, {R()}, ror #{8 * _rng.Next(0, 4)}"
                : $"{Pick("uxtb", "uxth", "sxtb", "sxth")}.w {R()}, {R()}, ror #{8 * _rng.Next(0, 4)}",
            4 when HasDsp => $"{Pick("uxtab", "uxtah", "sxtab", "sxtah")} {R()}, {R()}, {R()}, ror #{8 * _rng.Next(0, 4)}",
            5 or 4 => $"{Pick("clz", "rbit", "rev", "rev16", "revsh")} {R()}, {R()}",
            _ => _rng.Next(2) == 0 || !HasDsp
                ? $"{Pick("ssat", "usat")} {R()}, #{_rng.Next(1, 32)}, {R()}, {Pick("lsl", "asr")} #{_rng.Next(1, 31)}"
                : $"{Pick("ssat16", "usat16")} {R()}, #{_rng.Next(1, 16)}, {R()}",
        };
    }

    private string Dsp() => _rng.Next(4) switch
    {
        0 => $"{Pick("sadd8", "sadd16", "ssub8", "ssub16", "uadd8", "uadd16", "usub8", "usub16", "sasx", "ssax", "uasx", "usax")} {R()}, {R()}, {R()}",
        1 => $"{Pick("qadd", "qsub", "qdadd", "qdsub", "qadd8", "qsub16", "uqadd8", "uqsub16", "shadd8", "uhsub16", "sel", "usad8")} {R()}, {R()}, {R()}",
        2 => _rng.Next(2) == 0 ? $"pkhbt {R()}, {R()}, {R()}, lsl #{_rng.Next(1, 32)}" : $"pkhtb {R()}, {R()}, {R()}, asr #{_rng.Next(1, 33)}",
        _ => $"{Pick("smlalbb", "smlaltt", "smlald", "smlsld")} {R()}, {R()}, {R()}, {R()}",
    };

    private IEnumerable<string> IfThen()
    {
        var cond = Pick(Conditions);
        var inverse = Conditions[Array.IndexOf(Conditions, cond) ^ 1];
        var yield2 = _rng.Next(2) == 0;
        yield return $"{Pick("cmp", "cmn", "tst")} {R()}, {R()}";
        yield return yield2 ? $"ite {cond}" : $"it {cond}";
        yield return $"{Pick("add", "sub", "eor", "orr", "and")}{cond} {R()}, {R()}, {R()}";
        if (yield2)
        {
            yield return _rng.Next(2) == 0 ? $"mov{inverse} {R()}, #{_rng.Next(0, 256)}" : $"add{inverse}.w {R()}, {R()}, #{_rng.Next(0, 4096)}";
        }
    }

    private IEnumerable<string> LoadStore()
    {
        var word = 4 * _rng.Next(0, 62);
        switch (_rng.Next(5))
        {
            case 0:
                yield return $"{Pick("ldr", "str")} {R()}, [r11, #{word}]";
                break;
            case 1:
                yield return $"{Pick("ldrb", "ldrsb", "strb")} {R()}, [r11, #{_rng.Next(0, 256)}]";
                break;
            case 2:
                yield return $"{Pick("ldrh", "ldrsh", "strh")} {R()}, [r11, #{2 * _rng.Next(0, 128)}]";
                break;
            case 3:
                yield return LdrdStrd(word);
                break;
            default:
                // Register offset: the index is masked into the buffer first (R12 is scratch).
                yield return $"and r12, {R()}, #0x3C";
                yield return $"{Pick("ldr", "str", "ldrh", "strb")} {R()}, [r11, r12, lsl #{_rng.Next(0, 3)}]";
                break;
        }
    }

    private string LdrdStrd(int word)
    {
        var a = _rng.Next(0, 10);
        var b = a + 1 + _rng.Next(0, 10 - a);
        return $"{Pick("ldrd", "strd")} r{a}, r{b}, [r11, #{Math.Min(word, 240)}]";
    }

    private IEnumerable<string> FloatingPoint()
    {
        var m7 = core == TestCore.M7;
        var choice = _rng.Next(m7 ? 9 : 6);
        switch (choice)
        {
            case 0:
                yield return $"{Pick("vadd", "vsub", "vmul", "vdiv", "vnmul", "vmla", "vmls", "vnmla", "vnmls", "vfma", "vfms", "vfnma", "vfnms")}.f32 {Sreg()}, {Sreg()}, {Sreg()}";
                break;
            case 1:
                yield return $"{Pick("vabs", "vneg", "vsqrt", "vmov")}.f32 {Sreg()}, {Sreg()}";
                break;
            case 2:
                yield return $"{Pick("vcmp", "vcmpe")}.f32 {Sreg()}, {(_rng.Next(3) == 0 ? "#0" : Sreg())}";
                yield return "vmrs APSR_nzcv, fpscr";
                break;
            case 3:
                yield return Pick(
                    $"vcvt.s32.f32 {Sreg()}, {Sreg()}", $"vcvt.u32.f32 {Sreg()}, {Sreg()}", $"vcvtr.s32.f32 {Sreg()}, {Sreg()}",
                    $"vcvt.f32.s32 {Sreg()}, {Sreg()}", $"vcvt.f32.u32 {Sreg()}, {Sreg()}",
                    $"vcvtb.f16.f32 {Sreg()}, {Sreg()}", $"vcvtt.f32.f16 {Sreg()}, {Sreg()}");
                break;
            case 4:
                {
                    var s = Sreg();
                    yield return Pick($"vcvt.s32.f32 {s}, {s}, #{_rng.Next(1, 33)}", $"vcvt.f32.u16 {s}, {s}, #{_rng.Next(1, 17)}", $"vcvt.f32.s32 {s}, {s}, #{_rng.Next(1, 33)}");
                    break;
                }
            case 5:
                yield return Pick($"vmov {R()}, {Sreg()}", $"vmov {Sreg()}, {R()}", $"vmov.f32 {Sreg()}, #{Pick("1.0", "-2.5", "0.125", "31.0")}");
                break;
            case 6:
                yield return $"{Pick("vadd", "vsub", "vmul", "vdiv", "vfma", "vnmls", "vmla")}.f64 {Dreg()}, {Dreg()}, {Dreg()}";
                break;
            case 7:
                yield return Pick(
                    $"vsqrt.f64 {Dreg()}, {Dreg()}", $"vcvt.f64.f32 {Dreg()}, {Sreg()}", $"vcvt.f32.f64 {Sreg()}, {Dreg()}",
                    $"vcvt.s32.f64 {Sreg()}, {Dreg()}", $"vcvt.f64.u32 {Dreg()}, {Sreg()}", $"vcmpe.f64 {Dreg()}, {Dreg()}");
                break;
            default:
                yield return Pick(
                    $"{Pick("vmaxnm", "vminnm")}.f32 {Sreg()}, {Sreg()}, {Sreg()}",
                    $"vsel{Pick("eq", "vs", "ge", "gt")}.f32 {Sreg()}, {Sreg()}, {Sreg()}",
                    $"{Pick("vrinta", "vrintn", "vrintp", "vrintm")}.f32 {Sreg()}, {Sreg()}",
                    $"{Pick("vrintz", "vrintx", "vrintr")}.f32 {Sreg()}, {Sreg()}",
                    $"{Pick("vcvta", "vcvtn", "vcvtp", "vcvtm")}.s32.f32 {Sreg()}, {Sreg()}",
                    $"{Pick("vrinta", "vrintm")}.f64 {Dreg()}, {Dreg()}");
                break;
        }
    }

    private static readonly uint[] FpSpecials =
    [
        0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7F800001, 0xFFC00123,
        0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0x4B000000, 0x3F000000, 0x40490FDB, 0x4F000000, 0xCF000001,
    ];

    private uint RandomFpBits() => _rng.Next(3) switch
    {
        0 => FpSpecials[_rng.Next(FpSpecials.Length)],
        1 => BitConverter.SingleToUInt32Bits((float)((_rng.NextDouble() - 0.5) * Math.Pow(2, _rng.Next(-10, 33)))),
        _ => (uint)_rng.NextInt64(0, 1L << 32),
    };

    /// <summary>Builds the assembly source of a stream of <paramref name="count"/> instructions from <paramref name="classes"/>.</summary>
    public string Generate(IReadOnlyList<InstructionClass> classes, int count)
    {
        if (_target.IsV6M)
        {
            return GenerateThumb1(classes, count);
        }
        var fp = classes.Contains(InstructionClass.FloatingPoint);
        var sb = new StringBuilder();
        sb.AppendLine(".syntax unified").AppendLine(".thumb");
        sb.AppendLine(".bss").AppendLine(".balign 8").AppendLine("buffer: .space 256");
        sb.AppendLine(".text").AppendLine(".global main").AppendLine(".type main, %function").AppendLine(".thumb_func").AppendLine("main:");
        sb.AppendLine("  push {r4-r11, lr}");
        sb.AppendLine("  ldr r11, =buffer");
        for (var i = 0; i < 64; i++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r0, =0x{(uint)_rng.NextInt64(0, 1L << 32):X8}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  str r0, [r11, #{4 * i}]");
        }
        if (fp)
        {
            for (var i = 0; i < 32; i++)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r0, =0x{RandomFpBits():X8}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"  vmov s{i}, r0");
            }
        }
        for (var i = 0; i <= 10; i++)
        {
            var value = _rng.Next(4) == 0 ? (uint)_rng.Next(-4, 5) : (uint)_rng.NextInt64(0, 1L << 32);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r{i}, =0x{value:X8}");
        }
        sb.AppendLine("  b 1f").AppendLine("  .ltorg").AppendLine("1:");
        var emitted = 0;
        var block = 0;
        while (emitted < count)
        {
            if (fp && emitted >= block * 40)
            {
                // A new FPSCR mode every 40 instructions: rounding mode, FZ and DN at random (flags cleared).
                var mode = ((uint)_rng.Next(4) << 22) | (_rng.Next(3) == 0 ? 1u << 24 : 0) | (_rng.Next(3) == 0 ? 1u << 25 : 0);
                sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r12, =0x{mode:X8}");
                sb.AppendLine("  vmsr fpscr, r12");
                block++;
            }
            var cls = classes[_rng.Next(classes.Count)];
            IEnumerable<string> lines = cls switch
            {
                InstructionClass.DataProcessing => [DataProcessing()],
                InstructionClass.Multiply => [Multiply()],
                InstructionClass.BitManipulation => [BitManipulation()],
                InstructionClass.Dsp => [Dsp()],
                InstructionClass.IfThen => IfThen(),
                InstructionClass.LoadStore => LoadStore(),
                InstructionClass.FloatingPoint => FloatingPoint(),
                _ => throw new ArgumentOutOfRangeException(nameof(classes), cls, "not an ARMv7-M class"),
            };
            foreach (var line in lines)
            {
                sb.Append("  ").AppendLine(line);
                emitted++;
            }
            if (emitted % 200 < 2)
            {
                sb.AppendLine("  b 1f").AppendLine("  .ltorg").AppendLine("1:");
            }
        }
        sb.AppendLine("  pop {r4-r11, pc}");
        sb.AppendLine("  .ltorg");
        sb.AppendLine(".size main, . - main");
        return sb.ToString();
    }
}
