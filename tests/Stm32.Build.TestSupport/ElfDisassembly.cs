using System.Globalization;
using System.Text.RegularExpressions;
using Stm32.Build.Images;

namespace Stm32.Build.TestSupport;

/// <summary>One disassembled Thumb instruction (or a <c>.word</c> literal) of <c>arm-none-eabi-objdump -d</c>.</summary>
/// <param name="Address">The instruction's address.</param>
/// <param name="Mnemonic">The mnemonic as objdump prints it (<c>ldr.w</c>, <c>bl</c>, <c>movne</c>, <c>.word</c>).</param>
/// <param name="Operands">The operands without objdump's trailing comment.</param>
/// <param name="Target">The address in objdump's comment or branch operand (literal-pool slot, branch target), if any.</param>
/// <param name="TargetSymbol">The symbol objdump names for <paramref name="Target"/> (<c>HAL_GetTick</c>), if any.</param>
public sealed record Instruction(uint Address, string Mnemonic, string Operands, uint? Target, string? TargetSymbol);

/// <summary>A load or store whose address the register tracking of <see cref="ElfDisassembly"/> resolved.</summary>
/// <param name="InstructionAddress">Where the load/store instruction is.</param>
/// <param name="Address">The memory address it accesses (base register value + offset).</param>
/// <param name="IsStore">True for <c>str*</c>, false for <c>ldr*</c>.</param>
/// <param name="Value">For a store, the value stored when the tracking knows it (the first register of
/// <c>strd</c>); null otherwise.</param>
public sealed record MemoryAccess(uint InstructionAddress, uint Address, bool IsStore, uint? Value = null);

/// <summary>
/// The disassembly of an ELF by <c>arm-none-eabi-objdump -d</c>, per function, with a small forward register
/// tracking that resolves what the compiler hides behind literal pools and base registers: the values loaded
/// from literal pools (<c>ldr rX, [pc, #n]</c>, read from the image), <c>mov</c>/<c>movw</c>/<c>movt</c>
/// immediates, <c>add</c>/<c>sub</c>/<c>orr</c> with immediates, and so the addresses (and stored values) of
/// <c>ldr</c>/<c>str rT, [rB, #off]</c> and the value of <c>r0</c> at each <c>bl</c>. The tracking is linear
/// (branches are not followed): a register keeps its value until an instruction writes it; <c>bl</c> clobbers
/// r0-r3, r12 and lr; a <c>pop</c> that loads pc is a return, after which the code that follows (reached by a
/// branch from the body) sees the registers as they were before it.
/// </summary>
public sealed partial class ElfDisassembly
{
    private readonly Dictionary<string, List<Instruction>> _functions;
    private readonly FirmwareImage _image;

    private ElfDisassembly(Dictionary<string, List<Instruction>> functions, FirmwareImage image)
    {
        _functions = functions;
        _image = image;
    }

    /// <summary>The names of the disassembled functions (objdump's <c>&lt;name&gt;:</c> labels).</summary>
    public IEnumerable<string> FunctionNames => _functions.Keys;

    /// <summary>Runs objdump on <paramref name="elf"/> and parses its output.</summary>
    public static ElfDisassembly Of(string elf)
    {
        var text = ArmToolchain.RunChecked(ArmToolchain.Objdump, ["-d", "--no-show-raw-insn", elf]).StandardOutput;
        var functions = new Dictionary<string, List<Instruction>>(StringComparer.Ordinal);
        List<Instruction>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var label = LabelLine().Match(line);
            if (label.Success)
            {
                current = [];
                functions[label.Groups[2].Value] = current;
                continue;
            }
            var insn = InstructionLine().Match(line);
            if (!insn.Success || current is null)
            {
                continue;
            }
            uint address = uint.Parse(insn.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string mnemonic = insn.Groups[2].Value;
            string rest = insn.Groups[3].Value;
            string operands = rest;
            uint? target = null;
            string? symbol = null;
            int at = rest.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                operands = rest[..at].Trim();
                var comment = CommentTarget().Match(rest[at..]);
                if (comment.Success)
                {
                    target = uint.Parse(comment.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    symbol = comment.Groups[2].Value;
                }
            }
            var branch = BranchTarget().Match(operands);
            if (target is null && branch.Success)
            {
                target = uint.Parse(branch.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                symbol = branch.Groups[2].Value;
            }
            current.Add(new Instruction(address, mnemonic, operands.Trim(), target, symbol));
        }
        return new ElfDisassembly(functions, ImageReader.Read(elf));
    }

    /// <summary>True when objdump printed a function (or label) named <paramref name="name"/>.</summary>
    public bool HasFunction(string name) => _functions.ContainsKey(name);

    /// <summary>The instructions of <paramref name="name"/>; throws when there is no such function.</summary>
    public IReadOnlyList<Instruction> Function(string name) =>
        _functions.TryGetValue(name, out var list) ? list : throw new KeyNotFoundException($"no function '{name}' in the disassembly");

    /// <summary>The 32-bit values <paramref name="function"/> loads from its literal pool.</summary>
    public IReadOnlyList<uint> LiteralsIn(string function) =>
        [.. Function(function).Where(IsLiteralLoad).Select(i => _image.ReadUInt32(i.Target!.Value)).OfType<uint>()];

    /// <summary>Every literal value loaded by any function of the image.</summary>
    public IReadOnlySet<uint> AllLiterals() => _functions.Keys.SelectMany(LiteralsIn).ToHashSet();

    /// <summary>True when <paramref name="function"/> has a <c>bl</c>/<c>b.w</c> to <paramref name="callee"/>.</summary>
    public bool Calls(string function, string callee) =>
        Function(function).Any(i => i.Mnemonic is "bl" or "b.w" or "b" && i.TargetSymbol == callee);

    /// <summary>True when <paramref name="function"/> contains an instruction with this exact mnemonic.</summary>
    public bool Contains(string function, string mnemonic) =>
        Function(function).Any(i => string.Equals(i.Mnemonic, mnemonic, StringComparison.Ordinal));

    /// <summary>The names of the functions containing an instruction with this exact mnemonic.</summary>
    public IReadOnlyList<string> FunctionsContaining(string mnemonic) =>
        [.. _functions.Where(f => f.Value.Any(i => i.Mnemonic == mnemonic)).Select(f => f.Key)];

    /// <summary>For each call of <paramref name="callee"/> in <paramref name="function"/>, the value of r0 at the
    /// call when the tracking knows it (null when it does not).</summary>
    public IReadOnlyList<uint?> R0AtCallsTo(string function, string callee)
    {
        var result = new List<uint?>();
        Track(function, (insn, regs) =>
        {
            if (insn.Mnemonic == "bl" && insn.TargetSymbol == callee)
            {
                result.Add(regs[0]);
            }
        }, _ => { });
        return result;
    }

    /// <summary>For each call of <paramref name="callee"/> in <paramref name="function"/>, the value of register
    /// <paramref name="register"/> (0-12) at the call when the tracking knows it.</summary>
    public IReadOnlyList<uint?> RegisterAtCallsTo(string function, string callee, int register)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(register);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(register, 12);
        var result = new List<uint?>();
        Track(function, (insn, regs) =>
        {
            if (insn.Mnemonic == "bl" && insn.TargetSymbol == callee)
            {
                result.Add(regs[register]);
            }
        }, _ => { });
        return result;
    }

    /// <summary>Every register value the tracking knows at some point of <paramref name="function"/> (literal-pool
    /// loads, immediates moved, shifted or combined: the constants the code builds).</summary>
    public IReadOnlySet<uint> KnownValuesIn(string function)
    {
        var result = new HashSet<uint>();
        Track(function, (_, regs) =>
        {
            foreach (var value in regs)
            {
                if (value is uint v)
                {
                    result.Add(v);
                }
            }
        }, _ => { });
        return result;
    }

    /// <summary>The loads and stores of <paramref name="function"/> whose address the tracking resolved.</summary>
    public IReadOnlyList<MemoryAccess> AccessesIn(string function)
    {
        var result = new List<MemoryAccess>();
        Track(function, (_, _) => { }, result.Add);
        return result;
    }

    private static bool IsLiteralLoad(Instruction i) =>
        i.Mnemonic.StartsWith("ldr", StringComparison.Ordinal) && i.Operands.Contains("[pc", StringComparison.Ordinal) && i.Target is not null;
}
