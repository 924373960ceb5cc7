// .NET Framework has no regex source generator: these implement the [GeneratedRegex] partial methods declared
// beside their patterns, from those attributes (src/Polyfills/GeneratedRegex.cs). The compiler rejects an
// implementation without a matching declaration, and the declarations stay the one place the patterns are written.
#if !NET7_0_OR_GREATER
using System.Text.RegularExpressions;

namespace Stm32.Build.Tasks.CubeIde
{
    public sealed partial class CubeIdePathResolver
    {
        private static partial Regex SimpleVariable() => GeneratedRegexes.Get(typeof(CubeIdePathResolver), nameof(SimpleVariable));

        private static partial Regex AnyVariable() => GeneratedRegexes.Get(typeof(CubeIdePathResolver), nameof(AnyVariable));

        private static partial Regex WorkspaceLoc() => GeneratedRegexes.Get(typeof(CubeIdePathResolver), nameof(WorkspaceLoc));
    }

    public sealed partial record EclipseProject
    {
        private static partial Regex ParentLoc() => GeneratedRegexes.Get(typeof(EclipseProject), nameof(ParentLoc));
    }
}

namespace Stm32.Build.Tasks.Gcc
{
    public static partial class GccDiagnosticParser
    {
        private static partial Regex Located() => GeneratedRegexes.Get(typeof(GccDiagnosticParser), nameof(Located));

        private static partial Regex LinkerLocated() => GeneratedRegexes.Get(typeof(GccDiagnosticParser), nameof(LinkerLocated));

        private static partial Regex SectionReference() => GeneratedRegexes.Get(typeof(GccDiagnosticParser), nameof(SectionReference));

        private static partial Regex ToolLine() => GeneratedRegexes.Get(typeof(GccDiagnosticParser), nameof(ToolLine));
    }
}
#endif
