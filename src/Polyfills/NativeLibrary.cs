using System.Reflection;

namespace System.Runtime.InteropServices;

/// <summary>The delegate of <see cref="NativeLibrary.SetDllImportResolver"/> (.NET Core 3.0), for .NET Framework.</summary>
internal delegate IntPtr DllImportResolver(string libraryName, Assembly assembly, DllImportSearchPath? searchPath);

/// <summary>
/// Loading native libraries (.NET Core 3.0's <c>System.Runtime.InteropServices.NativeLibrary</c>, the members the
/// libraries use), for .NET Framework, which runs on Windows only: <c>LoadLibraryW</c> from kernel32.
/// .NET Framework has no import resolver: <see cref="SetDllImportResolver"/> does nothing, and a
/// <c>[DllImport("name")]</c> binds to a library that <see cref="TryLoad(string, out IntPtr)"/> loaded earlier
/// because Windows finds an already loaded module by its file name (name.dll).
/// </summary>
internal static class NativeLibrary
{
    /// <summary>Loads the library at <paramref name="libraryPath"/> (or by name from Windows' search path).</summary>
    public static bool TryLoad(string libraryPath, out IntPtr handle)
    {
        handle = OperatingSystem.IsWindows() ? LoadLibraryW(libraryPath) : IntPtr.Zero;
        return handle != IntPtr.Zero;
    }

    /// <summary>
    /// Loads <paramref name="libraryName"/>: a relative name from <paramref name="assembly"/>'s folder first when
    /// <paramref name="searchPath"/> includes <see cref="DllImportSearchPath.AssemblyDirectory"/> or
    /// <see cref="DllImportSearchPath.SafeDirectories"/>, then from Windows' search path.
    /// </summary>
    public static bool TryLoad(string libraryName, Assembly assembly, DllImportSearchPath? searchPath, out IntPtr handle)
    {
        handle = IntPtr.Zero;
        if (!Path.IsPathRooted(libraryName)
            && ((searchPath ?? DllImportSearchPath.AssemblyDirectory) & (DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)) != 0
            && Path.GetDirectoryName(assembly.Location) is { Length: > 0 } folder
            && TryLoad(Path.Combine(folder, libraryName), out handle))
        {
            return true;
        }
        return TryLoad(libraryName, out handle);
    }

    /// <summary>Does nothing on .NET Framework (see the type's remarks).</summary>
    public static void SetDllImportResolver(Assembly assembly, DllImportResolver resolver)
    {
    }

    [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr LoadLibraryW(string fileName);
}
