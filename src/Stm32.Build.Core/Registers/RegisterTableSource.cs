using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Stm32.Build.Diagnostics;

namespace Stm32.Build.Registers;

/// <summary>
/// Where table files come from — the resources embedded in this assembly, or a folder (tests, the generator's
/// output) — with one cache per source: each table and each layout pool is read once, thread-safely.
/// </summary>
internal sealed class RegisterTableSource
{
    private const string ResourcePrefix = "Stm32.Build.Registers.Tables.";
    private const string IndexFile = "index.txt";
    private static readonly Lazy<RegisterTableSource> s_embedded = new(NewEmbedded);

    private readonly Func<string, byte[]?> _read;
    private readonly string _displayPrefix;
    private readonly Lazy<(List<string> Names, Dictionary<string, string> Stored)> _index;
    private readonly ConcurrentDictionary<string, Lazy<LayoutPool>> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<RegisterTable>> _tables = new(StringComparer.OrdinalIgnoreCase);

    private RegisterTableSource(Func<string, byte[]?> read, string displayPrefix)
    {
        _read = read;
        _displayPrefix = displayPrefix;
        _index = new(ReadIndex);
    }

    /// <summary>The tables embedded in Stm32.Build.Core.</summary>
    public static RegisterTableSource Embedded => s_embedded.Value;

    /// <summary>A new source over the embedded tables with its own, empty cache (benchmarks measure a parse with it).</summary>
    public static RegisterTableSource NewEmbedded() => new(ReadResource, "(embedded) ");

    /// <summary>The tables in a folder laid out like <c>Registers/Tables</c> (index.txt, NAME.txt, POOL.layouts.txt).</summary>
    public static RegisterTableSource FromDirectory(string directory) =>
        new(name => File.Exists(Path.Combine(directory, name)) ? File.ReadAllBytes(Path.Combine(directory, name)) : null, directory + Path.DirectorySeparatorChar);

    /// <summary>Every table name, sorted.</summary>
    public IReadOnlyList<string> Names => _index.Value.Names;

    /// <summary>Loads a table by name (case-insensitive), once.</summary>
    public bool TryLoad(string name, [NotNullWhen(true)] out RegisterTable? table)
    {
        var index = _index.Value;
        var canonical = index.Names.Find(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (canonical is null)
        {
            table = null;
            return false;
        }
        table = _tables.GetOrAdd(canonical, n => new Lazy<RegisterTable>(() => Read(n, index.Stored[n]))).Value;
        return true;
    }

    /// <summary>Loads a table by name or throws STM5700 listing the known names.</summary>
    public RegisterTable Load(string name) =>
        TryLoad(name, out var table) ? table : throw new Stm32Exception(new Diagnostic(DiagnosticCodes.UnknownRegisterTable, DiagnosticSeverity.Error,
            $"no register table named '{name}'; known tables: {string.Join(", ", Names)}"));

    private RegisterTable Read(string name, string stored)
    {
        var file = stored + ".txt";
        var text = System.Text.Encoding.UTF8.GetString(Require(file));
        var pool = TableFileReader.ReadPoolName(text, _displayPrefix + file);
        var layouts = _pools.GetOrAdd(pool, p => new Lazy<LayoutPool>(() =>
        {
            var poolFile = p + ".layouts.txt";
            return LayoutPool.Index(Require(poolFile), _displayPrefix + poolFile);
        })).Value;
        return new RegisterTable(name, TableFileReader.Read(text, _displayPrefix + file, name, layouts));
    }

    private (List<string>, Dictionary<string, string>) ReadIndex()
    {
        var text = System.Text.Encoding.UTF8.GetString(Require(IndexFile));
        var reader = new TableLineReader(text, _displayPrefix + IndexFile, TableLineReader.CreateBuffer());
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.MoveNext())
        {
            var name = reader.Text(0);
            var target = reader.TokenCount switch
            {
                1 => name,
                3 when reader.Token(1) is "=" => reader.Text(2),
                _ => throw reader.Error("an index line is 'NAME' or 'NAME = STORED'"),
            };
            if (!stored.TryAdd(name, target))
            {
                throw reader.Error($"{name} is listed twice");
            }
        }
        return (stored.Keys.Order(StringComparer.Ordinal).ToList(), stored);
    }

    private byte[] Require(string file) =>
        _read(file) ?? throw new Stm32Exception(new Diagnostic(DiagnosticCodes.RegisterTableCorrupt, DiagnosticSeverity.Error,
            "register table data: the file is missing", _displayPrefix + file));

    private static byte[]? ReadResource(string file)
    {
        using var stream = typeof(RegisterTableSource).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null)
        {
            return null;
        }
        // One read into a buffer of the resource's length; pools stay UTF-8 (LayoutPool decodes a block at a time).
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
