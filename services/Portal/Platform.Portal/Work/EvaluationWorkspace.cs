using Grpc.Core;
using Platform.Performance.V1;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>
/// A unit's performance self-evaluations on the portal: the list of the year, one project form with the platform's score
/// of it (the service scores every draft under the policy in force for the unit's region and year), saving
/// (revision-checked), submitting, and the finance office's return with a comment — each a call through the gateway,
/// which decides who may do what.
/// </summary>
internal sealed class EvaluationWorkspace(PortalApi api)
{
    public async Task<IReadOnlyList<Evaluation>> ListAsync(string unit, int year) =>
        (await api.Performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = unit, FiscalYear = year }, await api.AsSignedInAsync())).Evaluations;

    /// <summary>The form of a project, or null when the unit has none of that name for the year.</summary>
    public async Task<Evaluation?> FindAsync(string unit, int year, string project)
    {
        try
        {
            return await api.Performance.GetEvaluationAsync(Ref(unit, year, project), await api.AsSignedInAsync());
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Saves the form on top of <paramref name="revision"/> (0: a new form); ABORTED when someone saved since. The form stored
    /// as <paramref name="project"/> (default: the form's name) under another name is renamed — a draft never submitted only.
    /// </summary>
    public async Task<Evaluation> SaveAsync(string unit, int year, long revision, ProjectForm form, string? project = null) =>
        await api.Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(unit, year, project ?? form.Name), Revision = revision, ProjectForm = form }, await api.AsSignedInAsync());

    /// <summary>Deletes a draft never submitted, at <paramref name="revision"/>.</summary>
    public async Task DeleteAsync(string unit, int year, string project, long revision) =>
        await api.Performance.DeleteDraftAsync(new DeleteDraftRequest { Ref = Ref(unit, year, project), Revision = revision }, await api.AsSignedInAsync());

    /// <summary>Saves the unit's overall department form of the year (one per unit and year: its reference names no project).</summary>
    public async Task<Evaluation> SaveOverallAsync(string unit, int year, long revision, OverallForm form) =>
        await api.Performance.SaveDraftAsync(new SaveDraftRequest { Ref = Ref(unit, year, OverallProject), Revision = revision, OverallForm = form }, await api.AsSignedInAsync());

    /// <summary>The project of the overall form's reference: none.</summary>
    public const string OverallProject = "";

    public async Task<Evaluation> SubmitAsync(string unit, int year, string project, long revision) =>
        await api.Performance.SubmitEvaluationAsync(new SubmitEvaluationRequest { Ref = Ref(unit, year, project), Revision = revision }, await api.AsSignedInAsync());

    /// <summary>Accepts the submitted form the reviewer read at <paramref name="revision"/> (ABORTED when it changed since).</summary>
    public async Task<Evaluation> AcceptAsync(string unit, int year, string project, long revision) =>
        await api.Performance.AcceptEvaluationAsync(new AcceptEvaluationRequest { Ref = Ref(unit, year, project), Revision = revision }, await api.AsSignedInAsync());

    /// <summary>Sends the form the reviewer read at <paramref name="revision"/> back with a comment (ABORTED when it changed since, an acceptance included).</summary>
    public async Task<Evaluation> ReturnAsync(string unit, int year, string project, string comment, long revision) =>
        await api.Performance.ReturnEvaluationAsync(new ReturnEvaluationRequest { Ref = Ref(unit, year, project), Comment = comment, Revision = revision }, await api.AsSignedInAsync());

    private static EvaluationRef Ref(string unit, int year, string project) => new() { UnitId = unit, FiscalYear = year, Project = project };
}
