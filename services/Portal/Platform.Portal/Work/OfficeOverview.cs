using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>A submitted return awaiting the office's review, with what its validation says now (null: not counted on this page).</summary>
internal sealed record QueuedReturn(UnitProgress Unit, ValidationCounts? Counts);

/// <summary>A return's findings counted by severity.</summary>
internal sealed record ValidationCounts(int Errors, int Warnings, int UnexplainedWarnings);

/// <summary>
/// A self-evaluation with findings a reviewer should look at: its unit and project ("" for the overall form), how many
/// errors and warnings the performance service's audit raised on it.
/// </summary>
internal sealed record EvaluationToReview(string UnitId, string Project, int Errors, int Warnings);

/// <summary>The office's self-evaluations with findings, most errors first, and the counts over the whole queue.</summary>
internal sealed record EvaluationQueue(IReadOnlyList<EvaluationToReview> Forms, int Errors, int Warnings, bool More);

/// <summary>A finance office's year at a glance: the units of its jurisdiction by the state of their returns, who is overdue, late findings.</summary>
internal sealed class OfficeOverview(PortalApi api)
{
    public async Task<Progress> LoadAsync(PortalUser user, int year) =>
        await api.Consolidation.GetProgressAsync(new GetProgressRequest { RegionCode = user.Jurisdiction, FiscalYear = year }, await api.AsSignedInAsync());

    /// <summary>How many queued returns the home page validates to count their findings: the rest say to open them.</summary>
    public const int Counted = 50;

    /// <summary>Validations at once: the accounts service is shared with every clerk saving.</summary>
    private const int AtOnce = 4;

    /// <summary>How long one return's validation may take before it is left uncounted.</summary>
    private static readonly TimeSpan PerReturn = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The returns awaiting review, the first <see cref="Counted"/> each with its findings counted by severity (the accounts
    /// service's validation, through the gateway, a few at a time) — a province's office with hundreds waiting would
    /// otherwise wait for hundreds of validations before its home page shows.
    /// </summary>
    public async Task<IReadOnlyList<QueuedReturn>> QueueAsync(Progress progress)
    {
        var options = await api.AsSignedInAsync();
        var waiting = progress.UnitStates.Where(u => u.State == "SUBMITTED").ToList();
        using var gate = new SemaphoreSlim(AtOnce);
        var counted = await Task.WhenAll(waiting.Take(Counted).Select(async unit =>
        {
            await gate.WaitAsync(options.CancellationToken);
            try
            {
                // Each call its own deadline, from when it starts (not the page's, spent waiting for the gate).
                var report = await api.Accounts.ValidateReturnAsync(new ReturnRef { UnitId = unit.UnitId, FiscalYear = progress.FiscalYear },
                    options.WithDeadline(DateTime.UtcNow.Add(PerReturn)));
                return new QueuedReturn(unit, new ValidationCounts(report.Errors, report.Findings.Count(f => f.Severity == "warning"), report.UnexplainedWarnings));
            }
            catch (RpcException) when (!options.CancellationToken.IsCancellationRequested)
            {
                return new QueuedReturn(unit, null);   // one return not counted is no reason for the office's page to fail
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. counted, .. waiting.Skip(Counted).Select(unit => new QueuedReturn(unit, null))];
    }

    /// <summary>How many self-evaluations awaiting review the home page lists (one page, by unit and project).</summary>
    public const int AwaitingListed = 200;

    /// <summary>The office's self-evaluations of the year awaiting its review (submitted, not yet accepted or sent back), with the counts of each state.</summary>
    public async Task<Platform.Performance.V1.FiledEvaluations> AwaitingReviewAsync(string region, int year) =>
        await api.Performance.ListFiledEvaluationsAsync(new Platform.Performance.V1.ListFiledEvaluationsRequest
        {
            RegionCode = region, FiscalYear = year, State = Platform.Performance.V1.EvaluationState.Submitted, PageSize = AwaitingListed,
        }, await api.AsSignedInAsync());

    /// <summary>How many inventories the home page reads of a list (one page, by unit): a jurisdiction has fewer units than this.</summary>
    public const int InventoriesRead = 1000;

    /// <summary>
    /// The inventories of the office's jurisdiction and year: those awaiting review, and every one (to name the units that
    /// have not reported), each list with the counts of each state.
    /// </summary>
    public async Task<(Platform.Assets.V1.InventoryList Awaiting, Platform.Assets.V1.InventoryList All)> InventoriesAsync(string region, int year)
    {
        var options = await api.AsSignedInAsync();
        Platform.Assets.V1.ListInventoriesRequest Request(Platform.Assets.V1.InventoryState state) =>
            new() { RegionCode = region, FiscalYear = year, State = state, PageSize = InventoriesRead };
        var awaiting = await api.Assets.ListInventoriesAsync(Request(Platform.Assets.V1.InventoryState.Reported), options);
        var all = await api.Assets.ListInventoriesAsync(Request(Platform.Assets.V1.InventoryState.Unspecified), options);
        return (awaiting, all);
    }

    /// <summary>How many findings of the performance service's review queue the home page reads (one page, most severe first).</summary>
    public const int FindingsRead = 500;

    /// <summary>
    /// The self-evaluations of the office's year whose audit raised errors or warnings (the performance service's review
    /// queue, one finding per item, most severe first), one line per form. The counts are the whole queue's; the forms
    /// those of its first <see cref="FindingsRead"/> findings — a form with an error always comes before one with warnings only.
    /// </summary>
    public async Task<EvaluationQueue> EvaluationsAsync(string region, int year)
    {
        var queue = await api.Performance.GetReviewQueueAsync(new Platform.Performance.V1.GetReviewQueueRequest
        {
            RegionCode = region, FiscalYear = year, MinimumSeverity = "warning", PageSize = FindingsRead,
        }, await api.AsSignedInAsync());
        var forms = queue.Items
            .GroupBy(i => (i.Ref.UnitId, i.Ref.Project))
            .Select(g => new EvaluationToReview(g.Key.UnitId, g.Key.Project, g.Count(i => i.Finding.Severity == "error"), g.Count(i => i.Finding.Severity == "warning")))
            .OrderByDescending(f => f.Errors).ThenByDescending(f => f.Warnings).ThenBy(f => f.UnitId, StringComparer.Ordinal).ThenBy(f => f.Project, StringComparer.Ordinal)
            .ToList();
        return new EvaluationQueue(forms, queue.Errors, queue.Warnings, queue.NextPageToken.Length > 0);
    }
}
