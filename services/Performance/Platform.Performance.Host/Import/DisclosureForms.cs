using System.Text.Json;
using Platform.Domain;
using Platform.Performance.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Registry.Client;
using Platform.Performance.V1;
using DomainOverall = Platform.Performance.Domain.Forms.OverallForm;
using DomainProject = Platform.Performance.Domain.Forms.ProjectForm;

namespace Platform.Performance.Host.Import;

/// <summary>
/// The performance part of a transcribed publication (`project_evaluations`, `overall_performance_evaluation`; see
/// ../shared/domain/disclosure-transcription-format.md): its department found in the registry by printed name (or the
/// id given), its fiscal year, and every form as printed. Printed faults stay in the forms: the scoring finds them.
/// </summary>
internal sealed class DisclosureForms(IUnitLookup units)
{
    public async Task<(UnitSummary Department, int FiscalYear, IReadOnlyList<(DomainProject? Project, DomainOverall? Overall)> Forms)> ReadAsync(
        ImportDisclosureRequest request, CancellationToken token)
    {
        if (request.Transcription.IsEmpty)
        {
            throw new ValidationException("transcription", PerformanceMessages.Empty, "REQUIRED");
        }
        using (var document = TranscriptionJson.Parse(request.Transcription.Memory, "transcription"))
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("fiscal_year", out var y) || y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var year) || year is < 2000 or > 2100)
            {
                throw new ValidationException("transcription.fiscal_year", PerformanceMessages.TranscriptionYearRequired, "FISCAL_YEAR");
            }
            var (projects, _) = ProjectFormReader.Read(root);
            var (overall, _) = DomainOverall.Read(root);
            var errors = new List<FieldError>();
            if (projects.Count == 0 && overall is null)
            {
                errors.Add(new FieldError("transcription", PerformanceMessages.NoForms, "NO_FORMS"));
            }
            foreach (var duplicate in projects.Select((p, i) => (p.Name, i)).GroupBy(p => p.Name).Where(g => g.Count() > 1))
            {
                errors.Add(new FieldError($"transcription.project_evaluations[{duplicate.Last().i}].name", PerformanceMessages.ProjectPrintedTwice(duplicate.Key), "DUPLICATE_PROJECT"));
            }
            var departmentName = root.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.Object
                && d.TryGetProperty("name", out var n) && n.GetString() is { Length: > 0 } printed ? printed : null;
            UnitSummary? department = null;
            if (request.DepartmentUnitId.Length > 0)
            {
                department = await units.GetAsync(request.DepartmentUnitId, year, "department_unit_id", token);
            }
            else if (departmentName is null)
            {
                errors.Add(new FieldError("transcription.department.name", PerformanceMessages.DepartmentNameRequired, "REQUIRED"));
            }
            else if (await units.FindByNameAsync(departmentName, year, token) is { } found)
            {
                department = found;
            }
            else
            {
                errors.Add(new FieldError("department_unit_id", PerformanceMessages.UnknownDepartment(departmentName, year), "UNKNOWN_UNIT"));
            }
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var forms = projects.Select(p => ((DomainProject?)p, (DomainOverall?)null)).ToList();
            if (overall is not null)
            {
                forms.Insert(0, (null, overall));
            }
            return (department!, year, forms);
        }
    }
}
