using System.Globalization;
using Platform.Domain;

namespace Platform.Accounts.Domain.Rules;

/// <summary>The figures a rule reads: cells of this year's return and, where filed or imported, last year's.</summary>
public interface IReturnCells
{
    /// <summary>The cell's value, or null when the cell is blank (not stated).</summary>
    decimal? Get(string table, string row, string column);

    /// <summary>Row codes of a table that carry at least one value, in a stable order.</summary>
    IReadOnlyList<string> Rows(string table);

    /// <summary>Last year's return, or null when none exists (prior-year rules are then not applicable).</summary>
    IReturnCells? Prior { get; }

    /// <summary>
    /// True for returns filed on the platform: a blank cell is zero. False for returns imported from a
    /// publication: a blank cell was not stated, and a rule that needs it does not apply.
    /// </summary>
    bool BlanksAreZero { get; }

    /// <summary>What one unit of independent rounding is worth, in 元: 0.01 when filed, 100 (0.01 万元) when imported from a publication.</summary>
    decimal RoundingUnit { get; }
}

/// <summary>Where a rule is evaluated: the return, and for per-row rules the row ($) and for computed cells the column ($).</summary>
public readonly record struct EvaluationContext(IReturnCells Cells, string? Row, string? Column)
{
    public EvaluationContext WithCells(IReturnCells cells) => this with { Cells = cells };
}

/// <summary>
/// The validation rule language. A rule is a comparison of two expressions, optionally with a condition:
/// <code>
///   rule      := comparison ('WHEN' comparison ('AND' comparison)*)?
///   comparison:= expr ('=' | '&lt;=' | '&gt;=' | '&lt;' | '&gt;' | '&lt;&gt;') expr
///   expr      := term (('+' | '-') term)*
///   term      := factor (('*' | '/') factor)*
///   factor    := number | cell | FUNC '(' ... ')' | '(' expr ')' | '-' factor
///   cell      := TABLE '[' ROW ',' COLUMN ']'            Z01[INC_TOTAL,AMT]
///   ROW       := code | pattern | '$' | '$'n | '$' '?'*   $ = the row a per-row rule runs on, $3 = its first 3 characters
///   COLUMN    := code | '$'                              $ = the column a computed cell is in
///   FUNC      := SUM(cell pattern) | PRIOR(expr) | ABS(expr) | PRESENT(cell)
///   pattern   := ROW with '?' wildcards (one digit each)  SUM(Z05[22401??,TOTAL]) = every 项 under 款 22401
/// </code>
/// Rules are parsed and compiled once (into closures) per rule set; evaluation only reads cells.
/// Blank cells: zero on filed returns; on returns imported from a publication a blank cell was not stated,
/// so an expression that needs it has no value and the rule does not apply.
/// </summary>
public static class RuleLanguage
{
    /// <summary>Compiles a rule's text, or throws a ValidationException naming the position and what was expected.</summary>
    public static CompiledRule Compile(string text, string field = "expression")
    {
        var parser = new Parser(text, field);
        return parser.ParseRule();
    }

    /// <summary>Compiles an expression (a computed cell's formula).</summary>
    public static Expression CompileExpression(string text, string field = "computed")
    {
        var parser = new Parser(text, field);
        return parser.ParseWholeExpression();
    }

    /// <summary>Whether <paramref name="row"/> matches a row pattern: same length, '?' matches one digit.</summary>
    public static bool Matches(string row, string pattern)
    {
        if (pattern == "*")
        {
            return true;
        }
        if (row.Length != pattern.Length)
        {
            return false;
        }
        for (var i = 0; i < row.Length; i++)
        {
            if (pattern[i] == '?' ? !char.IsAsciiDigit(row[i]) : pattern[i] != row[i])
            {
                return false;
            }
        }
        return true;
    }

    private sealed class Parser(string text, string field)
    {
        private int _pos;

        public CompiledRule ParseRule()
        {
            var body = ParseComparison();
            var conditions = new List<CompiledComparison>();
            SkipSpace();
            if (TryKeyword("WHEN"))
            {
                conditions.Add(ParseComparison());
                SkipSpace();
                while (TryKeyword("AND"))
                {
                    conditions.Add(ParseComparison());
                    SkipSpace();
                }
            }
            if (_pos < text.Length)
            {
                Fail($"unexpected '{text[_pos]}'");
            }
            return new CompiledRule(text, body, conditions);
        }

        public Expression ParseWholeExpression()
        {
            var expression = ParseExpr();
            SkipSpace();
            if (_pos < text.Length)
            {
                Fail($"unexpected '{text[_pos]}'");
            }
            return expression;
        }

        private CompiledComparison ParseComparison()
        {
            var left = ParseExpr();
            SkipSpace();
            var op = ReadOperator();
            var right = ParseExpr();
            return new CompiledComparison(op, left, right);
        }

        private bool TryKeyword(string keyword)
        {
            if (string.CompareOrdinal(text, _pos, keyword, 0, keyword.Length) == 0
                && (_pos + keyword.Length == text.Length || char.IsWhiteSpace(text[_pos + keyword.Length])))
            {
                _pos += keyword.Length;
                return true;
            }
            return false;
        }

        private string ReadOperator()
        {
            foreach (var op in new[] { "<=", ">=", "<>", "=", "<", ">" })
            {
                if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
                {
                    _pos += op.Length;
                    return op;
                }
            }
            Fail("expected a comparison (=, <=, >=, <, >, <>)");
            return "";
        }

        private Expression ParseExpr()
        {
            var left = ParseTerm();
            while (true)
            {
                SkipSpace();
                if (Peek('+') || Peek('-'))
                {
                    var op = text[_pos++];
                    var right = ParseTerm();
                    var l = left;
                    left = op == '+'
                        ? new Expression(c => Add(l.Evaluate(c), right.Evaluate(c)), l.UsesPrior || right.UsesPrior)
                        : new Expression(c => Add(l.Evaluate(c), Negate(right.Evaluate(c))), l.UsesPrior || right.UsesPrior);
                }
                else
                {
                    return left;
                }
            }
        }

        private Expression ParseTerm()
        {
            var left = ParseFactor();
            while (true)
            {
                SkipSpace();
                if (Peek('*') || Peek('/'))
                {
                    var op = text[_pos++];
                    var right = ParseFactor();
                    var l = left;
                    left = new Expression(c =>
                    {
                        var a = l.Evaluate(c);
                        var b = right.Evaluate(c);
                        if (a is null || b is null)
                        {
                            return null;
                        }
                        if (op == '*')
                        {
                            return a.Value * b.Value;
                        }
                        return b.Value == 0 ? null : a.Value / b.Value;
                    }, l.UsesPrior || right.UsesPrior);
                }
                else
                {
                    return left;
                }
            }
        }

        private Expression ParseFactor()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                Fail("expected a number, a cell or a function");
            }
            if (Peek('('))
            {
                _pos++;
                var inner = ParseExpr();
                Expect(')');
                return inner;
            }
            if (Peek('-'))
            {
                _pos++;
                var inner = ParseFactor();
                return new Expression(c => Negate(inner.Evaluate(c)), inner.UsesPrior);
            }
            if (char.IsAsciiDigit(text[_pos]))
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
                {
                    _pos++;
                }
                if (!decimal.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    Fail($"'{text[start.._pos]}' is not a number", start);
                }
                return new Expression(_ => number, false);
            }
            var name = ReadName();
            SkipSpace();
            if (Peek('('))
            {
                _pos++;
                Expression result;
                switch (name)
                {
                    case "SUM":
                        result = Sum(ReadCell());
                        break;
                    case "PRIOR":
                        var inner = ParseExpr();
                        result = new Expression(c => c.Cells.Prior is { } prior ? inner.Evaluate(c.WithCells(prior)) : null, true);
                        break;
                    case "ABS":
                        var value = ParseExpr();
                        result = new Expression(c => value.Evaluate(c) is { } v ? Math.Abs(v) : null, value.UsesPrior);
                        break;
                    case "PRESENT":
                        var cell = ReadCell();
                        if (cell.Row.IsPattern)
                        {
                            Fail("PRESENT(...) takes one cell, not a row pattern");
                        }
                        result = new Expression(c => c.Cells.Get(cell.Table, cell.Row.Resolve(c), cell.ResolveColumn(c)) is null ? 0m : 1m, false);
                        break;
                    default:
                        Fail($"unknown function '{name}' (SUM, PRIOR, ABS, PRESENT)");
                        return null!;
                }
                Expect(')');
                return result;
            }
            _pos -= name.Length;
            var reference = ReadCell();
            if (reference.Row.IsPattern)
            {
                Fail($"a row pattern ({reference.Row.Text}) needs SUM(...)");
            }
            return new Expression(c =>
            {
                var v = c.Cells.Get(reference.Table, reference.Row.Resolve(c), reference.ResolveColumn(c));
                return v ?? (c.Cells.BlanksAreZero ? 0m : null);
            }, false);
        }

        private static Expression Sum(CellReference reference) => new(c =>
        {
            var total = 0m;
            var any = false;
            var pattern = reference.Row.Resolve(c);
            var column = reference.ResolveColumn(c);
            foreach (var row in c.Cells.Rows(reference.Table))
            {
                if (Matches(row, pattern) && c.Cells.Get(reference.Table, row, column) is { } value)
                {
                    total += value;
                    any = true;
                }
            }
            return any || c.Cells.BlanksAreZero ? total : null;
        }, false);

        private CellReference ReadCell()
        {
            SkipSpace();
            var table = ReadName();
            Expect('[');
            SkipSpace();
            var row = ReadRow();
            Expect(',');
            SkipSpace();
            string? column = null;
            if (Peek('$'))
            {
                _pos++;
            }
            else
            {
                column = ReadName();
            }
            Expect(']');
            return new CellReference(table, row, column);
        }

        private RowReference ReadRow()
        {
            if (!Peek('$'))
            {
                var name = ReadName(allowWildcard: true);
                return new RowReference(name, null, name.Contains('?') ? name : null, "");
            }
            var start = _pos++;
            var length = 0;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                length = length * 10 + (text[_pos++] - '0');
            }
            var wildcards = 0;
            while (Peek('?'))
            {
                _pos++;
                wildcards++;
            }
            return new RowReference(text[start.._pos], length == 0 ? null : length, null, new string('?', wildcards));
        }

        private string ReadName(bool allowWildcard = false)
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_' || (allowWildcard && text[_pos] == '?')))
            {
                _pos++;
            }
            if (_pos == start)
            {
                Fail(_pos < text.Length ? $"unexpected '{text[_pos]}'" : "unexpected end of the rule");
            }
            return text[start.._pos];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                Fail($"expected '{c}'");
            }
            _pos++;
        }

        private bool Peek(char c) => _pos < text.Length && text[_pos] == c;

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private void Fail(string reason, int? at = null) =>
            throw new ValidationException(field, $"{reason} at position {(at ?? _pos) + 1} of \"{text}\"", "RULE_SYNTAX");

        private static decimal? Add(decimal? a, decimal? b) => a is null || b is null ? null : a.Value + b.Value;

        private static decimal? Negate(decimal? a) => a is null ? null : -a.Value;
    }

    /// <summary>A row in a cell reference: a code, a pattern, or the current row ($, $3 = its first 3 characters, $?? = it and two more digits).</summary>
    private sealed record RowReference(string Text, int? PrefixLength, string? Pattern, string Suffix)
    {
        public bool IsPattern => Pattern is not null || Suffix.Length > 0;

        private bool IsCurrent => Text.StartsWith('$');

        public string Resolve(EvaluationContext c)
        {
            if (!IsCurrent)
            {
                return Text;
            }
            var row = c.Row ?? throw new InvalidOperationException($"'{Text}' used outside a per-row rule");
            if (PrefixLength is { } n)
            {
                row = row.Length >= n ? row[..n] : row;
            }
            return Suffix.Length == 0 ? row : row + Suffix;
        }
    }

    private sealed record CellReference(string Table, RowReference Row, string? Column)
    {
        public string ResolveColumn(EvaluationContext c) =>
            Column ?? c.Column ?? throw new InvalidOperationException("'$' column used outside a computed cell");
    }
}

/// <summary>A compiled expression: evaluated against a return; null when it cannot be (not stated, no prior year, division by zero).</summary>
public sealed class Expression(Func<EvaluationContext, decimal?> evaluate, bool usesPrior)
{
    public bool UsesPrior { get; } = usesPrior;

    public decimal? Evaluate(EvaluationContext context) => evaluate(context);
}

/// <summary>A compiled comparison: actual (left) against expected (right).</summary>
public sealed class CompiledComparison(string op, Expression actual, Expression expected)
{
    public string Operator { get; } = op;
    public Expression Actual { get; } = actual;
    public Expression Expected { get; } = expected;
    public bool UsesPrior => Actual.UsesPrior || Expected.UsesPrior;

    /// <summary>Whether the comparison holds within <paramref name="tolerance"/>; null when a side has no value.</summary>
    public bool? Holds(EvaluationContext context, decimal tolerance, out decimal actual, out decimal expected)
    {
        actual = expected = 0;
        if (Actual.Evaluate(context) is not { } a || Expected.Evaluate(context) is not { } e)
        {
            return null;
        }
        actual = a;
        expected = e;
        var difference = a - e;
        return Operator switch
        {
            "=" => Math.Abs(difference) <= tolerance,
            "<=" => difference <= tolerance,
            ">=" => difference >= -tolerance,
            "<" => difference < tolerance,
            ">" => difference > -tolerance,
            _ => Math.Abs(difference) > tolerance,
        };
    }
}

/// <summary>A compiled rule: its comparison and the conditions under which it applies.</summary>
public sealed class CompiledRule(string text, CompiledComparison body, IReadOnlyList<CompiledComparison> conditions)
{
    public string Text { get; } = text;
    public CompiledComparison Body { get; } = body;
    public IReadOnlyList<CompiledComparison> Conditions { get; } = conditions;
    public bool UsesPrior => Body.UsesPrior || Conditions.Any(c => c.UsesPrior);
}
