namespace System.Runtime.InteropServices;

/// <summary>
/// .NET 7's <c>LibraryImportAttribute</c>, for .NET Framework, so a P/Invoke is declared once with it: on .NET the
/// source generator implements the partial method; on .NET Framework (no generator) a <c>[DllImport] extern partial</c>
/// implementing declaration beside it does, and the compiler checks that both have the same signature.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class LibraryImportAttribute(string libraryName) : Attribute
{
    /// <summary>The library's name.</summary>
    public string LibraryName { get; } = libraryName;

    /// <summary>The entry point, when it differs from the method's name.</summary>
    public string? EntryPoint { get; set; }

    /// <summary>Whether the function sets the last error.</summary>
    public bool SetLastError { get; set; }

    /// <summary>How strings are marshalled.</summary>
    public StringMarshalling StringMarshalling { get; set; }
}

/// <summary>.NET 7's string marshalling choices of <see cref="LibraryImportAttribute"/>.</summary>
internal enum StringMarshalling
{
    /// <summary>A custom marshaller.</summary>
    Custom = 0,

    /// <summary>UTF-8.</summary>
    Utf8 = 1,

    /// <summary>UTF-16.</summary>
    Utf16 = 2,
}
