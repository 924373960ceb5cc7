namespace Stm32.SvdGen.Model;

/// <summary>
/// The spellings of access, modifiedWriteValues and readAction: in SVD XML and as the table format's short codes
/// (docs/registers.md). One table each way, so the reader, the corrections and the writer cannot disagree.
/// </summary>
internal static class Codes
{
    private static readonly (Access Value, string Svd, string Code)[] s_access =
    [
        (Access.ReadWrite, "read-write", "rw"),
        (Access.ReadOnly, "read-only", "r"),
        (Access.WriteOnly, "write-only", "w"),
        (Access.WriteOnce, "writeOnce", "w1"),
        (Access.ReadWriteOnce, "read-writeOnce", "rw1"),
    ];

    private static readonly (ModifiedWrite Value, string Svd, string Code)[] s_write =
    [
        (ModifiedWrite.Modify, "modify", "wm"),
        (ModifiedWrite.OneToClear, "oneToClear", "w1c"),
        (ModifiedWrite.OneToSet, "oneToSet", "w1s"),
        (ModifiedWrite.OneToToggle, "oneToToggle", "w1t"),
        (ModifiedWrite.ZeroToClear, "zeroToClear", "w0c"),
        (ModifiedWrite.ZeroToSet, "zeroToSet", "w0s"),
        (ModifiedWrite.ZeroToToggle, "zeroToToggle", "w0t"),
        (ModifiedWrite.Clear, "clear", "wc"),
        (ModifiedWrite.Set, "set", "ws"),
    ];

    private static readonly (ReadAction Value, string Svd, string Code)[] s_read =
    [
        (ReadAction.None, "none", "rn"),
        (ReadAction.Clear, "clear", "rc"),
        (ReadAction.Set, "set", "rs"),
        (ReadAction.Modify, "modify", "rm"),
        (ReadAction.ModifyExternal, "modifyExternal", "rme"),
    ];

    /// <summary>The table code of an access type.</summary>
    public static string Code(Access value) => Array.Find(s_access, a => a.Value == value).Code;

    /// <summary>The table code of a modifiedWriteValues.</summary>
    public static string Code(ModifiedWrite value) => Array.Find(s_write, a => a.Value == value).Code;

    /// <summary>The table code of a readAction.</summary>
    public static string Code(ReadAction value) => Array.Find(s_read, a => a.Value == value).Code;

    /// <summary>Parses an SVD access string.</summary>
    public static bool TryParseSvdAccess(string text, out Access value) => TryFind(s_access, text, svd: true, out value);

    /// <summary>Parses an SVD modifiedWriteValues string.</summary>
    public static bool TryParseSvdWrite(string text, out ModifiedWrite value) => TryFind(s_write, text, svd: true, out value);

    /// <summary>Parses an SVD readAction string.</summary>
    public static bool TryParseSvdRead(string text, out ReadAction value) => TryFind(s_read, text, svd: true, out value);

    /// <summary>Parses a table/correction access code (<c>rw</c>, <c>r</c>, ...).</summary>
    public static bool TryParseAccessCode(string text, out Access value) => TryFind(s_access, text, svd: false, out value);

    /// <summary>Parses a table/correction modifiedWriteValues code (<c>w1c</c>, ...).</summary>
    public static bool TryParseWriteCode(string text, out ModifiedWrite value) => TryFind(s_write, text, svd: false, out value);

    /// <summary>Parses a table/correction readAction code (<c>rc</c>, ...).</summary>
    public static bool TryParseReadCode(string text, out ReadAction value) => TryFind(s_read, text, svd: false, out value);

    /// <summary>Every access code, for messages.</summary>
    public static string AccessCodes => string.Join(", ", s_access.Select(a => a.Code));

    /// <summary>Every modifiedWriteValues code, for messages.</summary>
    public static string WriteCodes => string.Join(", ", s_write.Select(a => a.Code));

    /// <summary>Every readAction code, for messages.</summary>
    public static string ReadCodes => string.Join(", ", s_read.Select(a => a.Code));

    private static bool TryFind<T>((T Value, string Svd, string Code)[] table, string text, bool svd, out T value)
    {
        foreach (var entry in table)
        {
            if (string.Equals(svd ? entry.Svd : entry.Code, text.Trim(), StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }
}
