using Stm32.Build.Diagnostics;

namespace Stm32.Build.Tasks;

/// <summary>
/// Boolean property values as MSBuild itself reads them (Microsoft.Build.Shared.ConversionUtilities, used for
/// boolean task parameters and conditions): true, on, yes, !false, !off, !no mean true; false, off, no, !true, !on,
/// !yes mean false; case-insensitive, surrounding spaces ignored. 1 and 0 are not booleans to MSBuild and not here
/// either. Anything else is a coded error naming the property and the value, never a silent false.
/// </summary>
public static class MSBuildBoolean
{
    private static readonly string[] s_true = ["true", "on", "yes", "!false", "!off", "!no"];
    private static readonly string[] s_false = ["false", "off", "no", "!true", "!on", "!yes"];

    /// <summary>
    /// The value of <paramref name="property"/>: <paramref name="defaultValue"/> when empty, otherwise one of
    /// MSBuild's spellings; STM8010 for any other text.
    /// </summary>
    public static bool Parse(string? value, bool defaultValue, string property, string? file = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }
        var text = value.Trim();
        if (s_true.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }
        if (s_false.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        throw new Stm32Exception(new Diagnostic(DiagnosticCodes.InvalidBooleanProperty, DiagnosticSeverity.Error,
            $"{property}='{value}' is not a boolean: use true or false (MSBuild also reads yes/no, on/off and !true/!false); it was not taken as {(defaultValue ? "true" : "false")} or anything else",
            File: file));
    }
}
