using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;

namespace Platform.Accounts.Domain.ReferenceData;

/// <summary>
/// Everything that changes by fiscal year or region, read from data files: return templates, classification
/// code lists, the validation rule set and deadlines. Loading checks the files against each other (every
/// formula compiles and names tables and rows that exist) so a bad edit fails at start-up, naming the file
/// and the field, not when a clerk submits.
/// </summary>
public sealed partial class ReferenceDataSet
{
    private readonly List<ReturnTemplate> _templates;
    private readonly List<ClassificationList> _classifications;
    private readonly List<ValidationRule> _rules;
    private readonly List<Deadline> _deadlines;
    private readonly List<EliminationPair> _eliminations;
    private readonly ConcurrentDictionary<(int, string), CompiledRuleSet> _compiled = new();

    private ReferenceDataSet(List<ReturnTemplate> templates, List<ClassificationList> classifications, List<ValidationRule> rules, List<Deadline> deadlines, List<EliminationPair> eliminations)
    {
        _eliminations = eliminations;
        _templates = templates;
        _classifications = classifications;
        _rules = rules;
        _deadlines = deadlines;
    }

    public IReadOnlyList<ValidationRule> Rules => _rules;

    public IReadOnlyList<ReturnTemplate> Templates => _templates;

    /// <summary>The reference data shipped with the service (services/Accounts/reference-data, embedded at build).</summary>
    public static ReferenceDataSet LoadShipped()
    {
        var assembly = typeof(ReferenceDataSet).Assembly;
        const string prefix = "reference-data/";
        var streams = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => (n[prefix.Length..], assembly.GetManifestResourceStream(n)!)).ToList();
        try
        {
            return Load(streams);
        }
        finally
        {
            streams.ForEach(s => s.Item2.Dispose());
        }
    }

    /// <summary>Reads a reference-data directory on disk (a deployment's own files: a new year without a rebuild).</summary>
    public static ReferenceDataSet LoadDirectory(string path)
    {
        var root = Path.GetFullPath(path);
        var streams = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), (Stream)File.OpenRead(f))).ToList();
        try
        {
            return Load(streams);
        }
        finally
        {
            streams.ForEach(s => s.Item2.Dispose());
        }
    }

    /// <summary>Reads the files of a reference-data directory (templates/, classifications/, rules/, deadlines.json).</summary>
    public static ReferenceDataSet Load(IEnumerable<(string Name, Stream Content)> files)
    {
        var templates = new List<ReturnTemplate>();
        var classifications = new List<ClassificationList>();
        var rules = new List<ValidationRule>();
        var deadlines = new List<Deadline>();
        var eliminations = new List<EliminationPair>();
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            try
            {
                if (name.StartsWith("templates/", StringComparison.Ordinal))
                {
                    templates.Add(ReadTemplate(root));
                }
                else if (name.StartsWith("classifications/", StringComparison.Ordinal))
                {
                    classifications.Add(ReadClassification(root));
                }
                else if (name.StartsWith("rules/", StringComparison.Ordinal))
                {
                    rules.AddRange(root.GetProperty("rules").EnumerateArray().Select(ReadRule));
                }
                else if (name.StartsWith("consolidation/", StringComparison.Ordinal))
                {
                    eliminations.AddRange(root.GetProperty("eliminations").EnumerateArray().Select(ReadElimination));
                }
                else if (name == "deadlines.json")
                {
                    deadlines.AddRange(root.GetProperty("deadlines").EnumerateArray().Select(d => new Deadline(
                        d.GetProperty("region").GetString()!,
                        d.GetProperty("fiscalYear").GetInt32(),
                        DateOnly.ParseExact(d.GetProperty("due").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        d.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "")));
                }
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ValidationException)
            {
                var reason = ex is ValidationException v ? string.Join("; ", v.Errors.Select(e => $"{e.Field}: {e.Reason}")) : ex.Message;
                throw new ValidationException(name, $"reference data file is invalid: {reason}", "REFERENCE_DATA");
            }
        }
        var set = new ReferenceDataSet(templates, classifications, rules, deadlines, eliminations);
        set.CheckConsistency();
        return set;
    }

    /// <summary>The template of a fiscal year, or a validation error naming the years that exist.</summary>
    public ReturnTemplate TemplateFor(int fiscalYear, string field = "fiscal_year") =>
        _templates.FirstOrDefault(t => t.Covers(fiscalYear))
        ?? throw new ValidationException(field, AccountsMessages.NoTemplate(fiscalYear, _templates.Select(t => t.YearRange)), "NO_TEMPLATE");

    public ClassificationSet CodesFor(int fiscalYear) => new(fiscalYear,
        _classifications.Where(c => c.Covers(fiscalYear)).GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.First()));

    /// <summary>The rules in force for a fiscal year and region, compiled once and cached.</summary>
    public CompiledRuleSet RulesFor(int fiscalYear, string regionCode) =>
        _compiled.GetOrAdd((fiscalYear, regionCode), k => CompiledRuleSet.Compile(_rules, k.Item1, k.Item2,
            _templates.FirstOrDefault(t => t.Covers(k.Item1)) is { } template ? template.RowLabel : null));

    /// <summary>The eliminations applied when consolidating a fiscal year.</summary>
    public IReadOnlyList<EliminationPair> EliminationsFor(int fiscalYear) => _eliminations.Where(e => e.Covers(fiscalYear)).ToList();

    private readonly ConcurrentDictionary<int, ContributionScheme> _schemes = new();

    /// <summary>How returns of a fiscal year consolidate (one per year, kept: it remembers resolved cells).</summary>
    public ContributionScheme ConsolidationFor(int fiscalYear) =>
        _schemes.GetOrAdd(fiscalYear, y => new ContributionScheme(y, TemplateFor(y), CodesFor(y), EliminationsFor(y)));

    private static EliminationPair ReadElimination(JsonElement e)
    {
        var years = e.GetProperty("fiscalYears");
        return new EliminationPair(
            e.GetProperty("id").GetString()!,
            e.GetProperty("label").GetString()!,
            e.GetProperty("sides").EnumerateArray().Select(s => new EliminationSide(
                SideCell(s.GetProperty("child").GetString(), "child"),
                SideCell(s.GetProperty("parent").GetString(), "parent"))).ToList(),
            years.GetProperty("from").GetInt32(),
            years.TryGetProperty("to", out var to) ? to.GetInt32() : null);
    }

    /// <summary>TABLE[ROW,COLUMN] where ROW may be "*" (the same row on both sides).</summary>
    private static CellKey SideCell(string? text, string field) =>
        SideCellPattern().Match(text ?? "") is { Success: true } m
            ? new CellKey(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)
            : throw new ValidationException(field, $"'{text}' is not TABLE[ROW,COLUMN] (ROW may be *)", "CELL");

    [GeneratedRegex(@"^([A-Z][A-Z0-9]*)\[([A-Z0-9_]+|\*),([A-Z0-9_]+)\]$")]
    private static partial Regex SideCellPattern();

    public Deadline? DeadlineFor(string regionCode, int fiscalYear) => _deadlines
        .Where(d => d.FiscalYear == fiscalYear && regionCode.StartsWith(d.RegionPrefix, StringComparison.Ordinal))
        .OrderByDescending(d => d.RegionPrefix.Length)
        .FirstOrDefault();

    private void CheckConsistency()
    {
        var errors = new List<FieldError>();
        foreach (var template in _templates)
        {
            var tables = template.Tables.ToDictionary(t => t.Code);
            foreach (var table in template.Tables)
            {
                if (table.RowsFrom is { } source && !_classifications.Any(c => c.Kind == source.Classification))
                {
                    errors.Add(new FieldError($"templates/{template.Id}.{table.Code}.rowsFrom", $"no code list of kind '{source.Classification}'"));
                }
                foreach (var (field, formula) in table.Rows.Where(r => r.Computed is not null).Select(r => ($"{table.Code}.rows[{r.Code}].computed", r.Computed!))
                    .Concat(table.Columns.Where(c => c.Computed is not null).Select(c => ($"{table.Code}.columns[{c.Code}].computed", c.Computed!))))
                {
                    try
                    {
                        RuleLanguage.CompileExpression(formula, $"templates/{template.Id}.{field}");
                        CheckReferences(formula, tables, $"templates/{template.Id}.{field}", errors);
                    }
                    catch (ValidationException ex)
                    {
                        errors.AddRange(ex.Errors);
                    }
                }
            }
            foreach (var rule in _rules.Where(r => template.Covers(r.FromYear) || (r.ToYear is { } to && template.Covers(to))))
            {
                CheckReferences(rule.Expression, tables, $"rules[{rule.Id}].expression", errors);
                // A figure the message names ({Z04[BUDGET_INITIAL,AMT]}) is checked as the expression's are: a typo would print
                // "0.00 元" or "（未列示）" to every clerk.
                foreach (var figure in CompiledRuleSet.MessageFigures(rule.Message))
                {
                    CheckReferences(figure, tables, $"rules[{rule.Id}].message", errors);
                }
            }
            // Eliminations name cells: their table and column must exist, and a fixed row must be a row of the table.
            foreach (var pair in _eliminations.Where(e => template.Covers(e.FromYear) || (e.ToYear is { } to && template.Covers(to))))
            {
                foreach (var (cell, side) in pair.Sides.SelectMany(s => new[] { (s.Child, "child"), (s.Parent, "parent") }))
                {
                    var field = $"consolidation[{pair.Id}].{side}";
                    if (!tables.TryGetValue(cell.Table, out var table) || table.Column(cell.Column) is null)
                    {
                        errors.Add(new FieldError(field, $"{cell} names no table/column of template {template.Id}"));
                    }
                    else if (cell.Row != EliminationSide.SameRow && table.FixedRow(cell.Row) is null)
                    {
                        errors.Add(new FieldError(field, $"{cell}: table {cell.Table} has no row {cell.Row}"));
                    }
                }
            }
        }
        foreach (var duplicate in _rules.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError($"rules[{duplicate.Key}]", "the id appears more than once"));
        }
        try
        {
            // Compile every rule once now: a syntax error fails start-up, not a clerk's submission.
            CompiledRuleSet.Compile(_rules.Select(r => r with { FromYear = 0, ToYear = null, RegionPrefixes = null }), 0, "");
        }
        catch (ValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static void CheckReferences(string formula, Dictionary<string, TableTemplate> tables, string field, List<FieldError> errors)
    {
        foreach (Match match in CellReference().Matches(formula))
        {
            var (table, row, column) = (match.Groups[1].Value, match.Groups[2].Value.Trim(), match.Groups[3].Value.Trim());
            if (!tables.TryGetValue(table, out var t))
            {
                errors.Add(new FieldError(field, $"unknown table {table} in {match.Value}"));
                continue;
            }
            if (column != "$" && t.Column(column) is null)
            {
                errors.Add(new FieldError(field, $"table {table} has no column {column} in {match.Value}"));
            }
            var isCode = row.StartsWith('$') || row.All(c => char.IsAsciiDigit(c) || c == '?') || row == "*";
            if (!isCode && t.FixedRow(row) is null && t.RowsFrom?.TotalRowCode != row)
            {
                errors.Add(new FieldError(field, $"table {table} has no row {row} in {match.Value}"));
            }
        }
    }

    [GeneratedRegex(@"\b([A-Z][0-9]{2})\[([^,\]]+),([^\]]+)\]")]
    private static partial Regex CellReference();

    private static ReturnTemplate ReadTemplate(JsonElement root)
    {
        var (from, to) = ReadYears(root.GetProperty("fiscalYears"));
        var tables = root.GetProperty("tables").EnumerateArray().Select(t => new TableTemplate(
            t.GetProperty("code").GetString()!,
            t.GetProperty("title").GetString()!,
            OptionalString(t, "form"),
            OptionalBool(t, "supplementary"),
            OptionalBool(t, "publicationOnly"),
            t.GetProperty("columns").EnumerateArray().Select(c => new ColumnTemplate(
                c.GetProperty("code").GetString()!, c.GetProperty("label").GetString()!, ParseType(c.GetProperty("type").GetString()!), OptionalString(c, "computed"))).ToList(),
            t.TryGetProperty("rows", out var rows)
                ? rows.EnumerateArray().Select(r => new RowTemplate(
                    r.GetProperty("code").GetString()!, r.GetProperty("label").GetString()!,
                    OptionalString(r, "type") is { } type ? ParseType(type) : null, OptionalString(r, "computed"), OptionalBool(r, "allowNegative"))).ToList()
                : [],
            t.TryGetProperty("rowsFrom", out var source)
                ? new RowSource(
                    source.GetProperty("classification").GetString()!,
                    source.TryGetProperty("levels", out var levels) ? levels.EnumerateArray().Select(l => l.GetInt32()).ToList() : null,
                    source.TryGetProperty("totalRow", out var total) ? total.GetProperty("code").GetString() : null,
                    source.TryGetProperty("totalRow", out var total2) ? total2.GetProperty("label").GetString() : null)
                : null)).ToList();
        return new ReturnTemplate(root.GetProperty("id").GetString()!, root.GetProperty("title").GetString()!, from, to, tables);
    }

    private static ClassificationList ReadClassification(JsonElement root)
    {
        var (from, to) = ReadYears(root.GetProperty("fiscalYears"));
        return new ClassificationList(
            root.GetProperty("kind").GetString()!,
            root.GetProperty("title").GetString()!,
            from, to,
            root.GetProperty("levels").EnumerateArray().Select(l => l.GetInt32()).ToList(),
            root.GetProperty("codes").EnumerateArray().Select(c => (c.GetProperty("code").GetString()!, c.GetProperty("name").GetString()!)),
            root.TryGetProperty("similarSuffixes", out var suffixes) ? suffixes.EnumerateArray().Select(x => x.GetString()!).ToList() : []);
    }

    private static ValidationRule ReadRule(JsonElement r)
    {
        var id = r.GetProperty("id").GetString()!;
        var (from, to) = ReadYears(r.GetProperty("fiscalYears"));
        return new ValidationRule(
            id,
            OptionalString(r, "severity") switch
            {
                "error" => Severity.Error,
                "warning" => Severity.Warning,
                "info" => Severity.Info,
                var other => throw new ValidationException($"rules[{id}].severity", $"'{other}' is not error, warning or info"),
            },
            r.GetProperty("expression").GetString()!,
            decimal.Parse(r.GetProperty("tolerance").GetString()!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            r.GetProperty("message").GetString()!,
            from, to,
            r.TryGetProperty("regions", out var regions) ? regions.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
            r.GetProperty("text").GetString()!,
            OptionalString(r, "unit") switch
            {
                "amount" or null => RuleUnit.Amount,
                "count" => RuleUnit.Count,
                "percent" => RuleUnit.Percent,
                var other => throw new ValidationException($"rules[{id}].unit", $"'{other}' is not amount, count or percent"),
            },
            OptionalString(r, "toleranceUnit") switch
            {
                "absolute" or null => ToleranceUnit.Absolute,
                "rounding" => ToleranceUnit.Rounding,
                var other => throw new ValidationException($"rules[{id}].toleranceUnit", $"'{other}' is not absolute or rounding"),
            },
            OptionalString(r, "forEach"),
            OptionalString(r, "explain"),
            OptionalBool(r, "publicationOnly"),
            OptionalBool(r, "filedOnly"));
    }

    private static (int From, int? To) ReadYears(JsonElement years) =>
        (years.GetProperty("from").GetInt32(), years.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Number ? to.GetInt32() : null);

    private static CellType ParseType(string type) => type switch
    {
        "amount" => CellType.Amount,
        "count" => CellType.Count,
        "area" => CellType.Area,
        "percent" => CellType.Percent,
        _ => throw new FormatException($"'{type}' is not a cell type (amount, count, area, percent)"),
    };

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
