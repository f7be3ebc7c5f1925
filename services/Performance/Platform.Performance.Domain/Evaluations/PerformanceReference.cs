using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Evaluations;

/// <summary>一级指标 and the 二级指标 under it, as a framework prints them.</summary>
public sealed record IndicatorClass(string Name, IReadOnlyList<string> Level2);

/// <summary>The indicator framework in force from a fiscal year on.</summary>
public sealed record IndicatorTree(int FromYear, IReadOnlyList<IndicatorClass> Level1)
{
    /// <summary>The framework's own spelling of a 一级指标 ("产出" and "产出指标" are the same), or null.</summary>
    public IndicatorClass? FindLevel1(string name) => Level1.FirstOrDefault(c => Same(c.Name, name));

    public static bool Same(string a, string b) => Stem(a) == Stem(b);

    private static string Stem(string s) => s.Trim().EndsWith("指标", StringComparison.Ordinal) ? s.Trim()[..^2] : s.Trim();
}

/// <summary>A policy in force for regions (division-code prefixes) from a fiscal year on.</summary>
public sealed record PolicyAssignment(IReadOnlyList<string> Regions, int FromYear, string PolicyId);

/// <summary>
/// Everything of the performance service that changes by fiscal year or region, as data (reference-data/): the scoring
/// policies, which one is in force where, and the indicator framework. Loading checks that every assignment names a
/// policy, so a bad file stops the start-up with its name.
/// </summary>
public sealed class PerformanceReference
{
    private PerformanceReference(IReadOnlyList<ScoringPolicy> policies, IReadOnlyList<PolicyAssignment> assignments, IReadOnlyList<IndicatorTree> trees)
    {
        Policies = policies;
        Assignments = assignments;
        Trees = trees;
        foreach (var (a, i) in assignments.Select((a, i) => (a, i)))
        {
            if (!policies.Any(p => p.Id == a.PolicyId))
            {
                throw new ValidationException($"assignments.json: assignments[{i}].policy", $"'{a.PolicyId}' is not a policy ({string.Join(", ", policies.Select(p => p.Id))})");
            }
        }
    }

    public IReadOnlyList<ScoringPolicy> Policies { get; }

    public IReadOnlyList<PolicyAssignment> Assignments { get; }

    public IReadOnlyList<IndicatorTree> Trees { get; }

    public ScoringPolicy Policy(string id) =>
        Policies.FirstOrDefault(p => p.Id == id)
        ?? throw new ValidationException("policy_id", PerformanceMessages.UnknownPolicy(id, Policies.Select(p => p.Id)), "UNKNOWN_POLICY");

    /// <summary>The policy in force for a unit of <paramref name="regionCode"/> in a fiscal year: the most specific region, then the latest year.</summary>
    public ScoringPolicy PolicyFor(int fiscalYear, string regionCode)
    {
        var assignment = Assignments
            .SelectMany(a => a.Regions.Where(r => regionCode.StartsWith(r, StringComparison.Ordinal)).Select(r => (a, r.Length)))
            .Where(x => x.a.FromYear <= fiscalYear)
            .OrderByDescending(x => x.Length).ThenByDescending(x => x.a.FromYear)
            .Select(x => x.a)
            .FirstOrDefault()
            ?? throw new PreconditionFailedException(PerformanceMessages.NoPolicyAssigned(regionCode, fiscalYear));
        return Policy(assignment.PolicyId);
    }

    public IndicatorTree TreeFor(int fiscalYear) =>
        Trees.Where(t => t.FromYear <= fiscalYear).OrderByDescending(t => t.FromYear).FirstOrDefault()
        ?? throw new ValidationException("fiscal_year", PerformanceMessages.NoFramework(fiscalYear), "UNSUPPORTED_YEAR");

    /// <summary>The reference data shipped in the assembly.</summary>
    public static PerformanceReference LoadShipped()
    {
        var assembly = typeof(PerformanceReference).Assembly;
        JsonDocument Open(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
            return JsonDocument.Parse(stream);
        }
        using var assignments = Open("reference-data/assignments.json");
        using var trees = Open("reference-data/indicator-tree.json");
        return new PerformanceReference(ScoringPolicy.LoadShipped(), ReadAssignments(assignments.RootElement, "assignments.json"), ReadTrees(trees.RootElement, "indicator-tree.json"));
    }

    /// <summary>A deployment's own directory (policies/*.json, assignments.json, indicator-tree.json): a new year or region without a rebuild.</summary>
    public static PerformanceReference LoadDirectory(string directory)
    {
        JsonDocument Open(string path) => JsonDocument.Parse(File.ReadAllText(path));
        var policies = Directory.GetFiles(Path.Combine(directory, "policies"), "*.json").Order(StringComparer.Ordinal).Select(f =>
        {
            using var d = Open(f);
            return ScoringPolicy.Read(d.RootElement, Path.GetFileName(f));
        }).ToList();
        using var assignments = Open(Path.Combine(directory, "assignments.json"));
        using var trees = Open(Path.Combine(directory, "indicator-tree.json"));
        return new PerformanceReference(policies, ReadAssignments(assignments.RootElement, "assignments.json"), ReadTrees(trees.RootElement, "indicator-tree.json"));
    }

    private static List<PolicyAssignment> ReadAssignments(JsonElement root, string file) =>
        Array(root, "assignments", file).Select((a, i) => new PolicyAssignment(
            Array(a, "regions", $"{file}: assignments[{i}]").Select(r => r.GetString() ?? "").ToList(),
            a.TryGetProperty("fromYear", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : throw new ValidationException($"{file}: assignments[{i}].fromYear", "is required (a number)"),
            a.TryGetProperty("policy", out var p) && p.GetString() is { Length: > 0 } id ? id : throw new ValidationException($"{file}: assignments[{i}].policy", Messages.Required))).ToList();

    private static List<IndicatorTree> ReadTrees(JsonElement root, string file) =>
        Array(root, "trees", file).Select((t, i) => new IndicatorTree(
            t.TryGetProperty("fromYear", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : throw new ValidationException($"{file}: trees[{i}].fromYear", "is required (a number)"),
            Array(t, "level1", $"{file}: trees[{i}]").Select(c => new IndicatorClass(c.GetProperty("name").GetString()!,
                Array(c, "level2", file).Select(l => l.GetString()!).ToList())).ToList())).ToList();

    private static IEnumerable<JsonElement> Array(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : throw new ValidationException($"{where}: {name}", "is required (an array)");
}
