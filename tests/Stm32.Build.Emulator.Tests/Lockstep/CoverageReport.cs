using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Stm32.Build.Emulator.Tests.Programs;

namespace Stm32.Build.Emulator.Tests.Lockstep;

/// <summary>
/// The encoding-coverage report: which mnemonics gcc emitted into the test programs (from arm-none-eabi-objdump)
/// and which of them the lockstep runs executed. Each recorded run rewrites <c>TestResults/lockstep-coverage.txt</c>
/// under the test output directory with the totals so far.
/// </summary>
public static partial class CoverageReport
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<string, (long Static, long Executed, HashSet<string> Programs)> s_byMnemonic = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Dictionary<uint, string>> s_disassembly = new(StringComparer.Ordinal);

    /// <summary>The report file.</summary>
    public static string ReportPath => Path.Combine(AppContext.BaseDirectory, "TestResults", "lockstep-coverage.txt");

    /// <summary>Adds one run's executed addresses and rewrites the report; returns the report text.</summary>
    public static string Record(LockstepResult result)
    {
        var listing = Disassemble(result.Program.ElfPath);
        lock (s_lock)
        {
            foreach (var (address, mnemonic) in listing)
            {
                var entry = s_byMnemonic.GetValueOrDefault(mnemonic, (0, 0, new HashSet<string>(StringComparer.Ordinal)));
                var executed = result.ExecutedAddresses.GetValueOrDefault(address);
                entry.Programs.Add(result.Program.Name);
                s_byMnemonic[mnemonic] = (entry.Static + 1, entry.Executed + executed, entry.Programs);
            }
            var text = Format();
            Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
            File.WriteAllText(ReportPath, text);
            return text;
        }
    }

    /// <summary>The mnemonics seen so far with their static and executed counts.</summary>
    public static IReadOnlyDictionary<string, (long Static, long Executed)> Snapshot()
    {
        lock (s_lock)
        {
            return s_byMnemonic.ToDictionary(p => p.Key, p => (p.Value.Static, p.Value.Executed), StringComparer.Ordinal);
        }
    }

    /// <summary>Maps each instruction address of the program's code to its mnemonic (without .w/.n and condition-free).</summary>
    public static IReadOnlyDictionary<uint, string> Disassemble(string elf)
    {
        lock (s_lock)
        {
            if (s_disassembly.TryGetValue(elf, out var cached))
            {
                return cached;
            }
        }
        var (code, text) = TestPrograms.RunTool("arm-none-eabi-objdump", ["-d", "--no-show-raw-insn", elf], TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException("objdump failed: " + text);
        }
        // Only addresses inside function symbols count: constant data placed in .text (strings, tables) would
        // otherwise be "disassembled" into nonsense mnemonics.
        var functions = Stm32.Build.Images.ImageReader.Read(elf).Symbols
            .Where(f => f.Kind == Stm32.Build.Images.SymbolKind.Function && f.Size > 0)
            .Select(f => (Start: f.Address, End: (ulong)f.Address + f.Size))
            .ToArray();
        var map = new Dictionary<uint, string>();
        foreach (var line in text.Split('\n'))
        {
            var m = LineRegex().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var mnemonic = m.Groups[2].Value;
            if (mnemonic.StartsWith('.') || mnemonic == "UNDEFINED")
            {
                continue; // data (.word literal pools) and padding
            }
            var dot = mnemonic.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && mnemonic[dot..] is ".w" or ".n")
            {
                mnemonic = mnemonic[..dot];
            }
            var address = uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (functions.Any(f => address >= f.Start && address < f.End))
            {
                map[address] = mnemonic;
            }
        }
        lock (s_lock)
        {
            s_disassembly[elf] = map;
        }
        return map;
    }

    private static string Format()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Lockstep encoding coverage: mnemonic, static occurrences in the test programs, executed instructions, programs");
        var covered = s_byMnemonic.Where(p => p.Value.Executed > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var missed = s_byMnemonic.Where(p => p.Value.Executed == 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        sb.AppendLine(CultureInfo.InvariantCulture, $"executed ({covered.Count} mnemonics):");
        foreach (var (name, v) in covered)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {name,-12} static {v.Static,6}  executed {v.Executed,9}  in {v.Programs.Count} programs");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"emitted but never executed ({missed.Count} mnemonics):");
        foreach (var (name, v) in missed)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {name,-12} static {v.Static,6}  in {v.Programs.Count} programs");
        }
        // The same by base mnemonic: a condition suffix is folded into its base when the base is a mnemonic too.
        var bases = new Dictionary<string, (long Static, long Executed)>(StringComparer.Ordinal);
        foreach (var (name, v) in s_byMnemonic)
        {
            var key = BaseMnemonic(name, s_byMnemonic.Keys);
            var current = bases.GetValueOrDefault(key);
            bases[key] = (current.Static + v.Static, current.Executed + v.Executed);
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"by base mnemonic, conditions folded: {bases.Count(b => b.Value.Executed > 0)} executed, {bases.Count(b => b.Value.Executed == 0)} never executed");
        foreach (var (name, v) in bases.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {name,-14} static {v.Static,6}  executed {v.Executed,9}{(v.Executed == 0 ? "  NOT EXECUTED" : string.Empty)}");
        }
        return sb.ToString();
    }

    private static readonly string[] ConditionSuffixes = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "hs", "lo"];

    /// <summary>The mnemonic without a condition suffix (<c>addeq</c> → <c>add</c>, <c>bls</c> → <c>b</c>), when the remainder is itself a seen mnemonic.</summary>
    public static string BaseMnemonic(string mnemonic, IEnumerable<string> known)
    {
        var dot = mnemonic.IndexOf('.', StringComparison.Ordinal);
        var stem = dot < 0 ? mnemonic : mnemonic[..dot];
        var tail = dot < 0 ? string.Empty : mnemonic[dot..];
        foreach (var cond in ConditionSuffixes)
        {
            if (stem.Length > cond.Length && stem.EndsWith(cond, StringComparison.Ordinal))
            {
                var candidate = stem[..^cond.Length] + tail;
                if (candidate == "b" || known.Contains(candidate, StringComparer.Ordinal))
                {
                    return candidate;
                }
            }
        }
        return mnemonic;
    }

    [GeneratedRegex(@"^\s*([0-9a-f]+):\s+([a-zA-Z][\w.]*)")]
    private static partial Regex LineRegex();
}
