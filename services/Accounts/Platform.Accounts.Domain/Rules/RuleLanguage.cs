using System.Globalization;
using Platform.Domain;

namespace Platform.Accounts.Domain.Rules;

/// <summary>The figures a rule reads: cells of this year's return and, where filed or imported, last year's.</summary>
public interface IReturnCells
{
    /// <summary>The cell's value; blank cells are null (and count as zero in sums and arithmetic).</summary>
    decimal? Get(string table, string row, string column);

    /// <summary>Row codes present in a table, in template order.</summary>
    IReadOnlyList<string> Rows(string table);

    /// <summary>Last year's return, or null when none exists (prior-year rules are then not applicable).</summary>
    IReturnCells? Prior { get; }
}

/// <summary>
/// The validation rule language. A rule is a comparison of two expressions:
/// <code>
///   rule    := expr ('=' | '&lt;=' | '&gt;=' | '&lt;' | '&gt;' | '&lt;&gt;') expr
///   expr    := term (('+' | '-') term)*
///   term    := factor (('*' | '/') factor)*
///   factor  := number | cell | FUNC '(' expr ')' | '(' expr ')' | '-' factor
///   cell    := TABLE '[' ROW ',' COLUMN ']'          Z01[L1,C1]
///   FUNC    := SUM (over a row pattern) | PRIOR (last year's value) | ABS
///   pattern := ROW with '?' wildcards                SUM(Z05[22401??,C1]) = every 项 under 款 22401
/// </code>
/// Rules are parsed and compiled once (into closures) per rule set; evaluation only reads cells.
/// </summary>
public static class RuleLanguage
{
    /// <summary>Compiles a rule's text, or throws a ValidationException naming the position and what was expected.</summary>
    public static CompiledComparison Compile(string text, string field = "expression")
    {
        var parser = new Parser(text, field);
        var comparison = parser.ParseRule();
        return comparison;
    }

    private sealed class Parser(string text, string field)
    {
        private int _pos;

        public CompiledComparison ParseRule()
        {
            var left = ParseExpr();
            SkipSpace();
            var op = ReadOperator();
            var right = ParseExpr();
            SkipSpace();
            if (_pos < text.Length)
            {
                Fail($"unexpected '{text[_pos]}'");
            }
            return new CompiledComparison(text, op, left, right);
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
                    left = op == '+' ? new Expression(c => Add(l.Evaluate(c), right.Evaluate(c)), l.UsesPrior || right.UsesPrior)
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
            if (char.IsDigit(text[_pos]))
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
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
                        var (table, pattern, column) = ReadCell();
                        result = Sum(table, pattern, column);
                        break;
                    case "PRIOR":
                        var inner = ParseExpr();
                        result = new Expression(c => c.Prior is { } prior ? inner.Evaluate(prior) : null, true);
                        break;
                    case "ABS":
                        var value = ParseExpr();
                        result = new Expression(c => value.Evaluate(c) is { } v ? Math.Abs(v) : null, value.UsesPrior);
                        break;
                    default:
                        Fail($"unknown function '{name}' (SUM, PRIOR, ABS)");
                        return null!;
                }
                Expect(')');
                return result;
            }
            _pos -= name.Length;
            var (t, row, col) = ReadCell();
            if (row.Contains('?'))
            {
                Fail($"a row pattern ({row}) needs SUM(...)");
            }
            // A blank cell counts as zero: published tables leave zero cells blank.
            return new Expression(c => c.Get(t, row, col) ?? 0m, false);
        }

        private static Expression Sum(string table, string pattern, string column) => new(c =>
        {
            var total = 0m;
            foreach (var row in c.Rows(table))
            {
                if (Matches(row, pattern))
                {
                    total += c.Get(table, row, column) ?? 0m;
                }
            }
            return total;
        }, false);

        private static bool Matches(string row, string pattern)
        {
            if (row.Length != pattern.Length)
            {
                return false;
            }
            for (var i = 0; i < row.Length; i++)
            {
                if (pattern[i] != '?' && pattern[i] != row[i])
                {
                    return false;
                }
            }
            return true;
        }

        private (string Table, string Row, string Column) ReadCell()
        {
            SkipSpace();
            var table = ReadName();
            Expect('[');
            var row = ReadName(allowWildcard: true);
            Expect(',');
            var column = ReadName();
            Expect(']');
            return (table, row, column);
        }

        private string ReadName(bool allowWildcard = false)
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_' || (allowWildcard && text[_pos] == '?')))
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
}

/// <summary>A compiled expression: evaluated against a return; null when it cannot be (no prior year, division by zero).</summary>
public sealed class Expression(Func<IReturnCells, decimal?> evaluate, bool usesPrior)
{
    public bool UsesPrior { get; } = usesPrior;

    public decimal? Evaluate(IReturnCells cells) => evaluate(cells);
}

/// <summary>A compiled rule body: actual (left) compared with expected (right).</summary>
public sealed class CompiledComparison(string text, string op, Expression actual, Expression expected)
{
    public string Text { get; } = text;
    public string Operator { get; } = op;
    public Expression Actual { get; } = actual;
    public Expression Expected { get; } = expected;
}
