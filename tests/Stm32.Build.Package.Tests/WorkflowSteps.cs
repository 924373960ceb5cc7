using System.Text.RegularExpressions;

namespace Stm32.Build.Package.Tests;

/// <summary>One step of a GitHub Actions job: its name, the action it uses or the command it runs, and its `with:` values.</summary>
internal sealed record WorkflowStep(string Name, string? Uses, string? Run, IReadOnlyDictionary<string, string> With);

/// <summary>One job of a workflow: its `env:` and its steps.</summary>
internal sealed record WorkflowJob(string Name, IReadOnlyDictionary<string, string> Env, IReadOnlyList<WorkflowStep> Steps);

/// <summary>
/// Reads the subset of GitHub Actions YAML the consumer CI template is written in (block mappings, `env:` maps, steps
/// with single-line `run:` commands): enough to run the template's steps as a runner would. Anything else in the
/// template (a `run: |` block, flow mappings in a job) fails the test, so the template stays runnable here.
/// </summary>
internal static partial class WorkflowSteps
{
    [GeneratedRegex(@"^(?<indent> *)(?<dash>- )?(?<key>[A-Za-z0-9_-]+):(?: +(?<value>.*))?$")]
    private static partial Regex Line();

    /// <summary>The workflow's top-level `env:`.</summary>
    public static IReadOnlyDictionary<string, string> TopEnv(string yaml) => Map(Lines(yaml), 0, "env");

    /// <summary>The job named <paramref name="job"/>.</summary>
    public static WorkflowJob Job(string yaml, string job)
    {
        var lines = Lines(yaml);
        var start = lines.FindIndex(l => l.Indent == 2 && l.Key == job && l.Value is null);
        Assert.True(start >= 0, $"the workflow has no job '{job}'");
        var end = lines.FindIndex(start + 1, l => l.Indent <= 2);
        var body = lines.GetRange(start + 1, (end < 0 ? lines.Count : end) - start - 1);
        var steps = new List<WorkflowStep>();
        var stepsAt = body.FindIndex(l => l.Indent == 4 && l.Key == "steps");
        if (stepsAt >= 0)
        {
            for (var i = stepsAt + 1; i < body.Count && body[i].Indent >= 6; i++)
            {
                if (!body[i].Dash)
                {
                    continue;
                }
                var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [body[i].Key] = body[i].Value ?? "" };
                var with = new Dictionary<string, string>(StringComparer.Ordinal);
                var j = i + 1;
                for (; j < body.Count && !body[j].Dash && body[j].Indent > 6; j++)
                {
                    if (body[j].Indent == 8 && body[j].Key != "with")
                    {
                        Assert.False(body[j].Value is "|" or ">", $"step field '{body[j].Key}' is a block scalar; the template keeps one-line commands");
                        fields[body[j].Key] = body[j].Value ?? "";
                    }
                    else if (body[j].Indent == 10)
                    {
                        with[body[j].Key] = Unquote(body[j].Value ?? "");
                    }
                }
                steps.Add(new WorkflowStep(fields.GetValueOrDefault("name") ?? fields.GetValueOrDefault("uses") ?? "?",
                    fields.GetValueOrDefault("uses"), fields.GetValueOrDefault("run"), with));
                i = j - 1;
            }
        }
        return new WorkflowJob(job, Map(body, 4, "env"), steps);
    }

    private static Dictionary<string, string> Map(List<(int Indent, bool Dash, string Key, string? Value)> lines, int indent, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = lines.FindIndex(l => l.Indent == indent && l.Key == key && l.Value is null);
        for (var i = at + 1; at >= 0 && i < lines.Count && lines[i].Indent > indent; i++)
        {
            map[lines[i].Key] = Unquote(lines[i].Value ?? "");
        }
        return map;
    }

    private static List<(int Indent, bool Dash, string Key, string? Value)> Lines(string yaml)
    {
        var result = new List<(int, bool, string, string?)>();
        foreach (var raw in yaml.Split('\n'))
        {
            var text = raw.TrimEnd('\r');
            if (text.TrimStart().StartsWith('#') || text.Trim().Length == 0)
            {
                continue;
            }
            var m = Line().Match(text);
            Assert.True(m.Success, "a line the template's YAML subset does not have: " + text);
            var value = m.Groups["value"].Success ? StripComment(m.Groups["value"].Value) : null;
            var indent = m.Groups["indent"].Length + (m.Groups["dash"].Success ? 2 : 0);
            result.Add((indent, m.Groups["dash"].Success, m.Groups["key"].Value, string.IsNullOrEmpty(value) ? null : value));
        }
        return result;
    }

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return (hash >= 0 && !value.StartsWith('"') ? value[..hash] : value).Trim();
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
