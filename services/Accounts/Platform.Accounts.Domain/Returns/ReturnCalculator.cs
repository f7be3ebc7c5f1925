using System.Runtime.CompilerServices;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Templates;

namespace Platform.Accounts.Domain.Returns;

/// <summary>
/// Derives the computed cells of a filed return from its inputs, in the template's order: computed columns of
/// entered rows (合计 = 基本 + 项目), then classification sums (项 → 款 → 类 → 合计), then computed rows in the
/// order the template lists them (本年收入合计, then 收入总计 that uses it). Formulas are compiled once per template.
/// Returns imported from a publication are not recomputed: their totals are what was printed.
/// </summary>
public static class ReturnCalculator
{
    private static readonly ConditionalWeakTable<ReturnTemplate, Compiled> Cache = new();

    private sealed record Compiled(
        Dictionary<string, List<(ColumnTemplate Column, Expression Formula)>> ComputedColumns,
        Dictionary<string, List<(RowTemplate Row, Expression Formula)>> ComputedRows);

    /// <param name="keep">
    /// Cells whose given value stands even where the template computes them (what a publication printed: its 本年收入合计
    /// without the rows it sums, its 类 total without every 项); everything else is derived around them. Null: none.
    /// </param>
    public static CellSet Compute(ReturnTemplate template, ClassificationSet codes, CellSet inputs, IReadOnlySet<CellKey>? keep = null)
    {
        var compiled = Cache.GetValue(template, Compile);
        var values = new Dictionary<CellKey, decimal>(inputs.Values);
        foreach (var table in template.Tables)
        {
            // 1. Computed columns of the rows that have inputs.
            if (compiled.ComputedColumns.TryGetValue(table.Code, out var columns))
            {
                var current = new LiveCells(values, inputs.RoundingUnit, inputs.BlanksAreZero);
                var items = keep is not null && table.RowsFrom is { } from ? codes.Get(from.Classification) : null;
                foreach (var row in current.Rows(table.Code).ToList())
                {
                    // A 类 or 款 a publication printed in part (its 基本 without its 合计) is summed from its 项 below, not
                    // also from its own printed columns here — that would count it twice. Filed returns have no such row yet.
                    if (items?.Name(row) is not null && !items.IsLeaf(row))
                    {
                        continue;
                    }
                    foreach (var (column, formula) in columns)
                    {
                        var key = new CellKey(table.Code, row, column.Code);
                        if (keep?.Contains(key) != true && formula.Evaluate(new EvaluationContext(current, row, column.Code)) is { } v)
                        {
                            values[key] = v;
                        }
                    }
                }
            }
            // 2. Classification sums: every entered code adds into each ancestor and the total row.
            if (table.RowsFrom is { } source)
            {
                var list = codes.Get(source.Classification);
                var leaves = values.Where(p => p.Key.Table == table.Code && list.Name(p.Key.Row) is not null && list.IsLeaf(p.Key.Row)).ToList();
                foreach (var (key, value) in leaves)
                {
                    for (var parent = list.Parent(key.Row); parent is not null; parent = list.Parent(parent))
                    {
                        Add(values, key with { Row = parent }, value, keep);
                    }
                    if (source.TotalRowCode is { } total)
                    {
                        Add(values, key with { Row = total }, value, keep);
                    }
                }
            }
            // 3. Computed rows, in template order, for every column.
            if (compiled.ComputedRows.TryGetValue(table.Code, out var rows))
            {
                foreach (var (row, formula) in rows)
                {
                    foreach (var column in table.Columns)
                    {
                        var key = new CellKey(table.Code, row.Code, column.Code);
                        var current = new LiveCells(values, inputs.RoundingUnit, inputs.BlanksAreZero);
                        if (keep?.Contains(key) != true && formula.Evaluate(new EvaluationContext(current, row.Code, column.Code)) is { } v)
                        {
                            values[key] = v;
                        }
                    }
                }
            }
        }
        return new CellSet(values, true, inputs.RoundingUnit, inputs.Prior);
    }

    /// <summary>The values being computed, read in place (no copy per formula).</summary>
    private sealed class LiveCells(Dictionary<CellKey, decimal> values, decimal roundingUnit, bool blanksAreZero) : IReturnCells
    {
        public IReturnCells? Prior => null;
        public bool BlanksAreZero => blanksAreZero;
        public decimal RoundingUnit => roundingUnit;

        public decimal? Get(string table, string row, string column) =>
            values.TryGetValue(new CellKey(table, row, column), out var v) ? v : null;

        public IReadOnlyList<string> Rows(string table) =>
            values.Keys.Where(k => k.Table == table).Select(k => k.Row).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static void Add(Dictionary<CellKey, decimal> values, CellKey key, decimal value, IReadOnlySet<CellKey>? keep)
    {
        if (keep?.Contains(key) != true)
        {
            values[key] = values.TryGetValue(key, out var existing) ? existing + value : value;
        }
    }

    private static Compiled Compile(ReturnTemplate template) => new(
        template.Tables.ToDictionary(t => t.Code, t => t.Columns.Where(c => c.Computed is not null)
            .Select(c => (c, RuleLanguage.CompileExpression(c.Computed!, $"{t.Code}.columns[{c.Code}].computed"))).ToList()),
        template.Tables.ToDictionary(t => t.Code, t => t.Rows.Where(r => r.Computed is not null)
            .Select(r => (r, RuleLanguage.CompileExpression(r.Computed!, $"{t.Code}.rows[{r.Code}].computed"))).ToList()));
}
