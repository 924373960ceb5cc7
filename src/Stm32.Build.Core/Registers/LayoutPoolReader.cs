namespace Stm32.Build.Registers;

/// <summary>
/// Reads a layout pool file (<c>POOL.layouts.txt</c>, docs/registers.md "Format"):
/// <code>
/// layout ID
/// r NAME OFFSET RESET [ACCESS] [size=BITS] [mask=HEX] [WRITE] [READ] [+STEP]
/// f NAME HIGH[:LOW] [ACCESS] [WRITE] [READ] [+STEP]
/// </code>
/// A name with <c>{FIRST-LAST}</c> stands for one element per index, each <c>+STEP</c> further (hex bytes for
/// registers, decimal bits for fields). A field's access and side effects default to its register's.
/// </summary>
internal static class LayoutPoolReader
{
    private const int MaxArray = 1024;

    /// <summary>Every layout of a pool file by id, parsed now (tests and tools; tables use <see cref="LayoutPool"/>).</summary>
    public static Dictionary<string, RegisterLayout> Read(string text, string file)
    {
        var pool = LayoutPool.Index(System.Text.Encoding.UTF8.GetBytes(text), file);
        return pool.Ids.ToDictionary(id => id, id => pool.Get(id)!, StringComparer.Ordinal);
    }

    /// <summary>Parses one <c>layout</c> block: its <c>r</c> and <c>f</c> lines, which start after line <paramref name="linesBefore"/>.</summary>
    public static RegisterLayout ReadBlock(string id, ReadOnlySpan<char> block, string file, int linesBefore)
    {
        var reader = new TableLineReader(block, file, TableLineReader.CreateBuffer(), linesBefore);
        var pending = new List<PendingRegister>();
        while (reader.MoveNext())
        {
            switch (reader.Token(0))
            {
                case "r":
                    pending.Add(ReadRegister(ref reader));
                    break;
                case "f":
                    if (pending.Count == 0)
                    {
                        throw reader.Error("a field before the first register of its layout");
                    }
                    ReadField(ref reader, pending[^1]);
                    break;
                default:
                    throw reader.Error($"unknown line kind '{reader.Token(0)}' (expected layout, r or f)");
            }
        }
        if (pending.Count == 0)
        {
            throw reader.Error($"layout {id} has no registers");
        }
        var registers = new List<RegisterDefinition>();
        foreach (var register in pending)
        {
            var fields = register.Fields.ToArray();
            for (var i = 0; i < register.Names.Count; i++)
            {
                registers.Add(new RegisterDefinition(register.Names[i], unchecked(register.Offset + (uint)i * register.Step), register.SizeBits,
                    register.Reset, register.Mask, register.Access, register.Write, register.Read, fields));
            }
        }
        return new RegisterLayout(id, [.. registers.OrderBy(r => r.Offset)]);
    }

    private static PendingRegister ReadRegister(ref TableLineReader reader)
    {
        var register = new PendingRegister
        {
            Names = Names(ref reader, reader.Token(1)),
            Offset = reader.Hex(2),
            Reset = reader.Hex(3),
        };
        for (var i = 4; i < reader.TokenCount; i++)
        {
            var token = reader.Token(i);
            if (token.StartsWith("size="))
            {
                var size = reader.Decimal(token[5..], i, 32);
                register.SizeBits = size is 8 or 16 or 32 ? size : throw reader.Error($"register size {size} is not 8, 16 or 32");
            }
            else if (token.StartsWith("mask="))
            {
                register.Mask = reader.Hex(token[5..], i);
            }
            else if (token[0] == '+')
            {
                register.Step = reader.Hex(token[1..], i);
            }
            else if (!TableCodes.TryAccess(token, ref register.Access) && !TableCodes.TryWrite(token, ref register.Write) && !TableCodes.TryRead(token, ref register.Read))
            {
                throw reader.Error($"unknown register attribute '{token}'");
            }
        }
        if (register.Names.Count > 1 && register.Step == 0)
        {
            throw reader.Error("a register array needs +STEP");
        }
        return register;
    }

    private static void ReadField(ref TableLineReader reader, PendingRegister register)
    {
        var names = Names(ref reader, reader.Token(1));
        var bits = reader.Token(2);
        var colon = bits.IndexOf(':');
        var high = reader.Decimal(colon < 0 ? bits : bits[..colon], 2, 31);
        var low = colon < 0 ? high : reader.Decimal(bits[(colon + 1)..], 2, 31);
        var access = register.Access;
        var write = register.Write;
        var read = register.Read;
        var step = 0;
        for (var i = 3; i < reader.TokenCount; i++)
        {
            var token = reader.Token(i);
            if (token[0] == '+')
            {
                step = reader.Decimal(token[1..], i, 31);
            }
            else if (!TableCodes.TryAccess(token, ref access) && !TableCodes.TryWrite(token, ref write) && !TableCodes.TryRead(token, ref read))
            {
                throw reader.Error($"unknown field attribute '{token}'");
            }
        }
        var width = high - low + 1;
        if (width < 1 || low + (names.Count - 1) * step + width > register.SizeBits || (names.Count > 1 && step == 0))
        {
            throw reader.Error($"field bits {reader.Text(2)} (x{names.Count}, step {step}) do not fit the {register.SizeBits}-bit register");
        }
        for (var i = 0; i < names.Count; i++)
        {
            register.Fields.Add(new FieldInfo(names[i], low + i * step, width, access, write, read));
        }
    }

    /// <summary>A name, or the names <c>PREFIX{FIRST-LAST}SUFFIX</c> stands for.</summary>
    private static List<string> Names(ref TableLineReader reader, ReadOnlySpan<char> token)
    {
        var open = token.IndexOf('{');
        if (open < 0)
        {
            return [token.ToString()];
        }
        var close = token.IndexOf('}');
        var dash = token.IndexOf('-');
        if (close < open || dash < open || dash > close)
        {
            throw reader.Error($"'{token}' is not NAME or PREFIX{{FIRST-LAST}}SUFFIX");
        }
        var first = reader.Decimal(token[(open + 1)..dash], 1, 99999);
        var last = reader.Decimal(token[(dash + 1)..close], 1, 99999);
        if (last < first || last - first >= MaxArray)
        {
            throw reader.Error($"'{token}': bad index range");
        }
        var prefix = token[..open].ToString();
        var suffix = token[(close + 1)..].ToString();
        var names = new List<string>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            names.Add(string.Concat(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture), suffix));
        }
        return names;
    }

    private sealed class PendingRegister
    {
        public required List<string> Names;
        public uint Offset;
        public uint Reset;
        public uint Mask = uint.MaxValue;
        public int SizeBits = 32;
        public uint Step;
        public RegisterAccess Access = RegisterAccess.ReadWrite;
        public ModifiedWrite Write = ModifiedWrite.Normal;
        public ReadAction Read = ReadAction.None;
        public readonly List<FieldInfo> Fields = [];
    }
}
