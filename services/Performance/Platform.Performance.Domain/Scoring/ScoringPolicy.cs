using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Scoring;

/// <summary>What a missed target scores: in proportion, or nothing.</summary>
public enum MissRule
{
    Proportional,
    Zero,
}

/// <summary>How the funds' execution rate (%) becomes a share of the funds weight.</summary>
public enum ExecutionRule
{
    /// <summary>rate / 100, capped (100 % and above score full).</summary>
    Proportional,
    /// <summary>0 at or below the floor, full at <c>Full</c>, linear between.</summary>
    Linear,
    /// <summary>The share of the highest step reached.</summary>
    Stepped,
}

public sealed record ExecutionStep(decimal AtLeast, decimal Share);

public sealed record GradeBand(string Grade, decimal AtLeast);

/// <summary>
/// A scoring policy (reference-data/policies/*.json): how each kind of indicator scores, how the execution rate
/// scores, the rounding and the grade bands, for a range of fiscal years and regions (division-code prefixes).
/// </summary>
public sealed record ScoringPolicy(
    string Id, string Title, int FromYear, int? ToYear, IReadOnlyList<string> Regions,
    Comparator NoComparator, MissRule AtLeastShortfall, MissRule AtMostOverrun, decimal EqualTolerance, MissRule EqualMiss,
    decimal LateShare, IReadOnlyDictionary<QualitativeLevel, decimal> Qualitative,
    ExecutionRule Execution, decimal ExecutionCap, decimal ExecutionFloor, decimal ExecutionFull, IReadOnlyList<ExecutionStep> ExecutionSteps,
    int Rounding, IReadOnlyList<GradeBand> Grades)
{
    public bool Covers(int fiscalYear, string regionCode) =>
        fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear) && Regions.Any(r => regionCode.StartsWith(r, StringComparison.Ordinal));

    public string GradeOf(decimal total) => Grades.OrderByDescending(g => g.AtLeast).First(g => total >= g.AtLeast).Grade;

    public decimal Round(decimal value) => Math.Round(value, Rounding, MidpointRounding.AwayFromZero);

    /// <summary>Reads one policy file; a missing or wrong field is named with the file.</summary>
    public static ScoringPolicy Read(JsonElement root, string file)
    {
        string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new ValidationException($"{file}: {name}", "is required (a string)");
        decimal Num(JsonElement e, string name, decimal? fallback = null) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDecimal() : fallback ?? throw new ValidationException($"{file}: {name}", "is required (a number)");
        JsonElement Obj(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v : throw new ValidationException($"{file}: {name}", "is required (an object)");
        MissRule Miss(JsonElement e, string name) => Str(e, name) switch
        {
            "proportional" => MissRule.Proportional,
            "zero" => MissRule.Zero,
            var other => throw new ValidationException($"{file}: quantity.{name}", $"'{other}' is not proportional or zero"),
        };

        var years = Obj(root, "fiscalYears");
        var quantity = Obj(root, "quantity");
        var execution = Obj(root, "execution");
        var qualitative = Obj(root, "qualitative");
        var grades = root.TryGetProperty("grades", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Select(b => new GradeBand(Str(b, "grade"), Num(b, "atLeast"))).ToList()
            : throw new ValidationException($"{file}: grades", "is required (bands with grade and atLeast)");
        if (!grades.Any(b => b.AtLeast <= 0))
        {
            throw new ValidationException($"{file}: grades", "needs a band from 0, so that every total has a grade");
        }
        return new ScoringPolicy(
            Str(root, "id"), Str(root, "title"), (int)Num(years, "from"), years.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Number ? to.GetInt32() : null,
            root.TryGetProperty("regions", out var regions) ? regions.EnumerateArray().Select(r => r.GetString()!).ToList() : [""],
            Str(quantity, "noComparator") switch
            {
                "atLeast" => Comparator.AtLeast,
                "equal" => Comparator.Equal,
                var other => throw new ValidationException($"{file}: quantity.noComparator", $"'{other}' is not atLeast or equal"),
            },
            Miss(quantity, "atLeastShortfall"), Miss(quantity, "atMostOverrun"), Num(quantity, "equalTolerance", 0), Miss(quantity, "equalMiss"),
            Num(Obj(root, "timeliness"), "late", 0),
            Enum.GetValues<QualitativeLevel>().ToDictionary(l => l, l => Num(qualitative, l.ToString())),
            Str(execution, "kind") switch
            {
                "proportional" => ExecutionRule.Proportional,
                "linear" => ExecutionRule.Linear,
                "stepped" => ExecutionRule.Stepped,
                var other => throw new ValidationException($"{file}: execution.kind", $"'{other}' is not proportional, linear or stepped"),
            },
            Num(execution, "cap", 100), Num(execution, "floor", 0), Num(execution, "full", 100),
            execution.TryGetProperty("steps", out var steps) ? steps.EnumerateArray().Select(s => new ExecutionStep(Num(s, "atLeast"), Num(s, "share"))).ToList() : [],
            (int)Num(root, "rounding", 2), grades);
    }

    /// <summary>The policies shipped in the assembly (reference-data/policies).</summary>
    public static IReadOnlyList<ScoringPolicy> LoadShipped()
    {
        var assembly = typeof(ScoringPolicy).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith("reference-data/policies/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var document = JsonDocument.Parse(stream);
                return Read(document.RootElement, n);
            })
            .ToList();
    }
}
