using System.Globalization;

namespace Platform.Accounts.Domain.Rules;

public enum Severity
{
    /// <summary>Blocks submission.</summary>
    Error,
    /// <summary>Needs a written explanation before submission.</summary>
    Warning,
    Info,
}

/// <summary>
/// A validation rule as data: id, severity, the comparison, the tolerance for independent rounding of
/// published items (declared per rule: 0.01 万元 for sums of rounded items, 0 for counts), a message template
/// ({expected}, {actual}, {difference}) and the fiscal years and regions it applies to.
/// </summary>
public sealed record ValidationRule(
    string Id,
    Severity Severity,
    string Expression,
    decimal Tolerance,
    string Message,
    int FromYear,
    int? ToYear = null,
    IReadOnlyList<string>? RegionPrefixes = null)
{
    public bool AppliesTo(int fiscalYear, string regionCode) =>
        fiscalYear >= FromYear && (ToYear is null || fiscalYear <= ToYear)
        && (RegionPrefixes is null || RegionPrefixes.Count == 0 || RegionPrefixes.Any(p => regionCode.StartsWith(p, StringComparison.Ordinal)));
}

/// <summary>One rule's outcome on one return.</summary>
public sealed record Finding(string RuleId, Severity Severity, string Message, decimal? Expected, decimal? Actual, decimal? Difference, string Expression);

/// <summary>
/// A set of rules compiled once (for a fiscal year and region) and then evaluated against any number of
/// returns: evaluation only reads cells through the compiled closures.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly List<(ValidationRule Rule, CompiledComparison Body)> _rules;

    private CompiledRuleSet(List<(ValidationRule, CompiledComparison)> rules) => _rules = rules;

    public int Count => _rules.Count;

    public static CompiledRuleSet Compile(IEnumerable<ValidationRule> rules, int fiscalYear, string regionCode)
    {
        var compiled = new List<(ValidationRule, CompiledComparison)>();
        var errors = new List<Platform.Domain.FieldError>();
        foreach (var rule in rules.Where(r => r.AppliesTo(fiscalYear, regionCode)))
        {
            try
            {
                compiled.Add((rule, RuleLanguage.Compile(rule.Expression, $"rules[{rule.Id}].expression")));
            }
            catch (Platform.Domain.ValidationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            throw new Platform.Domain.ValidationException(errors);
        }
        return new CompiledRuleSet(compiled);
    }

    /// <summary>Every failed rule, with expected, actual and difference. Rules that cannot apply (no prior year) are skipped.</summary>
    public List<Finding> Evaluate(IReturnCells cells)
    {
        var findings = new List<Finding>();
        foreach (var (rule, body) in _rules)
        {
            if (body.Actual.UsesPrior || body.Expected.UsesPrior)
            {
                if (cells.Prior is null)
                {
                    continue;
                }
            }
            var actual = body.Actual.Evaluate(cells);
            var expected = body.Expected.Evaluate(cells);
            if (actual is null || expected is null)
            {
                continue;
            }
            var difference = actual.Value - expected.Value;
            var holds = body.Operator switch
            {
                "=" => Math.Abs(difference) <= rule.Tolerance,
                "<=" => difference <= rule.Tolerance,
                ">=" => difference >= -rule.Tolerance,
                "<" => difference < rule.Tolerance,
                ">" => difference > -rule.Tolerance,
                _ => Math.Abs(difference) > rule.Tolerance,
            };
            if (!holds)
            {
                findings.Add(new Finding(rule.Id, rule.Severity, Format(rule.Message, expected.Value, actual.Value, difference),
                    expected, actual, difference, body.Text));
            }
        }
        return findings;
    }

    private static string Format(string template, decimal expected, decimal actual, decimal difference) => template
        .Replace("{expected}", expected.ToString("0.00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{actual}", actual.ToString("0.00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{difference}", difference.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
