using System.Globalization;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Templates;
using Platform.Domain;

namespace Platform.Accounts.Domain.Returns;

/// <summary>A cell's address: table, row (a fixed row code or a classification code), column.</summary>
public readonly record struct CellKey(string Table, string Row, string Column)
{
    public override string ToString() => $"{Table}[{Row},{Column}]";

    public static CellKey Parse(string text, string field)
    {
        var location = Location.Parse(text, field);
        return location is { Row: { } row, Column: { } column }
            ? new CellKey(location.Table, row, column)
            : throw new ValidationException(field, AccountsMessages.NotACell(text), "CELL");
    }
}

/// <summary>
/// The values of a return's cells, exact decimals (amounts in 元). Immutable: a change makes a new set, so a
/// validated snapshot never moves under the rule engine.
/// </summary>
public sealed class CellSet : IReturnCells
{
    private readonly Dictionary<CellKey, decimal> _values;
    private readonly Dictionary<string, List<string>> _rows;

    public CellSet(IEnumerable<KeyValuePair<CellKey, decimal>> values, bool blanksAreZero, decimal roundingUnit, IReturnCells? prior = null)
    {
        _values = new Dictionary<CellKey, decimal>(values);
        BlanksAreZero = blanksAreZero;
        RoundingUnit = roundingUnit;
        Prior = prior;
        _rows = _values.Keys.GroupBy(k => k.Table).ToDictionary(g => g.Key, g => g.Select(k => k.Row).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    public static CellSet Empty(bool blanksAreZero, decimal roundingUnit) => new([], blanksAreZero, roundingUnit);

    public IReadOnlyDictionary<CellKey, decimal> Values => _values;

    public int Count => _values.Count;

    public IReturnCells? Prior { get; }

    public bool BlanksAreZero { get; }

    public decimal RoundingUnit { get; }

    public decimal? Get(string table, string row, string column) =>
        _values.TryGetValue(new CellKey(table, row, column), out var value) ? value : null;

    public decimal? Get(CellKey key) => _values.TryGetValue(key, out var value) ? value : null;

    public IReadOnlyList<string> Rows(string table) => _rows.TryGetValue(table, out var rows) ? rows : [];

    public CellSet WithPrior(IReturnCells? prior) => new(_values, BlanksAreZero, RoundingUnit, prior);

    public CellSet With(IEnumerable<KeyValuePair<CellKey, decimal?>> changes)
    {
        var values = new Dictionary<CellKey, decimal>(_values);
        foreach (var (key, value) in changes)
        {
            if (value is { } v)
            {
                values[key] = v;
            }
            else
            {
                values.Remove(key);
            }
        }
        return new CellSet(values, BlanksAreZero, RoundingUnit, Prior);
    }

    /// <summary>Exact text of a value for storage and transport: invariant, no exponent, no trailing zeros lost or added.</summary>
    public static string Format(decimal value) => DecimalText.Canonical(value);
}

/// <summary>Reads what a clerk typed into a cell: a clear reason for anything that is not a value of the cell's type.</summary>
public static class CellValueParser
{
    private const decimal MaxMagnitude = 1_000_000_000_000_000m;

    /// <summary>Parses <paramref name="text"/> for <paramref name="spec"/>; blank means "clear the cell" (null).</summary>
    public static decimal? Parse(string? text, CellSpec spec, string field)
    {
        var read = PrintedNumber.Read(text);
        switch (read.Problem)
        {
            case NumberProblem.Blank:
                return null;
            case NumberProblem.BadGrouping:
                throw new ValidationException(field, AccountsMessages.BadGrouping(text), "NOT_A_NUMBER");
            case NumberProblem.NotANumber:
                throw new ValidationException(field, AccountsMessages.NotANumber(text), "NOT_A_NUMBER");
        }
        // A percent sign only on a percentage cell, where it says what the cell holds anyway ("12.5%" is 12.5).
        if (read.Percent && spec.Type != CellType.Percent)
        {
            throw new ValidationException(field, AccountsMessages.NotANumber(text), "NOT_A_NUMBER");
        }
        var value = read.Value;
        if (Math.Abs(value) >= MaxMagnitude)
        {
            throw new ValidationException(field, AccountsMessages.OutOfRange(text), "OUT_OF_RANGE");
        }
        var decimals = value.Scale;  // as typed: "2.50" has two
        var (allowed, what) = spec.Type switch
        {
            CellType.Count => (0, AccountsMessages.CountIsWhole),
            CellType.Amount => (2, AccountsMessages.AmountDecimals),
            CellType.Area => (2, AccountsMessages.AreaDecimals),
            _ => (2, AccountsMessages.PercentDecimals),
        };
        if (decimals > allowed)
        {
            throw new ValidationException(field, AccountsMessages.TooPrecise(text, decimals, what), "TOO_PRECISE");
        }
        if (value < 0 && !spec.AllowNegative)
        {
            throw new ValidationException(field, AccountsMessages.Negative(text, spec.RowLabel, spec.Column.Label), "NEGATIVE");
        }
        return value;
    }
}
