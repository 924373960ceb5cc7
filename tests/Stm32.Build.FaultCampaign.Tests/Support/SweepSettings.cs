using System.Globalization;

namespace Stm32.Build.FaultCampaign.Tests.Support;

/// <summary>
/// The sweep's granularity: <c>STM32_FAULT_CAMPAIGN_POINTS</c> = how many command numbers of each phase a fault is
/// placed at (evenly spread, first and last command of the phase included); <c>all</c> places it at every command.
/// Default 2 (CI's budget); the full sweep is <c>STM32_FAULT_CAMPAIGN_POINTS=all</c>.
/// </summary>
internal static class SweepSettings
{
    public const string Variable = "STM32_FAULT_CAMPAIGN_POINTS";

    private const int DefaultPoints = 2;

    /// <summary>Points per phase; <see cref="int.MaxValue"/> for every command.</summary>
    public static int Points { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    public static string Describe() => Points == int.MaxValue ? $"{Variable}=all: every command of every phase" : $"{Variable}={Points}: {Points} command(s) per phase";

    /// <summary>The command numbers of [<paramref name="start"/>, <paramref name="end"/>) a fault is placed at.</summary>
    public static IEnumerable<long> Spread(long start, long end)
    {
        var length = end - start;
        if (length <= 0)
        {
            return [];
        }
        if (length <= Points)
        {
            return Enumerable.Range(0, (int)length).Select(i => start + i);
        }
        if (Points == 1)
        {
            return [start + length / 2];
        }
        return Enumerable.Range(0, Points).Select(i => start + i * (length - 1) / (Points - 1)).Distinct();
    }

    private static int Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultPoints;
        }
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return int.MaxValue;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var points) && points > 0)
        {
            return points;
        }
        throw new InvalidOperationException($"{Variable}='{text}': give a positive number of commands per phase, or 'all'");
    }
}
