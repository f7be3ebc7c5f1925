using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Domain;

namespace Platform.Portal.Client;

/// <summary>
/// The accounts rule engine as the server runs it at validation (Platform.Accounts.Domain, the same assembly): the return's
/// inputs saved into a draft, the computed cells, the year's rules for the region, warnings explained where an explanation
/// stands. Values a clerk typed that are not numbers are reported at their cells with the domain's own reason.
/// </summary>
public sealed class ReturnChecker
{
    private static readonly Actor Clerk = new("browser", [PlatformRoles.Clerk], null, null);
    private static ReferenceDataSet? s_reference;

    private readonly ReferenceDataSet _reference;
    private readonly int _year;
    private readonly string _unit;
    private readonly string _region;
    private readonly string _table;
    private readonly CompiledRuleSet _rules;
    private readonly IReturnCells? _prior;

    public ReturnChecker(GridModel model)
    {
        _reference = s_reference ??= ReferenceDataSet.LoadShipped();
        _year = model.FiscalYear;
        _unit = model.UnitId;
        _region = model.RegionCode;
        _table = model.TableCode;
        _rules = _reference.RulesFor(_year, _region);
        RuleIds = _rules.RuleIds;
        _prior = model.PriorInputs.Count == 0 || !_reference.Templates.Any(t => t.Covers(_year - 1)) ? null : Prior(model);
    }

    /// <summary>The ids of the rules run here: the server's findings of other rules are kept as they are.</summary>
    public IReadOnlySet<string> RuleIds { get; }

    private IReturnCells Prior(GridModel model)
    {
        var template = _reference.TemplateFor(_year - 1);
        var codes = _reference.CodesFor(_year - 1);
        if (model.PriorIsPublication)
        {
            var cells = model.PriorInputs.ToDictionary(p => CellKey.Parse(p.Key, "prior"), p => decimal.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture));
            return AccountsReturn.FromPublication(_unit, _year - 1, _region, cells, [], "prior", Clerk, DateTimeOffset.UnixEpoch).Cells(template, codes, null);
        }
        var prior = AccountsReturn.Open(_unit, _year - 1, _region, template, null, Clerk, DateTimeOffset.UnixEpoch);
        prior.Save(template, codes, model.PriorInputs.Select(p => new CellInput(p.Key, p.Value)).ToList(), [], prior.Revision, Clerk, DateTimeOffset.UnixEpoch, null);
        return prior.Cells(template, codes, null);
    }

    /// <summary>Findings and the shown table's computed cells for <paramref name="inputs"/>; a value that is not a number is a finding at its cell.</summary>
    public (IReadOnlyList<GridFinding> Findings, IReadOnlyDictionary<string, string> Computed) Check(
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> explanations)
    {
        var template = _reference.TemplateFor(_year);
        var codes = _reference.CodesFor(_year);
        var draft = AccountsReturn.Open(_unit, _year, _region, template, null, Clerk, DateTimeOffset.UnixEpoch);
        var cells = inputs.Where(i => i.Value.Length > 0).Select(i => new CellInput(i.Key, i.Value)).ToList();
        var bad = new List<GridFinding>();
        // One bad value rejects a save on the server; here it is reported at its cell and the rest is checked without it.
        while (true)
        {
            try
            {
                draft.Save(template, codes, cells, explanations.Where(e => e.Value.Length > 0).Select(e => new ExplanationInput(e.Key, e.Value)).ToList(),
                    draft.Revision, Clerk, DateTimeOffset.UnixEpoch, null);
                break;
            }
            catch (ValidationException ex) when (ex.Errors.Count > 0 && IndexOf(ex.Errors[0].Field) is { } index && index < cells.Count)
            {
                bad.Add(new GridFinding("INPUT", "error", ex.Errors[0].Reason, cells[index].Cell, "", false));
                cells.RemoveAt(index);
            }
            catch (ValidationException)
            {
                // An explanation the server would refuse: check the figures without the explanations.
                explanations = new Dictionary<string, string>();
            }
        }
        var set = draft.Cells(template, codes, _prior);
        var outcome = draft.Validate(_rules, set);
        var findings = outcome.Findings.Select(f => new GridFinding(f.RuleId, f.Severity.ToString().ToLowerInvariant(), f.Message,
            f.Location?.ToString() ?? "", f.ExplainAt?.ToString() ?? "", outcome.Explained.Contains(f))).ToList();
        // Only the table shown needs its computed cells as text (formatting every table's was a tenth of a check).
        var computed = set.Values.Where(v => v.Key.Table == _table && !draft.Inputs.Values.ContainsKey(v.Key))
            .ToDictionary(v => v.Key.ToString(), v => CellSet.Format(v.Value), StringComparer.Ordinal);
        return ([.. bad, .. findings], computed);
    }

    private static int? IndexOf(string field) =>
        field.StartsWith("cells[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is > 6 and var end
            && int.TryParse(field.AsSpan(6, end - 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i : null;
}
