using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Performance.Domain.Values;

namespace Platform.Performance.Domain.Scoring;

/// <summary>What a missed target scores: in proportion, or nothing.</summary>
public enum MissRule
{
    Proportional,
    Zero,
}

/// <summary>What an actual above an "=" target scores: as a miss (the policy's EqualMiss), full marks, or nothing.</summary>
public enum OverRule
{
    AsMiss,
    Full,
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

/// <summary>How a computed score is rounded to the policy's digits.</summary>
public enum RoundingMode
{
    /// <summary>四舍五入 (0.125 → 0.13).</summary>
    HalfUp,
    /// <summary>Banker's rounding (0.125 → 0.12).</summary>
    HalfEven,
    /// <summary>截位: digits beyond the policy's are dropped (1.897 → 1.8 at one digit).</summary>
    Truncate,
}

public sealed record ExecutionStep(decimal AtLeast, decimal Share);

public sealed record GradeBand(string Grade, decimal AtLeast);

/// <summary>
/// A qualitative level's share of the weight: one share, or a range within which the score is the scorer's discretion
/// (offices give "partly achieved" anything from 0.5 to 0.8 of the weight; a self-score inside the range is not a finding).
/// </summary>
public sealed record ShareRange(decimal Low, decimal High)
{
    public bool IsPoint => Low == High;
}

/// <summary>
/// A scoring policy (reference-data/policies/*.json): how each kind of indicator scores, how the execution rate
/// scores, the rounding and the grade bands, for a range of fiscal years and regions (division-code prefixes). Each rule
/// is a parameter of its own, so that a region's practice is a combination of them (and <see cref="PolicyFit"/> can search
/// for the combination a region's published scores follow); <see cref="ToJson"/> writes the file <see cref="Read"/> reads.
/// </summary>
public sealed record ScoringPolicy(
    string Id, string Title, int FromYear, int? ToYear, IReadOnlyList<string> Regions,
    Comparator NoComparator, MissRule AtLeastShortfall, MissRule AtMostOverrun, decimal EqualTolerance, MissRule EqualMiss,
    decimal LateShare, IReadOnlyDictionary<QualitativeLevel, ShareRange> Qualitative,
    ExecutionRule Execution, decimal ExecutionCap, decimal ExecutionFloor, decimal ExecutionFull, IReadOnlyList<ExecutionStep> ExecutionSteps,
    int Rounding, IReadOnlyList<GradeBand> Grades)
{
    /// <summary>What an actual above an "=" target scores (quantity.equalOver; default: as a miss).</summary>
    public OverRule EqualOver { get; init; } = OverRule.AsMiss;

    /// <summary>
    /// "&gt;" and "&lt;" read as "≥" and "≤" (quantity.strictBounds "inclusive"): some offices print "&gt;95%" and score 95 % as
    /// met. By default a strict bound is strict: an actual equal to "&gt;95%" has not exceeded it.
    /// </summary>
    public bool StrictBoundsInclusive { get; init; }

    /// <summary>
    /// A cost target (成本指标, ≤ or &lt;) whose actual is 0 — the money was never spent, the work never done — scores nothing
    /// (quantity.zeroCost "zero", the default) rather than full marks for staying under its cap ("met").
    /// </summary>
    public bool ZeroCostMet { get; init; }

    public RoundingMode RoundingMode { get; init; } = RoundingMode.HalfUp;

    /// <summary>
    /// The overall department form's indicators are scored from their printed completion rates (overall.scoreBy
    /// "completionRate": 分值 × min(完成率, 100 %), as offices whose form prints a 完成率 column do) rather than from target
    /// and actual ("values", the default). A row without a printed rate is scored from its values either way; the audit
    /// compares every printed rate with what a figure target and actual give (<c>COMPLETION_RATE</c>, up to 100 %), so a
    /// rate that would move the score is said under either policy.
    /// </summary>
    public bool ScoresByCompletionRate { get; init; }

    /// <summary>
    /// Name fragments of indicators (or names of whole 二级指标, such as 成本指标) where less is better (quantity.lowerIsBetter): a target printed without a comparator
    /// on such an indicator is a cap (≤), not the policy's <see cref="NoComparator"/>. The common indicators of the overall
    /// department form are of this kind — 预算调整率, 结转结余率, 在职人员控制率, 公用经费控制率, “三公经费”变动率 (财政部
    /// 《预算绩效评价共性指标体系框架》, 财预〔2013〕53号: each is "实际/预算（编制）" or a change, lower is better) — and
    /// their forms print "3%" for "at most 3 %". Empty: every bare target takes <see cref="NoComparator"/>.
    /// </summary>
    public IReadOnlyList<string> LowerIsBetter { get; init; } = [];

    /// <summary>The comparator a target printed without one is read with, on the indicator named <paramref name="name"/>.</summary>
    /// <remarks>
    /// The name must end with the fragment (what is measured is named last: "结转结余率下降幅度" is a fall, more of it is
    /// better); quotation marks are ignored, forms print “三公”经费变动率 and “三公经费”变动率 alike.
    /// </remarks>
    public Comparator ImpliedComparator(string? name, string? level2 = null)
    {
        // A whole 二级指标 may be named: 成本指标 are costs, a bare "2万元" is what may be spent.
        if (level2 is not null && LowerIsBetter.Contains(level2))
        {
            return Comparator.AtMost;
        }
        if (name is null || LowerIsBetter.Count == 0)
        {
            return NoComparator;
        }
        var bare = name.AsSpan().TrimEnd().IndexOfAny(Quotes) < 0 ? name.TrimEnd() : string.Concat(name.Where(c => !Quotes.Contains(c))).TrimEnd();
        return LowerIsBetter.Any(fragment => bare.EndsWith(fragment, StringComparison.Ordinal)) ? Comparator.AtMost : NoComparator;
    }

    private static readonly System.Buffers.SearchValues<char> Quotes = System.Buffers.SearchValues.Create("“”‘’「」『』\"'");

    public bool Covers(int fiscalYear, string regionCode) =>
        CoversYear(fiscalYear) && Regions.Any(r => regionCode.StartsWith(r, StringComparison.Ordinal));

    public bool CoversYear(int fiscalYear) => fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear);

    /// <summary>
    /// Which version of the policy this is: the first 12 hex digits of the SHA-256 of its file as <see cref="ToJson"/>
    /// writes it (every rule, in one order). Kept with each result, so a reviewer can tell results scored before a region
    /// changed its practice from those after — the id stays the same across such changes.
    /// </summary>
    // Remembered per instance by identity, not in a field: a record's `with` copies fields, and a changed copy would keep
    // the original's revision.
    public string Revision => Revisions.GetValue(this, p => Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(p.ToJson().ToJsonString())))[..12]);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ScoringPolicy, string> Revisions = new();

    /// <summary>Whether the policy is for some part of a region known only by a prefix (a province's "51"), or for all of it.</summary>
    public bool Concerns(string regionPrefix) =>
        Regions.Any(r => regionPrefix.StartsWith(r, StringComparison.Ordinal) || r.StartsWith(regionPrefix, StringComparison.Ordinal));

    public string GradeOf(decimal total) => Grades.OrderByDescending(g => g.AtLeast).First(g => total >= g.AtLeast).Grade;

    public decimal Round(decimal value) => RoundingMode switch
    {
        // Decimal division leaves 30/90 × 9 as 2.9999…: settle that at 12 digits before dropping the rest.
        RoundingMode.Truncate => Math.Round(Math.Round(value, 12, MidpointRounding.AwayFromZero), Rounding, MidpointRounding.ToZero),
        RoundingMode.HalfEven => Math.Round(value, Rounding, MidpointRounding.ToEven),
        _ => Math.Round(value, Rounding, MidpointRounding.AwayFromZero),
    };

    /// <summary>Reads one policy file; a missing or wrong field is named with the file.</summary>
    public static ScoringPolicy Read(JsonElement root, string file)
    {
        string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new ValidationException($"{file}: {name}", PerformanceMessages.PolicyRequired("字符串"));
        decimal Num(JsonElement e, string name, decimal? fallback = null, string? section = null)
        {
            var field = section is null ? $"{file}: {name}" : $"{file}: {section}.{name}";
            if (!e.TryGetProperty(name, out var v))
            {
                return fallback ?? throw new ValidationException(field, PerformanceMessages.PolicyRequired("数字"));
            }
            return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : throw new ValidationException(field, PerformanceMessages.PolicyRequired("数字"));
        }
        // A share of a weight (0–1) or a rate (0–100 %): a share of 1.5 scored a level at 150 % of its weight.
        decimal Within(decimal value, decimal high, string field) =>
            value >= 0 && value <= high ? value : throw new ValidationException($"{file}: {field}", PerformanceMessages.PolicyWithin(value, high));
        int Whole(JsonElement e, string name, int? fallback, string field)
        {
            if (!e.TryGetProperty(name, out var v) || (fallback is not null && v.ValueKind == JsonValueKind.Null))
            {
                return fallback ?? throw new ValidationException($"{file}: {field}", PerformanceMessages.PolicyRequired("整数"));
            }
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ValidationException($"{file}: {field}", PerformanceMessages.PolicyRequired("整数"));
        }
        JsonElement Obj(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v : throw new ValidationException($"{file}: {name}", PerformanceMessages.PolicyRequired("对象"));
        T Choice<T>(JsonElement e, string section, string name, T? fallback, params (string Word, T Value)[] choices) where T : struct
        {
            if (!e.TryGetProperty(name, out var v))
            {
                return fallback ?? throw new ValidationException($"{file}: {section}.{name}", PerformanceMessages.PolicyRequired($"取值之一：{string.Join("、", choices.Select(c => c.Word))}"));
            }
            var word = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return choices.FirstOrDefault(c => c.Word == word) is { Word: not null } chosen
                ? chosen.Value
                : throw new ValidationException($"{file}: {section}.{name}", PerformanceMessages.PolicyNotOneOf(word ?? v.ToString(), choices.Select(c => c.Word)));
        }
        MissRule Miss(JsonElement e, string name) => Choice<MissRule>(e, "quantity", name, null, ("proportional", MissRule.Proportional), ("zero", MissRule.Zero));
        ShareRange Share(JsonElement e, string name)
        {
            var field = $"qualitative.{name}";
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
                && v[0].ValueKind == JsonValueKind.Number && v[1].ValueKind == JsonValueKind.Number
                && v[0].TryGetDecimal(out var low) && v[1].TryGetDecimal(out var high) && low <= high)
            {
                return new ShareRange(Within(low, 1, field), Within(high, 1, field));
            }
            return e.TryGetProperty(name, out var one) && one.ValueKind == JsonValueKind.Number && one.TryGetDecimal(out var share)
                ? new ShareRange(Within(share, 1, field), share)
                : throw new ValidationException($"{file}: {field}", PerformanceMessages.PolicyRequired("占分值的份额，或 [下限, 上限]"));
        }

        var years = Obj(root, "fiscalYears");
        var quantity = Obj(root, "quantity");
        var execution = Obj(root, "execution");
        var qualitative = Obj(root, "qualitative");
        var grades = root.TryGetProperty("grades", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Select(b => new GradeBand(Str(b, "grade"), Num(b, "atLeast"))).ToList()
            : throw new ValidationException($"{file}: grades", PerformanceMessages.PolicyRequired("等级区间：grade 与 atLeast"));
        if (!grades.Any(b => b.AtLeast <= 0))
        {
            throw new ValidationException($"{file}: grades", PerformanceMessages.PolicyGradesFromZero);
        }
        var (digits, mode) = root.TryGetProperty("rounding", out var r) && r.ValueKind == JsonValueKind.Object
            ? (Whole(r, "digits", null, "rounding.digits"), Choice(r, "rounding", "mode", RoundingMode.HalfUp,
                ("halfUp", RoundingMode.HalfUp), ("halfEven", RoundingMode.HalfEven), ("truncate", RoundingMode.Truncate)))
            : (Whole(root, "rounding", 2, "rounding"), RoundingMode.HalfUp);
        if (digits is < 0 or > 4)
        {
            throw new ValidationException($"{file}: rounding", PerformanceMessages.PolicyRoundingDigits);
        }
        var from = Whole(years, "from", null, "fiscalYears.from");
        int? to = years.TryGetProperty("to", out var toElement) && toElement.ValueKind != JsonValueKind.Null ? Whole(years, "to", null, "fiscalYears.to") : null;
        if (to < from)
        {
            throw new ValidationException($"{file}: fiscalYears.to", PerformanceMessages.PolicyYearsReversed(from, to.Value));
        }
        var (floor, full) = (Within(Num(execution, "floor", 0, "execution"), 100, "execution.floor"), Within(Num(execution, "full", 100, "execution"), 100, "execution.full"));
        if (floor >= full)
        {
            throw new ValidationException($"{file}: execution.floor", PerformanceMessages.PolicyFloorBelowFull(floor, full));
        }
        List<ExecutionStep> executionSteps = !execution.TryGetProperty("steps", out var steps) ? []
            : steps.ValueKind == JsonValueKind.Array
                ? [.. steps.EnumerateArray().Select((step, i) => step.ValueKind == JsonValueKind.Object
                    ? new ExecutionStep(Within(Num(step, "atLeast", null, $"execution.steps[{i}]"), 100, $"execution.steps[{i}].atLeast"),
                        Within(Num(step, "share", null, $"execution.steps[{i}]"), 1, $"execution.steps[{i}].share"))
                    : throw new ValidationException($"{file}: execution.steps[{i}]", PerformanceMessages.PolicyRequired("对象：atLeast 与 share")))]
                : throw new ValidationException($"{file}: execution.steps", PerformanceMessages.PolicyRequired("档次列表：[{ atLeast, share }, …]"));
        return new ScoringPolicy(
            Str(root, "id"), Str(root, "title"), from, to,
            root.TryGetProperty("regions", out var regions)
                ? regions.ValueKind == JsonValueKind.Array && regions.GetArrayLength() > 0 && regions.EnumerateArray().All(r => r.ValueKind == JsonValueKind.String)
                    ? regions.EnumerateArray().Select(r => r.GetString()!).ToList()
                    : throw new ValidationException($"{file}: regions", PerformanceMessages.PolicyRegions)
                : [""],
            Choice(quantity, "quantity", "noComparator", (Comparator?)null, ("atLeast", Comparator.AtLeast), ("equal", Comparator.Equal)),
            Miss(quantity, "atLeastShortfall"), Miss(quantity, "atMostOverrun"), (Num(quantity, "equalTolerance", 0, "quantity") is >= 0 and var tolerance ? tolerance
                : throw new ValidationException($"{file}: quantity.equalTolerance", PerformanceMessages.PolicyEqualTolerance)), Miss(quantity, "equalMiss"),
            Within(Num(Obj(root, "timeliness"), "late", 0, "timeliness"), 1, "timeliness.late"),
            Enum.GetValues<QualitativeLevel>().ToDictionary(l => l, l => Share(qualitative, l.ToString())),
            Choice(execution, "execution", "kind", (ExecutionRule?)null,
                ("proportional", ExecutionRule.Proportional), ("linear", ExecutionRule.Linear), ("stepped", ExecutionRule.Stepped)),
            Within(Num(execution, "cap", 100, "execution"), 100, "execution.cap"), floor, full, executionSteps,
            digits, grades)
        {
            EqualOver = Choice(quantity, "quantity", "equalOver", OverRule.AsMiss, ("asMiss", OverRule.AsMiss), ("full", OverRule.Full), ("zero", OverRule.Zero)),
            StrictBoundsInclusive = Choice(quantity, "quantity", "strictBounds", false, ("strict", false), ("inclusive", true)),
            ZeroCostMet = Choice(quantity, "quantity", "zeroCost", false, ("zero", false), ("met", true)),
            RoundingMode = mode,
            ScoresByCompletionRate = root.TryGetProperty("overall", out _)
                && Choice(Obj(root, "overall"), "overall", "scoreBy", false, ("values", false), ("completionRate", true)),
            LowerIsBetter = quantity.TryGetProperty("lowerIsBetter", out var lower)
                ? lower.ValueKind == JsonValueKind.Array && lower.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String && f.GetString()!.Length > 0)
                    ? [.. lower.EnumerateArray().Select(f => f.GetString()!)]
                    : throw new ValidationException($"{file}: quantity.lowerIsBetter", PerformanceMessages.PolicyLowerIsBetter)
                : [],
        };
    }

    /// <summary>The policy as a file <see cref="Read"/> reads back to the same rules (the fit writes its result so).</summary>
    public JsonObject ToJson()
    {
        static string Word(MissRule rule) => rule == MissRule.Zero ? "zero" : "proportional";
        static JsonNode Share(ShareRange range) => range.IsPoint ? JsonValue.Create(range.Low) : new JsonArray(range.Low, range.High);
        var years = new JsonObject { ["from"] = FromYear };
        if (ToYear is { } to)
        {
            years["to"] = to;
        }
        var execution = new JsonObject { ["kind"] = Execution.ToString().ToLowerInvariant(), ["cap"] = ExecutionCap, ["floor"] = ExecutionFloor, ["full"] = ExecutionFull };
        if (ExecutionSteps.Count > 0)
        {
            execution["steps"] = new JsonArray([.. ExecutionSteps.Select(s => (JsonNode)new JsonObject { ["atLeast"] = s.AtLeast, ["share"] = s.Share })]);
        }
        return new JsonObject
        {
            ["id"] = Id,
            ["title"] = Title,
            ["fiscalYears"] = years,
            ["regions"] = new JsonArray([.. Regions.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["quantity"] = new JsonObject
            {
                ["noComparator"] = NoComparator == Comparator.Equal ? "equal" : "atLeast",
                ["atLeastShortfall"] = Word(AtLeastShortfall),
                ["atMostOverrun"] = Word(AtMostOverrun),
                ["equalTolerance"] = EqualTolerance,
                ["equalMiss"] = Word(EqualMiss),
                ["equalOver"] = EqualOver switch { OverRule.Full => "full", OverRule.Zero => "zero", _ => "asMiss" },
                ["strictBounds"] = StrictBoundsInclusive ? "inclusive" : "strict",
                ["zeroCost"] = ZeroCostMet ? "met" : "zero",
                ["lowerIsBetter"] = new JsonArray([.. LowerIsBetter.Select(f => (JsonNode)JsonValue.Create(f))]),
            },
            ["timeliness"] = new JsonObject { ["late"] = LateShare },
            ["qualitative"] = new JsonObject(Enum.GetValues<QualitativeLevel>().Select(l => KeyValuePair.Create(l.ToString(), (JsonNode?)Share(Qualitative[l])))),
            ["execution"] = execution,
            ["overall"] = new JsonObject { ["scoreBy"] = ScoresByCompletionRate ? "completionRate" : "values" },
            ["rounding"] = new JsonObject { ["digits"] = Rounding, ["mode"] = RoundingMode switch { RoundingMode.Truncate => "truncate", RoundingMode.HalfEven => "halfEven", _ => "halfUp" } },
            ["grades"] = new JsonArray([.. Grades.Select(b => (JsonNode)new JsonObject { ["grade"] = b.Grade, ["atLeast"] = b.AtLeast })]),
        };
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
