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

    /// <summary>
    /// The draft the checks run on, kept between keystrokes: each check saves into it only the cells whose text changed
    /// since the last one (a keystroke changes one), as the server's save would apply them, instead of reading every
    /// input of the return again. Rebuilt when the explanations change and now and then (each save adds to its audit).
    /// </summary>
    private AccountsReturn? _draft;

    /// <summary>The text of each cell the draft holds.</summary>
    private readonly Dictionary<string, string> _applied = new(StringComparer.Ordinal);

    /// <summary>Cells whose text is not a value of the cell (not in the draft), with that text and its finding.</summary>
    private readonly Dictionary<string, (string Text, GridFinding Finding)> _bad = new(StringComparer.Ordinal);

    private Dictionary<string, string>? _appliedExplanations;

    /// <summary>Audit entries of keystrokes (past the first save of the whole return) after which the draft is opened again.</summary>
    private const int RebuildAfterAuditEntries = 2000;

    private int _auditAfterOpening = -1;

    /// <summary>Findings and the shown table's computed cells for <paramref name="inputs"/>; a value that is not a number is a finding at its cell.</summary>
    public (IReadOnlyList<GridFinding> Findings, IReadOnlyDictionary<string, string> Computed) Check(
        IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> explanations)
    {
        var template = _reference.TemplateFor(_year);
        var codes = _reference.CodesFor(_year);
        IReadOnlyList<ExplanationInput> newExplanations = [];
        if (_draft is null || _draft.NewAudit.Count > _auditAfterOpening + RebuildAfterAuditEntries || !SameExplanations(explanations))
        {
            _draft = AccountsReturn.Open(_unit, _year, _region, template, null, Clerk, DateTimeOffset.UnixEpoch);
            _auditAfterOpening = -1;
            _applied.Clear();
            _bad.Clear();
            _appliedExplanations = new Dictionary<string, string>(explanations, StringComparer.Ordinal);  // a copy: the caller may change its own
            newExplanations = explanations.Where(e => e.Value.Length > 0).Select(e => new ExplanationInput(e.Key, e.Value)).ToList();
        }
        var draft = _draft;
        var changes = new List<CellInput>();
        foreach (var (cell, text) in inputs)
        {
            if (text.Length == 0 || (_bad.TryGetValue(cell, out var bad) && bad.Text == text))
            {
                continue;
            }
            _bad.Remove(cell);
            if (!_applied.TryGetValue(cell, out var held) || held != text)
            {
                changes.Add(new CellInput(cell, text));
            }
        }
        foreach (var cell in _applied.Keys.Where(c => !inputs.TryGetValue(c, out var text) || text.Length == 0))
        {
            changes.Add(new CellInput(cell, ""));  // cleared
        }
        foreach (var cell in _bad.Keys.Where(c => !inputs.TryGetValue(c, out var text) || text.Length == 0).ToList())
        {
            _bad.Remove(cell);
        }
        // One bad value rejects a save on the server; here it is reported at its cell and the rest is checked without it.
        while (true)
        {
            try
            {
                draft.Save(template, codes, changes, newExplanations, draft.Revision, Clerk, DateTimeOffset.UnixEpoch, null);
                break;
            }
            catch (ValidationException ex) when (ex.Errors.Count > 0 && IndexOf(ex.Errors[0].Field) is { } index && index < changes.Count)
            {
                var input = changes[index];
                _bad[input.Cell] = (input.Value ?? "", new GridFinding("INPUT", "error", ex.Errors[0].Reason, input.Cell, "", false));
                if (_applied.ContainsKey(input.Cell))
                {
                    changes[index] = new CellInput(input.Cell, "");  // the value it held goes: the cell is checked as blank
                }
                else
                {
                    changes.RemoveAt(index);
                }
            }
            catch (ValidationException)
            {
                // An explanation the server would refuse: check the figures without the explanations.
                newExplanations = [];
            }
        }
        if (_auditAfterOpening < 0)
        {
            _auditAfterOpening = draft.NewAudit.Count;  // the whole return's entries: the keystrokes' are counted from here
        }
        foreach (var change in changes)
        {
            if (string.IsNullOrEmpty(change.Value))
            {
                _applied.Remove(change.Cell);
            }
            else
            {
                _applied[change.Cell] = change.Value;
            }
        }
        var set = draft.Cells(template, codes, _prior);
        var outcome = draft.Validate(_rules, set);
        var findings = inputs.Where(i => i.Value.Length > 0 && _bad.ContainsKey(i.Key)).Select(i => _bad[i.Key].Finding)
            .Concat(outcome.Findings.Select(f => new GridFinding(f.RuleId, f.Severity.ToString().ToLowerInvariant(), f.Message,
                f.Location?.ToString() ?? "", f.ExplainAt?.ToString() ?? "", outcome.Explained.Contains(f)))).ToList();
        // Only the table shown needs its computed cells as text (formatting every table's was a tenth of a check).
        var computed = set.Values.Where(v => v.Key.Table == _table && !draft.Inputs.Values.ContainsKey(v.Key))
            .ToDictionary(v => v.Key.ToString(), v => CellSet.Format(v.Value), StringComparer.Ordinal);
        return (findings, computed);
    }

    private bool SameExplanations(IReadOnlyDictionary<string, string> explanations) =>
        _appliedExplanations is { } applied && applied.Count == explanations.Count
        && explanations.All(e => applied.TryGetValue(e.Key, out var text) && text == e.Value);

    private static int? IndexOf(string field) =>
        field.StartsWith("cells[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is > 6 and var end
            && int.TryParse(field.AsSpan(6, end - 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i : null;
}
