namespace Stm32.Build.Registers;

/// <summary>
/// The table format's short codes (docs/registers.md): access <c>rw r w w1 rw1</c>; modifiedWriteValues
/// <c>w1c w1s w1t w0c w0s w0t wc ws wm</c>; readAction <c>rc rs rm rme rn</c>.
/// </summary>
internal static class TableCodes
{
    /// <summary>Sets <paramref name="value"/> when the token is an access code.</summary>
    public static bool TryAccess(ReadOnlySpan<char> token, ref RegisterAccess value)
    {
        RegisterAccess? parsed = token switch
        {
            "rw" => RegisterAccess.ReadWrite,
            "r" => RegisterAccess.ReadOnly,
            "w" => RegisterAccess.WriteOnly,
            "w1" => RegisterAccess.WriteOnce,
            "rw1" => RegisterAccess.ReadWriteOnce,
            _ => null,
        };
        value = parsed ?? value;
        return parsed is not null;
    }

    /// <summary>Sets <paramref name="value"/> when the token is a modifiedWriteValues code.</summary>
    public static bool TryWrite(ReadOnlySpan<char> token, ref ModifiedWrite value)
    {
        ModifiedWrite? parsed = token switch
        {
            "wm" => ModifiedWrite.Normal,
            "w1c" => ModifiedWrite.WriteOneToClear,
            "w1s" => ModifiedWrite.WriteOneToSet,
            "w1t" => ModifiedWrite.WriteOneToToggle,
            "w0c" => ModifiedWrite.WriteZeroToClear,
            "w0s" => ModifiedWrite.WriteZeroToSet,
            "w0t" => ModifiedWrite.WriteZeroToToggle,
            "wc" => ModifiedWrite.WriteClears,
            "ws" => ModifiedWrite.WriteSets,
            _ => null,
        };
        value = parsed ?? value;
        return parsed is not null;
    }

    /// <summary>Sets <paramref name="value"/> when the token is a readAction code.</summary>
    public static bool TryRead(ReadOnlySpan<char> token, ref ReadAction value)
    {
        ReadAction? parsed = token switch
        {
            "rn" => ReadAction.None,
            "rc" => ReadAction.ReadClears,
            "rs" => ReadAction.ReadSets,
            "rm" => ReadAction.ReadModifies,
            "rme" => ReadAction.ReadModifiesExternal,
            _ => null,
        };
        value = parsed ?? value;
        return parsed is not null;
    }
}
