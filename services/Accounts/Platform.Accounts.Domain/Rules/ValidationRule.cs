using System.Globalization;
using Platform.Domain;

namespace Platform.Accounts.Domain.Rules;

public enum Severity
{
    /// <summary>Blocks submission.</summary>
    Error,
    /// <summary>Needs a written explanation before submission.</summary>
    Warning,
    Info,
}

/// <summary>What a rule's figures are: it decides how they are shown (amounts in the return's display unit).</summary>
public enum RuleUnit
{
    Amount,
    Count,
    Percent,
}

/// <summary>How a rule's tolerance is read.</summary>
public enum ToleranceUnit
{
    /// <summary>As is, in the rule's unit (percentage points, vehicles, 元).</summary>
    Absolute,
    /// <summary>Times the return's rounding unit: independent rounding of published items (0.01 万元 each).</summary>
    Rounding,
}

/// <summary>
/// A validation rule as data: id, severity, the comparison, the tolerance for independent rounding
/// (declared per rule), a message template ({expected}, {actual}, {difference}, {row}), the fiscal years and
/// regions it applies to, and for per-row rules the rows it runs on (<see cref="ForEach"/>, e.g. "Z05[???????]").
/// A warning names the location whose written explanation clears it (<see cref="Explain"/>, e.g. "Z05[$]").
/// <see cref="PublicationOnly"/> rules check what only a published disclosure prints and do not run on filed returns;
/// <see cref="FiledOnly"/> rules check what a clerk must fill (at least one income line) and do not run on a publication,
/// which prints what it prints — a disclosure without 收入支出决算总表 is not a return with its incomes left blank.
/// </summary>
public sealed record ValidationRule(
    string Id,
    Severity Severity,
    string Expression,
    decimal Tolerance,
    string Message,
    int FromYear,
    int? ToYear = null,
    IReadOnlyList<string>? RegionPrefixes = null,
    string Text = "",
    RuleUnit Unit = RuleUnit.Amount,
    ToleranceUnit ToleranceUnit = ToleranceUnit.Absolute,
    string? ForEach = null,
    string? Explain = null,
    bool PublicationOnly = false,
    bool FiledOnly = false)
{
    public bool AppliesTo(int fiscalYear, string regionCode) =>
        fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear)
        && (RegionPrefixes is null || RegionPrefixes.Count == 0 || RegionPrefixes.Any(p => regionCode.StartsWith(p, StringComparison.Ordinal)));
}

/// <summary>A cell or row of a return: a finding's location, an explanation's or a comment's target.</summary>
public readonly record struct Location(string Table, string? Row = null, string? Column = null)
{
    /// <summary>"Z05[2240101]" or "Z01[INC_TOTAL,AMT]" or "Z07".</summary>
    public override string ToString() => Row is null ? Table : Column is null ? $"{Table}[{Row}]" : $"{Table}[{Row},{Column}]";

    /// <summary>The row-level location (explanations attach to rows).</summary>
    public Location RowOnly => this with { Column = null };

    public static Location Parse(string text, string field)
    {
        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return IsCode(text) ? new Location(text) : throw Bad();
        }
        if (!text.EndsWith(']'))
        {
            throw Bad();
        }
        var table = text[..open];
        var parts = text[(open + 1)..^1].Split(',');
        if (!IsCode(table) || parts.Length > 2 || parts.Any(p => !IsCode(p.Trim())))
        {
            throw Bad();
        }
        return new Location(table, parts[0].Trim(), parts.Length == 2 ? parts[1].Trim() : null);

        ValidationException Bad() => new(field, AccountsMessages.NotALocation(text), "LOCATION");
    }

    private static bool IsCode(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>One rule's outcome on one return (one row of a per-row rule). Figures are exact, in 元 for amounts.</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    string Message,
    decimal Expected,
    decimal Actual,
    decimal Difference,
    RuleUnit Unit,
    string Expression,
    Location? Location,
    Location? ExplainAt)
{
    /// <summary>
    /// How the rule compares actual with expected ("=", "&lt;=", "&gt;=", "&lt;", "&gt;", "!="): an expected figure of "=" is what the
    /// actual should be, of "&lt;=" a limit it may not pass (a year-on-year change over 20 % of last year's figure).
    /// </summary>
    public string Comparison { get; init; } = "=";
}

/// <summary>
/// A set of rules compiled once (for a fiscal year and region) and then evaluated against any number of
/// returns: evaluation only runs the compiled closures over the cells.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly List<Entry> _rules;

    private sealed record Entry(ValidationRule Rule, CompiledRule Body, string? ForEachTable, string? ForEachPattern, string? ExplainTable, string? ExplainRow,
        Location? Subject, IReadOnlyList<(string Placeholder, Expression Figure)> Figures);

    /// <summary>
    /// A message's figure placeholder: an expression of the rule language in braces ({Z04[INC_TOTAL,AMT]},
    /// {PRIOR(Z05[$,TOTAL])}) — what a comparison of ABS(a − b) cannot say by its two sides: the two figures compared.
    /// </summary>
    /// <summary>The expressions a message names in braces (see <see cref="FigurePlaceholder"/>), for checking them against the templates.</summary>
    public static IEnumerable<string> MessageFigures(string message) => FigurePlaceholder.Matches(message).Select(m => m.Groups[1].Value);

    private static readonly System.Text.RegularExpressions.Regex FigurePlaceholder = new(@"\{([^{}]*[\[(][^{}]*)\}", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A cell reference of the rule language: TABLE[ROW,COLUMN] (ROW may be $ or $n in a per-row rule).</summary>
    private static readonly System.Text.RegularExpressions.Regex CellReference = new(@"\b([A-Z][0-9]{2})\[([^,\]\s]+)\s*,\s*([^\]\s]+)\]", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The cell a rule is about, where a form puts its finding: the first cell of the expression that names one cell (not a
    /// pattern such as Z05[224????,TOTAL]) — for "A = B + C" that is A, the figure that does not add up. In a per-row rule
    /// its row is "$" (the row) or "$n" (the row's first n characters).
    /// </summary>
    private static Location? SubjectOf(string expression) =>
        CellReference.Matches(expression)
            .Where(m => !m.Groups[2].Value.Contains('?') && !m.Groups[2].Value.Contains('*'))
            .Select(m => (Location?)new Location(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))
            .FirstOrDefault();

    /// <summary>A row's name in messages ({row}): the template's label of a fixed row (事业单位, 合计); null keeps the code (2080501).</summary>
    private readonly Func<string, string, string?> _rowLabel;

    private CompiledRuleSet(List<Entry> rules, Func<string, string, string?>? rowLabel) => (_rules, _rowLabel) = (rules, rowLabel ?? ((_, _) => null));

    /// <summary>The ids of the rules in the set (a client running the set knows which findings are its own to recompute).</summary>
    public IReadOnlySet<string> RuleIds => _rules.Select(r => r.Rule.Id).ToHashSet(StringComparer.Ordinal);

    public int Count => _rules.Count;

    public IEnumerable<ValidationRule> Rules => _rules.Select(r => r.Rule);

    /// <param name="rowLabel">
    /// The label of a table's row (table, row code), for messages that name the row: a code of the template's own
    /// ("INSTITUTION") means nothing to a clerk, its label (事业单位) does; classification codes are printed as they are.
    /// </param>
    public static CompiledRuleSet Compile(IEnumerable<ValidationRule> rules, int fiscalYear, string regionCode, Func<string, string, string?>? rowLabel = null)
    {
        var compiled = new List<Entry>();
        var errors = new List<FieldError>();
        foreach (var rule in rules.Where(r => r.AppliesTo(fiscalYear, regionCode)))
        {
            try
            {
                compiled.Add(CompileOne(rule));
            }
            catch (ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
        return new CompiledRuleSet(compiled, rowLabel);
    }

    /// <summary>
    /// What a rule's message may name: the comparison's sides, the signed difference, its size, a per-row rule's row — and any
    /// figure of the return as an expression in braces (<see cref="FigurePlaceholder"/>).
    /// </summary>
    private static readonly string[] MessagePlaceholders = ["expected", "actual", "difference", "gap", "row"];

    private static Entry CompileOne(ValidationRule rule)
    {
        var body = RuleLanguage.Compile(rule.Expression, $"rules[{rule.Id}].expression");
        string? table = null, pattern = null;
        if (rule.ForEach is { } forEach)
        {
            var location = Location.Parse(forEach.Replace('?', '0').Replace('*', '0'), $"rules[{rule.Id}].forEach");
            table = location.Table;
            pattern = forEach[(forEach.IndexOf('[', StringComparison.Ordinal) + 1)..^1];
        }
        string? explainTable = null, explainRow = null;
        if (rule.Explain is { } explain)
        {
            var open = explain.IndexOf('[', StringComparison.Ordinal);
            explainTable = open < 0 ? explain : explain[..open];
            explainRow = open < 0 ? null : explain[(open + 1)..^1];
            if (explainRow is { } r && r.StartsWith('$') && pattern is null)
            {
                throw new ValidationException($"rules[{rule.Id}].explain", "'$' needs a per-row rule (forEach)");
            }
        }
        else if (rule.Severity == Severity.Warning)
        {
            throw new ValidationException($"rules[{rule.Id}].explain", "a warning must name where its explanation goes");
        }
        // A message's placeholders are those EvaluateAt fills: a typo would be printed to every clerk as it is.
        if (System.Text.RegularExpressions.Regex.Matches(rule.Message, @"\{(\w+)\}").Select(m => m.Groups[1].Value)
                .FirstOrDefault(name => !MessagePlaceholders.Contains(name) || (name == "row" && pattern is null)) is { } unknown)
        {
            throw new ValidationException($"rules[{rule.Id}].message",
                unknown == "row" ? "'{row}' needs a per-row rule (forEach)" : $"'{{{unknown}}}' is not a placeholder ({string.Join(", ", MessagePlaceholders.Select(p => "{" + p + "}"))})");
        }
        if (rule.Tolerance < 0)
        {
            throw new ValidationException($"rules[{rule.Id}].tolerance", "must not be negative");
        }
        var figures = FigurePlaceholder.Matches(rule.Message)
            .Select(m => (m.Value, RuleLanguage.CompileExpression(m.Groups[1].Value, $"rules[{rule.Id}].message")))
            .ToList();
        if (figures.Count > 0 && pattern is null && figures.Any(f => f.Value.Contains('$')))
        {
            throw new ValidationException($"rules[{rule.Id}].message", "'$' needs a per-row rule (forEach)");
        }
        return new Entry(rule, body, table, pattern, explainTable, explainRow, SubjectOf(rule.Expression), figures);
    }

    /// <summary>
    /// Every failed rule, with expected, actual and difference. Rules that cannot apply (no prior year, figures not stated,
    /// condition false) are skipped. A <paramref name="consolidated"/> return is nobody's filing: what a clerk must fill
    /// (<see cref="ValidationRule.FiledOnly"/>) is not asked of it — its units' returns were asked, and a consolidation
    /// keeps no zeros, so units that approved 0 income made "收入各项均未填报" of their region's total.
    /// </summary>
    public List<Finding> Evaluate(IReturnCells cells, bool consolidated = false)
    {
        var findings = new List<Finding>();
        foreach (var entry in _rules)
        {
            if ((entry.Body.UsesPrior && cells.Prior is null) || (entry.Rule.PublicationOnly && cells.BlanksAreZero)
                || (entry.Rule.FiledOnly && (!cells.BlanksAreZero || consolidated)))
            {
                continue;
            }
            if (entry.ForEachTable is null)
            {
                EvaluateAt(entry, new EvaluationContext(cells, null, null), findings);
                continue;
            }
            foreach (var row in cells.Rows(entry.ForEachTable))
            {
                if (RuleLanguage.Matches(row, entry.ForEachPattern!))
                {
                    EvaluateAt(entry, new EvaluationContext(cells, row, null), findings);
                }
            }
        }
        return findings;
    }

    private void EvaluateAt(Entry entry, EvaluationContext context, List<Finding> findings)
    {
        foreach (var condition in entry.Body.Conditions)
        {
            if (condition.Holds(context, 0m, out _, out _) != true)
            {
                return;
            }
        }
        var rule = entry.Rule;
        var tolerance = rule.ToleranceUnit == ToleranceUnit.Rounding ? rule.Tolerance * context.Cells.RoundingUnit : rule.Tolerance;
        if (entry.Body.Body.Holds(context, tolerance, out var actual, out var expected) != false
            || (rule.Unit == RuleUnit.Percent
                && entry.Body.Body.Holds(context, Math.Max(tolerance, PrintedPrecision(actual)) + RoundingSlack(entry.Body.Body.Expected, context, expected), out _, out _) != false))
        {
            return;
        }
        var difference = actual - expected;
        // A per-row rule is about the row it is evaluated at (its cell, when the rule names one of that row); any other rule
        // about the first cell its expression names.
        Location? location = entry.ForEachTable is { } t
            ? new Location(t, context.Row, entry.Subject is { Row: "$" } s && s.Table == t ? s.Column : null)
            : entry.Subject;
        Location? explainAt = entry.ExplainTable is { } et
            ? new Location(et, entry.ExplainRow is { } er && er.StartsWith('$') ? Prefix(context.Row!, er) : entry.ExplainRow)
            : null;
        // Amounts show in the unit the return was written in: 万元 for publications, 元 for filed returns.
        var (divisor, suffix) = rule.Unit != RuleUnit.Amount ? (1m, "") : context.Cells.RoundingUnit >= 100m ? (10_000m, " 万元") : (1m, " 元");
        var message = rule.Message
            .Replace("{expected}", Format(expected / divisor, rule.Unit) + suffix, StringComparison.Ordinal)
            .Replace("{actual}", Format(actual / divisor, rule.Unit) + suffix, StringComparison.Ordinal)
            .Replace("{difference}", FormatSigned(difference / divisor, rule.Unit) + suffix, StringComparison.Ordinal)
            // The size of the difference without its sign, for a message whose words say the direction ("增加 {gap}").
            .Replace("{gap}", Format(Math.Abs(difference) / divisor, rule.Unit) + suffix, StringComparison.Ordinal)
            .Replace("{row}", context.Row is { } row ? _rowLabel(entry.ForEachTable!, row) ?? row : "", StringComparison.Ordinal);
        foreach (var (placeholder, figure) in entry.Figures)
        {
            // A figure the return does not state (a publication's blank) is said as such, never as 0.
            message = message.Replace(placeholder, figure.Evaluate(context) is { } value ? Format(value / divisor, rule.Unit) + suffix : "（未列示）", StringComparison.Ordinal);
        }
        findings.Add(new Finding(rule.Id, rule.Severity, message, expected, actual, difference, rule.Unit, entry.Body.Text, location, explainAt)
        {
            Comparison = entry.Body.Body.Operator,
        });
    }

    private static string Prefix(string row, string token) =>
        token.Length > 1 && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && row.Length >= n ? row[..n] : row;

    /// <summary>Amounts grouped by thousands as the form shows them (8,679,000.50 元); rates and counts as they are.</summary>
    private static string Format(decimal value, RuleUnit unit) => unit switch
    {
        RuleUnit.Count => value.ToString("0.##", CultureInfo.InvariantCulture),
        RuleUnit.Percent => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("#,##0.00", CultureInfo.InvariantCulture),
    };

    private static string FormatSigned(decimal value, RuleUnit unit) => unit switch
    {
        RuleUnit.Count => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture),
        RuleUnit.Percent => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("+#,##0.00;-#,##0.00;0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A rate printed at fewer decimals ("97.3%", "4%") is as right as its last digit allows: half a unit of that digit.
    /// The printed value keeps its scale (97.3 has one decimal); a computed one has many and allows nothing more.
    /// </summary>
    private static decimal PrintedPrecision(decimal printed) => printed.Scale >= 2 ? 0m : PrintedNumber.HalfUnit(printed);

    /// <summary>
    /// How far a rate computed from a publication's amounts can be from the one its publisher computed from the unrounded
    /// ones: each amount is printed to 0.01 万元, so each may be off by half of that. The rate is computed again with every
    /// amount of the year and of last year moved by that half, the same way and the opposite ways (a change and its base
    /// move apart), and the widest difference is the slack (109: 0.41 万元 of 12.37 is 3.31 %, printed 3.34 %: within it).
    /// Filed returns are exact to the 分: no slack.
    /// </summary>
    private static decimal RoundingSlack(Expression expectedSide, EvaluationContext context, decimal expected)
    {
        if (context.Cells.BlanksAreZero)
        {
            return 0m;
        }
        var half = context.Cells.RoundingUnit / 2;
        var slack = 0m;
        foreach (var (now, before) in new[] { (1, 1), (-1, -1), (1, -1), (-1, 1) })
        {
            var moved = context.WithCells(new MovedAmounts(context.Cells, now * half, before * half));
            if (expectedSide.Evaluate(moved) is { } e)
            {
                slack = Math.Max(slack, Math.Abs(e - expected));
            }
        }
        return slack;
    }

    /// <summary>A publication's amounts (not its printed rates, table D01) each moved by a rounding step, last year's by another.</summary>
    private sealed class MovedAmounts(IReturnCells inner, decimal by, decimal priorBy) : IReturnCells
    {
        public decimal? Get(string table, string row, string column) =>
            inner.Get(table, row, column) is { } v ? table == "D01" ? v : v + by : null;

        public IReadOnlyList<string> Rows(string table) => inner.Rows(table);

        public IReturnCells? Prior => inner.Prior is { } prior ? new MovedAmounts(prior, priorBy, 0m) : null;

        public bool BlanksAreZero => inner.BlanksAreZero;

        public decimal RoundingUnit => inner.RoundingUnit;
    }
}
