using Microsoft.EntityFrameworkCore;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Host.Persistence;

namespace Platform.Accounts.Host.Assets;

/// <summary>
/// Differences the asset inventory raises against an approved return after the approval (a register entry back-dated
/// into the year, an inventory filed late). The clerk saw the reconciliation's findings at validation and explained
/// them; what changed afterwards no one has weighed, so it is kept here for the finance office's progress view until
/// a correction (or a corrected inventory) makes it go away. The reconciliation is the same call as at validation, on
/// the approved version's own figures, so the office reads exactly what the clerk would have read.
/// </summary>
internal sealed class LateAssetFindings(AccountsDbContext db, ReferenceDataSet reference, IAssetReconciliation assets, TimeProvider time)
{
    private const string Approved = nameof(ReturnState.Approved);

    /// <summary>
    /// Rechecks every year from <paramref name="fromYear"/> on in which the unit has an approved return or open late
    /// findings: a vehicle acquired or disposed of in one year is held (or not) at the end of every later year too.
    /// Changes are tracked in the caller's transaction (the inbox consumer commits them).
    /// </summary>
    public async Task RecheckFromAsync(string unitId, int fromYear, CancellationToken token)
    {
        var years = await db.Returns.AsNoTracking().Where(r => r.UnitId == unitId && r.FiscalYear >= fromYear && r.State == Approved).Select(r => r.FiscalYear)
            .Union(db.LateFindings.Where(f => f.UnitId == unitId && f.FiscalYear >= fromYear).Select(f => f.FiscalYear))
            .Distinct().ToListAsync(token);
        foreach (var year in years.Order())
        {
            await RecheckAsync(unitId, year, token);
        }
    }

    /// <summary>Replaces the late findings of the unit's year with what the reconciliation says of its standing approved version now.</summary>
    public async Task RecheckAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        var approved = await db.Returns.AsNoTracking()
            .Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear && r.State == Approved)
            .OrderByDescending(r => r.ReturnVersion).FirstOrDefaultAsync(token);
        IReadOnlyList<Finding> late = [];
        if (approved is not null && reference.Templates.Any(t => t.Covers(fiscalYear)))
        {
            var r = AccountsReturn.Restore(approved.ToSnapshot());
            var findings = await assets.ReconcileAsync(r, r.Cells(reference.TemplateFor(fiscalYear), reference.CodesFor(fiscalYear), null), token);
            if (findings.Any(f => f.RuleId == AssetServiceReconciliation.Unavailable))
            {
                // Not a difference: the delivery is retried, and the standing findings stay as they were meanwhile.
                throw new InvalidOperationException($"The asset inventory could not reconcile {unitId}/{fiscalYear}; the delivery will be retried.");
            }
            // A figure the approved return left blank is the return's own, weighed at its submission since the check exists:
            // raised again after an approval it would flag every return approved before the check, not a change since.
            late = r.RaisedSinceApproval(findings.Where(f => f.RuleId != AssetServiceReconciliation.BlankFigure));
        }
        var existing = await db.LateFindings.Where(f => f.UnitId == unitId && f.FiscalYear == fiscalYear).ToListAsync(token);
        var kept = new HashSet<(string, string)>();
        foreach (var f in late)
        {
            var location = f.Location?.ToString() ?? "";
            if (!kept.Add((f.RuleId, location)))
            {
                continue;
            }
            var row = existing.FirstOrDefault(e => e.RuleId == f.RuleId && e.Location == location);
            if (row is null)
            {
                row = new LateFindingRow { UnitId = unitId, FiscalYear = fiscalYear, RuleId = f.RuleId, Location = location, RaisedAt = time.GetUtcNow() };
                db.LateFindings.Add(row);
            }
            else if (row.Expected != f.Expected || row.Actual != f.Actual || row.ReturnVersion != approved!.ReturnVersion)
            {
                // A different difference at the same place is a new one.
                row.RaisedAt = time.GetUtcNow();
            }
            row.ReturnVersion = approved!.ReturnVersion;
            row.ExplainAt = f.ExplainAt?.ToString() ?? "";
            row.Message = f.Message;
            row.Expected = f.Expected;
            row.Actual = f.Actual;
            row.Unit = f.Unit.ToString().ToLowerInvariant();
        }
        db.LateFindings.RemoveRange(existing.Where(e => !kept.Contains((e.RuleId, e.Location))));
    }

    /// <summary>The late findings of these units in a year, by unit then place.</summary>
    public async Task<IReadOnlyList<LateFindingRow>> OfAsync(IReadOnlyCollection<string> unitIds, int fiscalYear, CancellationToken token) =>
        (await db.LateFindings.AsNoTracking().Where(f => f.FiscalYear == fiscalYear && unitIds.Contains(f.UnitId)).ToListAsync(token))
            .OrderBy(f => f.UnitId, StringComparer.Ordinal).ThenBy(f => f.Location, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
}
