using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace System
{
    /// <summary><c>MemoryMarshal.GetArrayDataReference</c> (.NET 5), for .NET Framework.</summary>
    internal static class MemoryMarshalPolyfills
    {
        extension(MemoryMarshal)
        {
            /// <summary>A reference to the array's first element (to where it would be, for an empty array).</summary>
            public static ref T GetArrayDataReference<T>(T[] array) => ref MemoryMarshal.GetReference(array.AsSpan());
        }
    }
}

namespace System
{
    /// <summary><c>Encoding.Latin1</c> (.NET 5), for .NET Framework.</summary>
    internal static class EncodingPolyfills
    {
        extension(Encoding)
        {
            /// <summary>ISO-8859-1 (code page 28591).</summary>
            public static Encoding Latin1 => Encoding.GetEncoding(28591);
        }
    }
}

namespace System
{
    /// <summary><c>ProcessStartInfo.ArgumentList</c> (.NET Core 2.1) and <c>Process.Kill(bool)</c> (.NET Core 3.0), for .NET Framework.</summary>
    internal static class ProcessPolyfills
    {
        extension(ProcessStartInfo info)
        {
            /// <summary>
            /// Arguments added one by one, each quoted into <see cref="ProcessStartInfo.Arguments"/> the way the
            /// Windows C runtime splits a command line (as .NET does for its ArgumentList).
            /// </summary>
            public Collection<string> ArgumentList => new ArgumentAppender(info);
        }

        /// <summary>
        /// Ends the process. On .NET Framework <paramref name="entireProcessTree"/> ends the child processes too
        /// through Windows' <c>taskkill /T</c>; elsewhere only the process itself.
        /// </summary>
        public static void Kill(this Process process, bool entireProcessTree)
        {
            if (entireProcessTree && OperatingSystem.IsWindows())
            {
                using var taskkill = Process.Start(new ProcessStartInfo("taskkill", "/T /F /PID " + process.Id.ToString(Globalization.CultureInfo.InvariantCulture))
                {
                    UseShellExecute = false,
                    CreateNoWindow = true,
                });
                if (taskkill is not null && taskkill.WaitForExit(10_000) && process.WaitForExit(1_000))
                {
                    return;
                }
            }
            process.Kill();
        }

        private sealed class ArgumentAppender(ProcessStartInfo info) : Collection<string>
        {
            protected override void InsertItem(int index, string item)
            {
                base.InsertItem(index, item);
                var line = new StringBuilder(info.Arguments);
                if (line.Length > 0)
                {
                    line.Append(' ');
                }
                Quote(line, item);
                info.Arguments = line.ToString();
            }

            private static void Quote(StringBuilder line, string argument)
            {
                if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '\n', '\v', '"']) < 0)
                {
                    line.Append(argument);
                    return;
                }
                line.Append('"');
                var backslashes = 0;
                foreach (var ch in argument)
                {
                    if (ch == '\\')
                    {
                        backslashes++;
                        continue;
                    }
                    line.Append('\\', ch == '"' ? (backslashes * 2) + 1 : backslashes);
                    backslashes = 0;
                    line.Append(ch);
                }
                line.Append('\\', backslashes * 2).Append('"');
            }
        }
    }
}
