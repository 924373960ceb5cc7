using System.Globalization;
using System.Text;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// Thumb-1 streams for ARMv6-M (DDI0419 A5.2): the 16-bit instructions on R0–R6 (R7 holds the 128-byte buffer), the
/// high-register MOV/ADD/CMP forms with R8–R10, and MRS/MSR of the APSR. Flags are always set (no IT block exists).
/// </summary>
public sealed partial class RandomInstructionStreams
{
    private static readonly string[] Thumb1Conditions = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"];

    private string Lo6() => "r" + _rng.Next(0, 7).ToString(CultureInfo.InvariantCulture);

    private string High() => "r" + _rng.Next(8, 11).ToString(CultureInfo.InvariantCulture);

    private IEnumerable<string> Thumb1DataProcessing()
    {
        switch (_rng.Next(6))
        {
            case 0:
                yield return $"{Pick("ands", "eors", "adcs", "sbcs", "rors", "orrs", "bics", "mvns", "lsls", "lsrs", "asrs")} {Lo6()}, {Lo6()}";
                break;
            case 1:
                yield return $"{Pick("tst", "cmp", "cmn")} {Lo6()}, {Lo6()}";
                break;
            case 2:
                yield return _rng.Next(2) == 0
                    ? $"{Pick("lsls", "lsrs", "asrs")} {Lo6()}, {Lo6()}, #{_rng.Next(1, 32)}"
                    : $"negs {Lo6()}, {Lo6()}";
                break;
            case 3:
                yield return _rng.Next(3) switch
                {
                    0 => $"{Pick("adds", "subs")} {Lo6()}, {Lo6()}, #{_rng.Next(0, 8)}",
                    1 => $"{Pick("adds", "subs", "movs", "cmp")} {Lo6()}, #{_rng.Next(0, 256)}",
                    _ => $"{Pick("adds", "subs")} {Lo6()}, {Lo6()}, {Lo6()}",
                };
                break;
            case 4:
                // High registers: MOV, ADD (not both low), CMP (one of them high).
                yield return _rng.Next(4) switch
                {
                    0 => $"mov {High()}, {Lo6()}",
                    1 => $"mov {Lo6()}, {High()}",
                    2 => $"add {(_rng.Next(2) == 0 ? High() : Lo6())}, {High()}",
                    _ => _rng.Next(2) == 0 ? $"cmp {High()}, {Lo6()}" : $"cmp {Lo6()}, {High()}",
                };
                break;
            default:
                yield return $"movs {Lo6()}, {Lo6()}";
                break;
        }
    }

    private IEnumerable<string> Thumb1LoadStore()
    {
        switch (_rng.Next(6))
        {
            case 0:
                yield return $"{Pick("ldr", "str")} {Lo6()}, [r7, #{4 * _rng.Next(0, 32)}]";
                break;
            case 1:
                yield return $"{Pick("ldrb", "strb")} {Lo6()}, [r7, #{_rng.Next(0, 32)}]";
                break;
            case 2:
                yield return $"{Pick("ldrh", "strh")} {Lo6()}, [r7, #{2 * _rng.Next(0, 32)}]";
                break;
            case 3:
            {
                // Register offset, aligned for the access size (unaligned accesses always fault on ARMv6-M).
                var index = Lo6();
                var op = Pick("ldr", "str", "ldrh", "strh", "ldrb", "strb", "ldrsb", "ldrsh");
                var scale = op is "ldr" or "str" ? 4 : op is "ldrb" or "strb" or "ldrsb" ? 1 : 2;
                yield return $"movs {index}, #{scale * _rng.Next(0, 128 / scale)}";
                string target;
                do
                {
                    target = Lo6();
                }
                while (target == index && !op.StartsWith("ld", StringComparison.Ordinal));
                yield return $"{op} {target}, [r7, {index}]";
                break;
            }
            case 4:
            {
                // LDM/STM through a copy of the buffer pointer in R6 (not in the list), at most three registers.
                var offset = 4 * _rng.Next(0, 29);
                var list = string.Join(", ", Enumerable.Range(0, 6).OrderBy(_ => _rng.Next()).Take(_rng.Next(1, 4)).Order().Select(r => "r" + r.ToString(CultureInfo.InvariantCulture)));
                yield return "mov r6, r7";
                yield return $"adds r6, #{offset}";
                yield return $"{Pick("ldmia", "stmia")} r6!, {{{list}}}";
                break;
            }
            default:
            {
                var a = _rng.Next(0, 6);
                var b = _rng.Next(0, 6);
                yield return $"push {{r{a}, r{Math.Min(a + 1 + _rng.Next(0, 2), 6)}}}";
                yield return $"pop {{r{b}, r{Math.Min(b + 1, 6)}}}";
                break;
            }
        }
    }

    private IEnumerable<string> Thumb1ConditionalBranch()
    {
        yield return $"{Pick("cmp", "tst", "cmn")} {Lo6()}, {Lo6()}";
        yield return $"b{Pick(Thumb1Conditions)} 2f";
        foreach (var line in Thumb1DataProcessing())
        {
            yield return line;
        }
        yield return "2:";
    }

    private IEnumerable<string> Thumb1StatusRegister()
    {
        if (_rng.Next(2) == 0)
        {
            yield return $"mrs {Lo6()}, apsr";
            yield break;
        }
        // N, Z, C and V from a random nibble; ARMv6-M has no Q flag, so bit 27 stays clear.
        var r = Lo6();
        yield return $"movs {r}, #{_rng.Next(0, 16)}";
        yield return $"lsls {r}, {r}, #28";
        yield return $"msr APSR_nzcvq, {r}";
    }

    private string GenerateThumb1(IReadOnlyList<InstructionClass> classes, int count)
    {
        var sb = new StringBuilder();
        sb.AppendLine(".syntax unified").AppendLine(".thumb");
        sb.AppendLine(".bss").AppendLine(".balign 8").AppendLine("buffer: .space 128");
        sb.AppendLine(".text").AppendLine(".global main").AppendLine(".type main, %function").AppendLine(".thumb_func").AppendLine("main:");
        sb.AppendLine("  push {r4-r7, lr}");
        sb.AppendLine("  mov r0, r8").AppendLine("  mov r1, r9").AppendLine("  mov r2, r10").AppendLine("  push {r0-r2}");
        sb.AppendLine("  ldr r7, =buffer");
        for (var i = 0; i < 32; i++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r0, =0x{(uint)_rng.NextInt64(0, 1L << 32):X8}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  str r0, [r7, #{4 * i}]");
            if (i % 16 == 15)
            {
                sb.AppendLine("  b 1f").AppendLine("  .ltorg").AppendLine("1:");
            }
        }
        for (var i = 8; i <= 10; i++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r0, =0x{(uint)_rng.NextInt64(0, 1L << 32):X8}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  mov r{i}, r0");
        }
        for (var i = 0; i <= 6; i++)
        {
            var value = _rng.Next(4) == 0 ? (uint)_rng.Next(-4, 5) : (uint)_rng.NextInt64(0, 1L << 32);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  ldr r{i}, =0x{value:X8}");
        }
        sb.AppendLine("  b 1f").AppendLine("  .ltorg").AppendLine("1:");
        var emitted = 0;
        var sincePool = 0;
        while (emitted < count)
        {
            var cls = classes[_rng.Next(classes.Count)];
            IEnumerable<string> lines = cls switch
            {
                InstructionClass.DataProcessing => Thumb1DataProcessing(),
                InstructionClass.Multiply => [MultiplyThumb1()],
                InstructionClass.BitManipulation => [$"{Pick("sxtb", "sxth", "uxtb", "uxth", "rev", "rev16", "revsh")} {Lo6()}, {Lo6()}"],
                InstructionClass.LoadStore => Thumb1LoadStore(),
                InstructionClass.ConditionalBranch => Thumb1ConditionalBranch(),
                InstructionClass.StatusRegister => Thumb1StatusRegister(),
                _ => throw new ArgumentOutOfRangeException(nameof(classes), cls, "not an ARMv6-M class"),
            };
            foreach (var line in lines)
            {
                sb.Append("  ").AppendLine(line);
                emitted++;
                sincePool++;
            }
            if (sincePool > 80)
            {
                sb.AppendLine("  b 1f").AppendLine("  .ltorg").AppendLine("1:");
                sincePool = 0;
            }
        }
        sb.AppendLine("  pop {r0-r2}").AppendLine("  mov r8, r0").AppendLine("  mov r9, r1").AppendLine("  mov r10, r2");
        sb.AppendLine("  pop {r4-r7, pc}");
        sb.AppendLine("  .ltorg");
        sb.AppendLine(".size main, . - main");
        return sb.ToString();
    }

    private string MultiplyThumb1()
    {
        var d = Lo6();
        return $"muls {d}, {Lo6()}, {d}";
    }
}
