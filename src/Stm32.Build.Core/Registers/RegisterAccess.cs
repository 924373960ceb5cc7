namespace Stm32.Build.Registers;

/// <summary>How software may access a register or field (CMSIS-SVD <c>access</c>).</summary>
public enum RegisterAccess
{
    /// <summary>Read and write (SVD <c>read-write</c>).</summary>
    ReadWrite,
    /// <summary>Read-only: writes are ignored (SVD <c>read-only</c>).</summary>
    ReadOnly,
    /// <summary>Write-only: reads return no meaningful value (SVD <c>write-only</c>).</summary>
    WriteOnly,
    /// <summary>Written once after reset, never read (SVD <c>writeOnce</c>).</summary>
    WriteOnce,
    /// <summary>Read, and written once after reset (SVD <c>read-writeOnce</c>).</summary>
    ReadWriteOnce,
}

/// <summary>What a write does to a field beyond storing the value (CMSIS-SVD <c>modifiedWriteValues</c>).</summary>
public enum ModifiedWrite
{
    /// <summary>The written value is stored (SVD <c>modify</c>, the default).</summary>
    Normal,
    /// <summary>Writing 1 clears the bit, 0 leaves it (SVD <c>oneToClear</c>; the manuals' <c>rc_w1</c>).</summary>
    WriteOneToClear,
    /// <summary>Writing 1 sets the bit, 0 leaves it (SVD <c>oneToSet</c>; the manuals' <c>rs</c>).</summary>
    WriteOneToSet,
    /// <summary>Writing 1 toggles the bit (SVD <c>oneToToggle</c>; the manuals' <c>t</c>).</summary>
    WriteOneToToggle,
    /// <summary>Writing 0 clears the bit, 1 leaves it (SVD <c>zeroToClear</c>; the manuals' <c>rc_w0</c>).</summary>
    WriteZeroToClear,
    /// <summary>Writing 0 sets the bit (SVD <c>zeroToSet</c>).</summary>
    WriteZeroToSet,
    /// <summary>Writing 0 toggles the bit (SVD <c>zeroToToggle</c>).</summary>
    WriteZeroToToggle,
    /// <summary>Any write clears the field (SVD <c>clear</c>).</summary>
    WriteClears,
    /// <summary>Any write sets the field (SVD <c>set</c>).</summary>
    WriteSets,
}

/// <summary>What a read does to a field (CMSIS-SVD <c>readAction</c>).</summary>
public enum ReadAction
{
    /// <summary>Reading has no side effect.</summary>
    None,
    /// <summary>Reading clears the field (SVD <c>clear</c>; the manuals' <c>rc_r</c>).</summary>
    ReadClears,
    /// <summary>Reading sets the field (SVD <c>set</c>).</summary>
    ReadSets,
    /// <summary>Reading modifies the field in some other way (SVD <c>modify</c>).</summary>
    ReadModifies,
    /// <summary>Reading has a side effect elsewhere (SVD <c>modifyExternal</c>, e.g. popping a FIFO).</summary>
    ReadModifiesExternal,
}
