using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Stm32.Build.Diagnostics;
using Stm32.Build.StLink;

namespace Stm32.Cli.Options;

/// <summary>
/// Options several commands share, and the checks that make a bad value a usage error (exit 2) before any probe is
/// touched. A check's message starts with its code (<c>STM0007: ...</c>); the runner prints it in canonical form.
/// </summary>
internal static class CliOptions
{
    /// <summary>The largest delay guard, in milliseconds (60 s): longer waits belong to a test rig, not a flash.</summary>
    public const int MaxDelayGuardMs = 60_000;

    /// <summary>The slowest and fastest SWD clocks any ST-LINK offers, in kHz (V2 table 5..4000; STLINK-V3 up to 24 MHz).</summary>
    public const int MinSwdKhz = 5, MaxSwdKhz = 24_000;

    /// <summary><c>--probe SEL</c>, checked against the selection syntax while parsing (STM3004, exit 2).</summary>
    public static Option<string> Probe()
    {
        var option = new Option<string>("--probe") { Description = "The probe: " + ProbeSelection.Syntax + ".", DefaultValueFactory = _ => "auto" };
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (text is null)
            {
                return;
            }
            try
            {
                ProbeSelection.Parse(text);
            }
            catch (ProbeException ex)
            {
                result.AddError(ex.Code + ": --probe: " + ex.Message);
            }
        });
        return option;
    }

    /// <summary><c>--format text|json</c>.</summary>
    public static Option<string> Format(string json = "one JSON document on standard output")
    {
        var option = new Option<string>("--format") { Description = $"text, or json ({json}).", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary><c>--verbose</c>/<c>-v</c>.</summary>
    public static Option<bool> Verbose(string what = "progress with bytes and percentages, and information lines, on standard error") =>
        new("--verbose", "-v") { Description = "Print " + what + "." };

    /// <summary>Rejects values of <paramref name="option"/> outside [<paramref name="min"/>, <paramref name="max"/>] (STM0007).</summary>
    public static Option<T> InRange<T>(this Option<T> option, long min, long max, string unit)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 || Value(result) is not long value)
            {
                return;
            }
            if (value < min || value > max)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{DiagnosticCodes.OptionOutOfRange}: {option.Name} {value} is out of range: {min}..{max} {unit}"));
            }
        });
        return option;
    }

    /// <summary>Accepts exactly the listed values of an integer option (e.g. <c>--rdp 0|1|2</c>), STM0007 otherwise.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params long[] values)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && Value(result) is long value && !values.Contains(value))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{DiagnosticCodes.OptionOutOfRange}: {option.Name} {value} is not valid: use {string.Join(", ", values.Take(values.Length - 1))} or {values[^1]}"));
            }
        });
        return option;
    }

    /// <summary>The option's value as a long, or null when it is not an integer (the parser reports that itself).</summary>
    private static long? Value(OptionResult result)
    {
        var text = result.Tokens[^1].Value;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
