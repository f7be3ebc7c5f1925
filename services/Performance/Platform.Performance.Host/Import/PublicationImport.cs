using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Host.Grpc;
using Platform.Performance.Host.Persistence;
using Platform.Performance.V1;
using DomainEvaluation = Platform.Performance.Domain.Evaluations.Evaluation;

namespace Platform.Performance.Host.Import;

/// <summary>
/// Stores the forms of a publication as published evaluations, scored under the policy in force for the department's
/// region and year, all in one transaction with their EvaluationScored events. Importing the same publication again
/// re-scores it (a new revision); a publication is never imported over a form the unit filed itself.
/// </summary>
internal sealed class PublicationImport(PerformanceReference reference, EvaluationStore store, DisclosureForms disclosures)
{
    public async Task<ImportDisclosureResponse> ImportAsync(ImportDisclosureRequest request, Actor actor, CancellationToken token)
    {
        var (unit, year, forms) = await disclosures.ReadAsync(request, token);
        if (!EvaluationAccess.IsAdminOver(actor, unit.RegionCode))
        {
            throw new ForbiddenException(PerformanceMessages.ImportAdminOnly(unit.RegionCode, EvaluationAccess.Admin));
        }
        var policy = reference.PolicyFor(year, unit.RegionCode);
        var now = store.Now();
        var source = request.FileName.Length > 0 ? request.FileName : "transcription.json";
        var changed = new List<(DomainEvaluation, EvaluationRow?)>();
        foreach (var (project, overall) in forms)
        {
            var key = new EvaluationKey(unit.Id, year, project?.Name ?? "");
            if (await store.FindAsync(key, token) is var (existing, row))
            {
                existing.Republish(project, overall, policy, source, now);
                changed.Add((existing, row));
            }
            else
            {
                changed.Add((DomainEvaluation.Published(key, unit.RegionCode, project, overall, policy, source, now), null));
            }
        }
        await store.SaveAsync(changed, token);
        var response = new ImportDisclosureResponse { UnitId = unit.Id, FiscalYear = year };
        response.Evaluations.AddRange(changed.Select(c => ProtoMapping.ToProto(c.Item1)));
        return response;
    }
}
