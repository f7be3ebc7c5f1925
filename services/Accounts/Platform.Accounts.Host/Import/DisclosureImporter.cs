using Google.Protobuf;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Grpc;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.Host.Units;
using Platform.Accounts.V1;
using Platform.Domain;

namespace Platform.Accounts.Host.Import;

/// <summary>
/// `import-disclosure`: a transcribed publication becomes a read-only return marked as imported (the figures as
/// printed, 万元 → 元 exactly), plus a prior-year baseline from the changes the text states, so a unit whose
/// earlier years were never filed on the platform still gets year-on-year checks. Importing the same file again
/// changes nothing.
/// </summary>
internal sealed class DisclosureImporter(ReferenceDataSet reference, ReturnStore store, IUnitDirectory units)
{
    public async Task<ImportDisclosureResponse> ImportAsync(ImportDisclosureRequest request, Actor actor, CancellationToken token)
    {
        if (!actor.IsInRole(AccountsRoles.Admin))
        {
            throw new ForbiddenException($"'{actor.Subject}' needs the {AccountsRoles.Admin} role to import publications.");
        }
        if (request.Transcription.IsEmpty)
        {
            throw new ValidationException("transcription", "is empty", "REQUIRED");
        }
        var source = request.FileName.Length > 0 ? Path.GetFileName(request.FileName) : "transcription.json";
        var document = DisclosureReader.Read(new MemoryStream(request.Transcription.ToByteArray()), source, reference.CodesFor);
        reference.TemplateFor(document.FiscalYear, "fiscal_year");

        var department = request.DepartmentUnitId.Length > 0
            ? await units.GetAsync(request.DepartmentUnitId, document.FiscalYear, token)
            : await units.FindByNameAsync(document.DepartmentName, document.FiscalYear, token)
              ?? throw new ValidationException("department.name",
                  $"the registry has no unit named '{document.DepartmentName}' in {document.FiscalYear}; register the department (registry ImportUnits) or pass its unit id", "UNKNOWN_UNIT");
        if (!ReturnAccess.IsAdminOver(actor, department.RegionCode))
        {
            throw new ForbiddenException($"'{actor.Subject}' has no jurisdiction over region {department.RegionCode} of {department.Name}.");
        }
        var response = new ImportDisclosureResponse { DepartmentUnitId = department.Id };
        response.UnitIds.Add(department.Id);
        foreach (var unit in document.UnitsInScope.Where(u => !u.Name.EndsWith("本级", StringComparison.Ordinal)))
        {
            if (await units.FindByNameAsync(unit.Name, document.FiscalYear, token) is { } found)
            {
                response.UnitIds.Add(found.Id);
            }
            else
            {
                response.Observations.Add($"department.units_in_scope[{unit.Seq}]: '{unit.Name}' is not in the registry");
            }
        }
        response.Observations.AddRange(document.Observations.Select(o => $"{o.Field}: {o.Message}"));

        var now = store.Time.GetUtcNow();
        var changes = new List<(AccountsReturn, ReturnRow?)>();
        var existing = await store.FindAsync(department.Id, document.FiscalYear, 0, token);
        AccountsReturn imported;
        if (existing is { } e)
        {
            if (e.Return.Source != ReturnSource.Publication || e.Return.SourceDocument != source)
            {
                throw new ConflictException($"Unit {department.Id} already has a {document.FiscalYear} return ({e.Return.Source}, {e.Return.SourceDocument ?? "filed"}); a publication does not replace it.");
            }
            imported = e.Return;
        }
        else
        {
            imported = AccountsReturn.FromPublication(department.Id, document.FiscalYear, department.RegionCode, document.Cells, document.Explanations, source, actor, now);
            changes.Add((imported, null));
        }
        var priorYear = document.FiscalYear - 1;
        if (document.PriorCells.Count > 0 && reference.Templates.Any(t => t.Covers(priorYear)) && await store.FindAsync(department.Id, priorYear, 0, token) is null)
        {
            changes.Add((AccountsReturn.FromPublication(department.Id, priorYear, department.RegionCode, document.PriorCells, [], $"{source} (prior year, from the changes it states)", actor, now), null));
            response.PriorYearCells = document.PriorCells.Count;
        }
        if (changes.Count > 0)
        {
            await store.SaveAsync(changes, token);
        }
        var report = DisclosureCheck.Run(document, reference, department.RegionCode);
        response.Findings.AddRange(report.Findings.Select(f => ProtoMapping.ToProto(f.Finding, f.IsExplained, f.Explanation)));
        response.Imported = ProtoMapping.ToProto(imported, imported.Inputs);
        return response;
    }
}
