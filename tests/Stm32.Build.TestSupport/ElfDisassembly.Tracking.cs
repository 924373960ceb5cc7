using System.Globalization;
using System.Text.RegularExpressions;

namespace Stm32.Build.TestSupport;

public sealed partial class ElfDisassembly
{
    private static readonly HashSet<string> s_nonWriting = new(StringComparer.Ordinal)
    {
        "cmp", "cmn", "tst", "teq", "cbz", "cbnz", "b", "b.n", "b.w", "bx", "nop", "dsb", "isb", "dmb", "wfi", "wfe",
        "sev", "cpsid", "cpsie", "push", "bkpt", "svc", ".word", ".short", "udf",
    };

    private const int Lr = 14;
    private const int Pc = 15;

    // Forward register tracking over one function in address order. Registers: r0-r12, sp (13), lr, pc.
    // Each register also carries an identity, shared by copies (mov rA, rB), so that what a compare-and-branch
    // tells about one register on the fall-through path (cmp rX, #n; bne -> rX == n; cbnz rX -> rX == 0) is
    // known for its copies too.
    private void Track(string function, Action<Instruction, uint?[]> beforeEach, Action<MemoryAccess> access)
    {
        var regs = new uint?[16];
        var ids = new int[16];
        int nextId = 0;
        for (int r = 0; r < ids.Length; r++)
        {
            ids[r] = ++nextId;
        }
        void Forget(int r)
        {
            regs[r] = null;
            ids[r] = ++nextId;
        }
        void Learn(int id, uint value)
        {
            for (int r = 0; r < regs.Length; r++)
            {
                if (ids[r] == id)
                {
                    regs[r] = value;
                }
            }
        }
        (int Id, uint Value)? compared = null;
        foreach (var insn in Function(function))
        {
            beforeEach(insn, regs);
            string m = insn.Mnemonic;
            var ops = SplitOperands(insn.Operands);
            var lastCompare = compared;
            compared = null;
            if (m is "bl" or "blx")
            {
                foreach (int r in new[] { 0, 1, 2, 3, 12, Lr })
                {
                    Forget(r);
                }
                continue;
            }
            if (m is "cmp" && ops.Count == 2 && Register(ops[0]) is int rc && Immediate(ops[1]) is uint n)
            {
                compared = (ids[rc], n);
                continue;
            }
            if (m is "bne" or "bne.n" or "bne.w" && lastCompare is { } c)
            {
                Learn(c.Id, c.Value);
                continue;
            }
            if (m is "cbnz" && ops.Count == 2 && Register(ops[0]) is int rz)
            {
                Learn(ids[rz], 0u);
                continue;
            }
            if (m.StartsWith("it", StringComparison.Ordinal) || s_nonWriting.Contains(m) || IsConditionalBranch(m))
            {
                continue;
            }
            if (m.StartsWith("pop", StringComparison.Ordinal) || m.StartsWith("ldm", StringComparison.Ordinal))
            {
                var list = RegisterList().Match(insn.Operands);
                bool returns = list.Success && list.Groups[1].Value.Contains("pc", StringComparison.Ordinal);
                if (!returns)
                {
                    foreach (var r in list.Success ? list.Groups[1].Value.Split(',') : [])
                    {
                        if (Register(r) is int popped)
                        {
                            Forget(popped);
                        }
                    }
                }
                continue;
            }
            bool isLoad = m.StartsWith("ldr", StringComparison.Ordinal);
            bool isStore = m.StartsWith("str", StringComparison.Ordinal);
            if (isLoad || isStore)
            {
                var before = (uint?[])regs.Clone();
                HandleMemory(insn, ops, regs, isStore, access);
                for (int r = 0; r < regs.Length; r++)
                {
                    if (regs[r] != before[r] || (!isStore && regs[r] is null && Register(ops[0]) == r))
                    {
                        ids[r] = ++nextId;   // loaded (or written back): a new value
                    }
                }
                continue;
            }
            if (ops.Count == 0 || Register(ops[0]) is not int rd)
            {
                continue;
            }
            if (m is "mov" or "movs" && ops.Count == 2 && Register(ops[1]) is int rs)
            {
                regs[rd] = regs[rs];
                ids[rd] = ids[rs];
                continue;
            }
            var value = Evaluate(m, ops, regs);
            Forget(rd);
            regs[rd] = value;
        }
    }

    private void HandleMemory(Instruction insn, List<string> ops, uint?[] regs, bool isStore, Action<MemoryAccess> access)
    {
        bool pair = insn.Mnemonic.StartsWith("ldrd", StringComparison.Ordinal) || insn.Mnemonic.StartsWith("strd", StringComparison.Ordinal);
        if (!isStore && insn.Operands.Contains("[pc", StringComparison.Ordinal) && insn.Target is uint slot && Register(ops[0]) is int lit)
        {
            regs[lit] = _image.ReadUInt32(slot);
            return;
        }
        var mem = MemoryOperand().Match(insn.Operands);
        if (mem.Success && Register(mem.Groups[1].Value) is int rb && regs[rb] is uint baseValue)
        {
            int offset = mem.Groups[2].Success ? int.Parse(mem.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            bool preIndexed = !insn.Operands.Contains("],", StringComparison.Ordinal);
            uint address = preIndexed ? unchecked(baseValue + (uint)offset) : baseValue;
            access(new MemoryAccess(insn.Address, address, isStore, isStore && Register(ops[0]) is int rs ? regs[rs] : null));
            if (insn.Operands.EndsWith('!') || !preIndexed)
            {
                regs[rb] = unchecked(baseValue + (uint)offset);
            }
        }
        else if (mem.Success && Register(mem.Groups[1].Value) is int rbUnknown && insn.Operands.Contains('!', StringComparison.Ordinal))
        {
            regs[rbUnknown] = null;
        }
        if (!isStore)
        {
            if (Register(ops[0]) is int rt)
            {
                regs[rt] = null;
            }
            if (pair && ops.Count > 1 && Register(ops[1]) is int rt2)
            {
                regs[rt2] = null;
            }
        }
    }

    private static uint? Evaluate(string m, List<string> ops, uint?[] regs)
    {
        string op = m.Split('.')[0];
        if (ConditionalDataProcessing().IsMatch(op))
        {
            return null; // conditional (inside an IT block): the value depends on the path
        }
        uint? Value(string operand) => Immediate(operand) ?? (Register(operand) is int r ? regs[r] : null);
        switch (op)
        {
            case "mov" or "movs" or "movw" when ops.Count == 2:
                return Value(ops[1]);
            case "movt" when ops.Count == 2 && Register(ops[0]) is int rt && regs[rt] is uint low && Immediate(ops[1]) is uint high:
                return (low & 0xFFFFu) | (high << 16);
            case "add" or "adds" or "addw" when ops.Count == 3:
                return Value(ops[1]) is uint a && Value(ops[2]) is uint b ? unchecked(a + b) : null;
            case "add" or "adds" when ops.Count == 2:
                return Register(ops[0]) is int ra && regs[ra] is uint a2 && Value(ops[1]) is uint b2 ? unchecked(a2 + b2) : null;
            case "sub" or "subs" or "subw" when ops.Count == 3:
                return Value(ops[1]) is uint s1 && Value(ops[2]) is uint s2 ? unchecked(s1 - s2) : null;
            case "orr" or "orrs" when ops.Count == 3:
                return Value(ops[1]) is uint o1 && Value(ops[2]) is uint o2 ? o1 | o2 : null;
            case "orr" or "orrs" when ops.Count == 2:
                return Register(ops[0]) is int ro && regs[ro] is uint o3 && Value(ops[1]) is uint o4 ? o3 | o4 : null;
            case "lsl" or "lsls" when ops.Count == 3:
                return Value(ops[1]) is uint l1 && Immediate(ops[2]) is uint l2 && l2 < 32 ? l1 << (int)l2 : null;
            case "lsr" or "lsrs" when ops.Count == 3:
                return Value(ops[1]) is uint r1 && Immediate(ops[2]) is uint r2 && r2 < 32 ? r1 >> (int)r2 : null;
            default:
                return null;
        }
    }

    private static bool IsConditionalBranch(string m) => ConditionalBranch().IsMatch(m);

    private static List<string> SplitOperands(string operands)
    {
        var result = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < operands.Length; i++)
        {
            char c = operands[i];
            if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                result.Add(operands[start..i].Trim());
                start = i + 1;
            }
        }
        if (start < operands.Length)
        {
            result.Add(operands[start..].Trim());
        }
        return result;
    }

    private static int? Register(string operand)
    {
        var r = RegisterName().Match(operand.Trim());
        if (!r.Success)
        {
            return null;
        }
        return r.Groups[1].Value switch
        {
            "sp" => 13,
            "lr" => Lr,
            "pc" => Pc,
            "ip" => 12,
            "fp" => 11,
            "sl" => 10,
            "sb" => 9,
            var n => int.Parse(n[1..], CultureInfo.InvariantCulture),
        };
    }

    private static uint? Immediate(string operand)
    {
        var m = ImmediateValue().Match(operand.Trim());
        if (!m.Success)
        {
            return null;
        }
        string v = m.Groups[1].Value;
        return v.StartsWith("-", StringComparison.Ordinal)
            ? unchecked((uint)int.Parse(v, CultureInfo.InvariantCulture))
            : v.StartsWith("0x", StringComparison.Ordinal)
                ? uint.Parse(v[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : uint.Parse(v, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex RegisterList();

    [GeneratedRegex(@"^([0-9a-f]{8}) <([^>]+)>:$")]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"\(([0-9a-f]+) <([^>+]+)(\+0x[0-9a-f]+)?>\)")]
    private static partial Regex CommentTarget();

    [GeneratedRegex(@"^([0-9a-f]+) <([^>+]+)(\+0x[0-9a-f]+)?>$")]
    private static partial Regex BranchTarget();

    [GeneratedRegex(@"\[(\w+)(?:,\s*#(-?\d+))?\]")]
    private static partial Regex MemoryOperand();

    [GeneratedRegex(@"^(r\d{1,2}|sp|lr|pc|ip|fp|sl|sb)$")]
    private static partial Regex RegisterName();

    [GeneratedRegex(@"^#(-?(?:0x[0-9a-f]+|\d+))$")]
    private static partial Regex ImmediateValue();

    [GeneratedRegex(@"^b(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)(\.[nw])?$")]
    private static partial Regex ConditionalBranch();

    // Inside an IT block objdump prints the condition after the base mnemonic (movne, addeq).
    [GeneratedRegex(@"^(mov|mvn|add|sub|orr|and|bic|eor|lsl|lsr|asr|ror|mul|neg|rsb|adc|sbc)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)$")]
    private static partial Regex ConditionalDataProcessing();
}
