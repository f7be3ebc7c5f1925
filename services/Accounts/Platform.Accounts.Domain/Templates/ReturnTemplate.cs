using Platform.Accounts.Domain.Rules;
using Platform.Domain;

namespace Platform.Accounts.Domain.Templates;

public enum CellType
{
    /// <summary>Money in 元, at most two decimals (分).</summary>
    Amount,
    /// <summary>A whole number (vehicles, persons, batches).</summary>
    Count,
    /// <summary>Square metres, at most two decimals.</summary>
    Area,
    /// <summary>A percentage as printed (99.29 for 99.29 %), at most two decimals.</summary>
    Percent,
}

public sealed record ColumnTemplate(string Code, string Label, CellType Type, string? Computed);

public sealed record RowTemplate(string Code, string Label, CellType? Type, string? Computed, bool AllowNegative);

/// <summary>Rows taken from a classification code list of the year (类 / 款 / 项), with an optional total row.</summary>
public sealed record RowSource(string Classification, IReadOnlyList<int>? Levels, string? TotalRowCode, string? TotalRowLabel);

/// <summary>One statutory or supplementary table of a fiscal year's return.</summary>
public sealed record TableTemplate(
    string Code,
    string Title,
    string? Form,
    bool Supplementary,
    bool PublicationOnly,
    IReadOnlyList<ColumnTemplate> Columns,
    IReadOnlyList<RowTemplate> Rows,
    RowSource? RowsFrom)
{
    public ColumnTemplate? Column(string code) => Columns.FirstOrDefault(c => c.Code == code);

    public RowTemplate? FixedRow(string code) => Rows.FirstOrDefault(r => r.Code == code);
}

/// <summary>What a cell is: its type, whether a clerk enters it, whether it may be negative.</summary>
public sealed record CellSpec(TableTemplate Table, string Row, string RowLabel, ColumnTemplate Column, CellType Type, bool IsInput, bool AllowNegative);

/// <summary>
/// The return's tables for a range of fiscal years: data (reference-data/templates/*.json), never code. Rows of
/// classification tables come from the year's code lists, so a new code is a change of the code-list file.
/// </summary>
public sealed class ReturnTemplate(string id, string title, int fromYear, int? toYear, IReadOnlyList<TableTemplate> tables)
{
    public string Id { get; } = id;
    public string Title { get; } = title;
    public int FromYear { get; } = fromYear;
    public int? ToYear { get; } = toYear;
    public IReadOnlyList<TableTemplate> Tables { get; } = tables;

    public bool Covers(int fiscalYear) => fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear);

    public TableTemplate? Table(string code) => Tables.FirstOrDefault(t => t.Code == code);

    /// <summary>The label of a fixed row or of a classification table's total row; null for a classification code.</summary>
    public string? RowLabel(string table, string row) =>
        Table(table) is { } t ? t.FixedRow(row)?.Label ?? (t.RowsFrom is { TotalRowCode: { } total } source && total == row ? source.TotalRowLabel : null) : null;

    public string YearRange => ToYear is null ? $"{FromYear}–" : $"{FromYear}–{ToYear}";

    /// <summary>
    /// Throws unless <paramref name="location"/> names a table of this template, and (when it names them) a row and a
    /// column the table has in the year of <paramref name="codes"/> — where a reviewer's comment or a clerk's explanation
    /// may be attached. A classification row may be of any level the year's list has (类, 款 or 项).
    /// </summary>
    public void RequireLocation(Location location, ClassificationSet codes, string field)
    {
        if (Table(location.Table) is not { } t)
        {
            throw new ValidationException(field, AccountsMessages.NoTable(Title, location.Table, Tables.Select(x => x.Code)), "UNKNOWN_LOCATION");
        }
        if (location.Column is { } column && t.Column(column) is null)
        {
            throw new ValidationException(field, AccountsMessages.NoColumn(t.Code, column, t.Columns.Select(c => c.Code)), "UNKNOWN_LOCATION");
        }
        if (location.Row is { } row && t.FixedRow(row) is null && row != t.RowsFrom?.TotalRowCode
            && (t.RowsFrom is not { } source || codes.Get(source.Classification).Name(row) is null))
        {
            throw new ValidationException(field, t.RowsFrom is { } from
                ? AccountsMessages.NoSuchCodeRow(t.Code, row, codes.FiscalYear, codes.Get(from.Classification).Title)
                : AccountsMessages.NoRow(t.Code, row, t.Rows.Select(r => r.Code)), "UNKNOWN_LOCATION");
        }
    }

    /// <summary>
    /// Resolves a cell against this template and the year's code lists, or null with the reason (unknown
    /// table / row / column, a row that is not a code of the year's list).
    /// </summary>
    public CellSpec? Resolve(string table, string row, string column, ClassificationSet codes, out string? reason)
    {
        reason = null;
        if (Table(table) is not { } t)
        {
            reason = AccountsMessages.NoTable(Title, table, Tables.Select(x => x.Code));
            return null;
        }
        if (t.Column(column) is not { } c)
        {
            reason = AccountsMessages.NoColumn(table, column, t.Columns.Select(x => x.Code));
            return null;
        }
        if (t.FixedRow(row) is { } fixedRow)
        {
            return new CellSpec(t, row, fixedRow.Label, c, fixedRow.Type ?? c.Type, fixedRow.Computed is null && c.Computed is null, fixedRow.AllowNegative);
        }
        if (t.RowsFrom is { } source)
        {
            if (row == source.TotalRowCode)
            {
                return new CellSpec(t, row, source.TotalRowLabel ?? row, c, c.Type, false, false);
            }
            var list = codes.Get(source.Classification);
            if (list.Name(row) is { } name && (source.Levels is null || source.Levels.Contains(row.Length)))
            {
                return new CellSpec(t, row, name, c, c.Type, list.IsLeaf(row) && c.Computed is null, false);
            }
            reason = AccountsMessages.NotACodeForTable(row, codes.FiscalYear, list.Title, table);
            return null;
        }
        reason = AccountsMessages.NoRow(table, row, t.Rows.Select(x => x.Code));
        return null;
    }
}

/// <summary>A classification code list (功能分类 or 经济分类) for a range of fiscal years: code → name, levels by code length.</summary>
public sealed class ClassificationList
{
    private readonly Dictionary<string, string> _names;

    public ClassificationList(string kind, string title, int fromYear, int? toYear, IReadOnlyList<int> levels, IEnumerable<(string Code, string Name)> codes,
        IReadOnlyList<string>? similarSuffixes = null)
    {
        SimilarSuffixes = similarSuffixes ?? [];
        Kind = kind;
        Title = title;
        FromYear = fromYear;
        ToYear = toYear;
        Levels = levels;
        _names = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (code, name) in codes)
        {
            if (!levels.Contains(code.Length) || !code.All(char.IsAsciiDigit))
            {
                errors.Add(new FieldError($"{kind}.codes[{code}]", $"must be {string.Join(" / ", levels)} digits"));
            }
            else if (!_names.TryAdd(code, name))
            {
                errors.Add(new FieldError($"{kind}.codes[{code}]", "appears twice"));
            }
        }
        foreach (var code in _names.Keys.Where(c => c.Length > levels[0]))
        {
            if (Parent(code) is { } parent && !_names.ContainsKey(parent))
            {
                errors.Add(new FieldError($"{kind}.codes[{code}]", $"its parent {parent} is not in the list"));
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    public string Kind { get; }
    public string Title { get; }
    public int FromYear { get; }
    public int? ToYear { get; }
    public IReadOnlyList<int> Levels { get; }
    public IEnumerable<string> Codes => _names.Keys;

    /// <summary>
    /// The endings publishers drop or add to an official name (the list's "similarSuffixes", e.g. 支出): a printed name that
    /// differs from an official one only by one of them is that item, said as a similar spelling.
    /// </summary>
    public IReadOnlyList<string> SimilarSuffixes { get; }

    public bool Covers(int fiscalYear) => fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear);

    public string? Name(string code) => _names.GetValueOrDefault(code);

    public bool IsLeaf(string code) => code.Length == Levels[^1];

    /// <summary>The code one level up (2240101 → 22401 → 224), or null at the top.</summary>
    public string? Parent(string code)
    {
        var index = IndexOfLevel(code.Length);
        return index <= 0 ? null : code[..Levels[index - 1]];
    }

    /// <summary>The code whose name is <paramref name="name"/> under <paramref name="parent"/> (or at the top level).</summary>
    public string? FindByName(string name, string? parent)
    {
        var length = parent is null ? Levels[0] : Levels[IndexOfLevel(parent.Length) + 1];
        return _names.Where(p => p.Key.Length == length && (parent is null || p.Key.StartsWith(parent, StringComparison.Ordinal)) && Same(p.Value, name))
            .Select(p => p.Key).FirstOrDefault();
    }

    /// <summary>
    /// The code a printed name stands for under <paramref name="parent"/>: by its official name first (brackets and spaces
    /// aside); else by the list's declared similarity — the printed and the official name equal once one of the list's
    /// <see cref="SimilarSuffixes"/> is taken off either (机关事业单位基本养老保险缴费 for …缴费支出). That one comes back as not
    /// exact, for the reader to say both spellings. Null when nothing matches, or when more than one name does (never a
    /// guess). A looser "one contains the other" read 应急管理事务 (a 款's own name) as its 项 应急管理, and 行政事业单位离退休
    /// as 事业单位离退休: containment is not similarity.
    /// </summary>
    public (string Code, bool Exact)? Match(string name, string? parent)
    {
        if (FindByName(name, parent) is { } code)
        {
            return (code, true);
        }
        if (SimilarSuffixes.Count == 0)
        {
            return null;
        }
        var printed = Stem(Normalize(name));
        var length = parent is null ? Levels[0] : Levels[IndexOfLevel(parent.Length) + 1];
        var close = _names.Where(p => p.Key.Length == length && (parent is null || p.Key.StartsWith(parent, StringComparison.Ordinal)))
            .Where(p => Stem(Normalize(p.Value)) == printed)
            .Select(p => p.Key).Take(2).ToList();
        return close.Count == 1 ? (close[0], false) : null;
    }

    private string Stem(string name) =>
        SimilarSuffixes.FirstOrDefault(suffix => name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)) is { } s ? name[..^s.Length] : name;

    private int IndexOfLevel(int length)
    {
        for (var i = 0; i < Levels.Count; i++)
        {
            if (Levels[i] == length)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool Same(string a, string b) => Normalize(a) == Normalize(b);

    // Publications mix full-width and half-width brackets: 维修（护）费 / 维修(护)费.
    private static string Normalize(string s) => s.Replace('（', '(').Replace('）', ')').Replace(" ", "", StringComparison.Ordinal).Trim();
}

/// <summary>The code lists in force for one fiscal year, by kind.</summary>
public sealed class ClassificationSet(int fiscalYear, IReadOnlyDictionary<string, ClassificationList> lists)
{
    public int FiscalYear { get; } = fiscalYear;

    public ClassificationList Get(string kind) => lists.TryGetValue(kind, out var list)
        ? list
        : throw new NotFoundException("classification", AccountsMessages.ClassificationKey(kind, FiscalYear));
}

/// <summary>Deadline of returns for a region (prefix of division codes) and fiscal year.</summary>
public sealed record Deadline(string RegionPrefix, int FiscalYear, DateOnly Due, string Source);
