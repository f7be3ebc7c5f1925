using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Rules;

namespace Platform.Accounts.Domain.Publications;

/// <summary>One finding of a check, with the publisher's own explanation when the document gives one.</summary>
public sealed record CheckedFinding(Finding Finding, string? Explanation)
{
    public bool IsExplained => Explanation is not null;
}

/// <summary>What the rule engine says about a published disclosure.</summary>
public sealed record DisclosureCheckReport(PublishedReturn Document, int RulesEvaluated, IReadOnlyList<CheckedFinding> Findings)
{
    /// <summary>The rules' errors and what reading found wrong (a figure that is not one): both are the document's to answer.</summary>
    public int Errors => Findings.Count(f => f.Finding.Severity == Severity.Error) + Document.Observations.Count(o => o.Severity == Severity.Error);

    /// <summary>Warnings the document does not explain, with reading's (a printed rate its amounts do not give): nothing explains those.</summary>
    public int UnexplainedWarnings => Findings.Count(f => f.Finding.Severity == Severity.Warning && !f.IsExplained) + Document.Observations.Count(o => o.Severity == Severity.Warning);
}

/// <summary>
/// Runs the final-accounts rules of the document's fiscal year on a transcribed publication, the way a finance
/// office would on a return: figures not printed are "not stated" (the rules that need them do not apply), and
/// each rule's declared rounding tolerance absorbs the independent rounding of printed items (0.01 万元).
/// </summary>
public static class DisclosureCheck
{
    public static DisclosureCheckReport Run(PublishedReturn document, ReferenceDataSet reference, string regionCode = "")
    {
        reference.TemplateFor(document.FiscalYear);
        var rules = reference.RulesFor(document.FiscalYear, regionCode);
        var explanations = document.Explanations.GroupBy(e => e.Target).ToDictionary(g => g.Key, g => g.First().Text);
        var findings = rules.Evaluate(document.CurrentCellSet())
            .Select(f => new CheckedFinding(f, f.Severity == Severity.Warning && f.ExplainAt is { } at && explanations.TryGetValue(at, out var text) ? text : null))
            .OrderBy(f => f.Finding.Severity)
            .ThenBy(f => f.IsExplained)
            .ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal)
            .ToList();
        return new DisclosureCheckReport(document, rules.Count, findings);
    }
}
