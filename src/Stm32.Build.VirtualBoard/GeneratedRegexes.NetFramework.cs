// .NET Framework has no regex source generator: these implement the [GeneratedRegex] partial methods declared
// beside their patterns, from those attributes (src/Polyfills/GeneratedRegex.cs).
#if !NET7_0_OR_GREATER
using System.Text.RegularExpressions;

namespace Stm32.Build.VirtualBoard.Families.H7
{
    public sealed partial class H7IoBlocks
    {
        private static partial Regex GpioName() => GeneratedRegexes.Get(typeof(H7IoBlocks), nameof(GpioName));

        private static partial Regex UsartName() => GeneratedRegexes.Get(typeof(H7IoBlocks), nameof(UsartName));
    }
}
#endif
