using Platform.Accounts.V1;
using Platform.Portal.Gateway;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>A submitted return awaiting the office's review, with what its validation says now.</summary>
internal sealed record QueuedReturn(UnitProgress Unit, int Errors, int Warnings, int UnexplainedWarnings);

/// <summary>A finance office's year at a glance: the units of its jurisdiction by the state of their returns, who is overdue, late findings.</summary>
internal sealed class OfficeOverview(PortalApi api)
{
    public async Task<Progress> LoadAsync(PortalUser user, int year) =>
        await api.Consolidation.GetProgressAsync(new GetProgressRequest { RegionCode = user.Jurisdiction, FiscalYear = year }, await api.AsSignedInAsync());

    /// <summary>The returns awaiting review, each with its findings counted by severity (the accounts service's validation, through the gateway).</summary>
    public async Task<IReadOnlyList<QueuedReturn>> QueueAsync(Progress progress)
    {
        var options = await api.AsSignedInAsync();
        var queue = new List<QueuedReturn>();
        foreach (var unit in progress.UnitStates.Where(u => u.State == "SUBMITTED"))
        {
            var report = await api.Accounts.ValidateReturnAsync(new ReturnRef { UnitId = unit.UnitId, FiscalYear = progress.FiscalYear }, options);
            queue.Add(new QueuedReturn(unit, report.Errors, report.Findings.Count(f => f.Severity == "warning"), report.UnexplainedWarnings));
        }
        return queue;
    }
}
