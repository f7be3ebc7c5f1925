using Grpc.Core;
using System.Globalization;
using Platform.Accounts.V1;
using Platform.Assets.V1;
using Platform.Domain;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Performance.V1;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Publishing;
using Platform.Publication.Domain.Rendering;
using Platform.Registry.V1;

namespace Platform.Publication.Host.Assembly;

/// <summary>What the services said: the sources of a document, or the parts that are not in yet.</summary>
internal sealed record Gathered(DocumentSources? Sources, IReadOnlyList<DocumentPart> Missing, string? CorrectionReason = null);

/// <summary>Asks the services that own the parts of a disclosure for them (a seam: tests and other hosts may gather differently).</summary>
internal interface IPartsGatherer
{
    Task<Gathered> GatherAsync(PublicationFile file, CancellationToken token);
}

/// <summary>
/// Gathers by query at publication time, as the platform service (role `service`): the approved return version and last
/// year's latest return (accounts), the template with the year's code names (accounts), the unit, its region and its
/// scope (registry), the scored self-evaluations (performance) and the asset inventory (assets). Queries, not copies
/// kept from events: a document is written once per approved version, and the owners' answer of that moment is the one
/// the document should carry.
/// </summary>
internal sealed class PeerPartsGatherer(
    PeerClient<FinalAccounts.FinalAccountsClient> accountsClient,
    PeerClient<UnitRegistry.UnitRegistryClient> registryClient,
    PeerClient<PerformanceEvaluations.PerformanceEvaluationsClient> performanceClient,
    PeerClient<AssetInventory.AssetInventoryClient> assetsClient,
    Glossary glossary) : IPartsGatherer
{
    private static readonly CallerIdentity Service = CallerIdentity.Service("publication-service");

    public async Task<Gathered> GatherAsync(PublicationFile file, CancellationToken token)
    {
        using var asService = CallerContext.Use(Service);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: token);
        var accounts = accountsClient.Client;
        var registry = registryClient.Client;
        var performance = performanceClient.Client;
        var assets = assetsClient.Client;

        var current = await accounts.GetReturnAsync(new ReturnRef { UnitId = file.UnitId, FiscalYear = file.FiscalYear, Version = file.ReturnVersion }, options);
        // Last year's figures as they were made public: its latest approved (or imported published) version, not a correction in progress.
        var prior = await OrNull(() => accounts.GetReturnAsync(new ReturnRef { UnitId = file.UnitId, FiscalYear = file.FiscalYear - 1 }, options));
        while (prior is { Version: > 1 } && !IsFinal(prior))
        {
            var older = prior.Version - 1;
            prior = await OrNull(() => accounts.GetReturnAsync(new ReturnRef { UnitId = file.UnitId, FiscalYear = file.FiscalYear - 1, Version = older }, options));
        }
        if (prior is not null && !IsFinal(prior))
        {
            prior = null;
        }
        var template = await accounts.GetTemplateAsync(new GetTemplateRequest { FiscalYear = file.FiscalYear }, options);
        var unit = await registry.GetUnitAsync(new GetUnitRequest { UnitId = file.UnitId, AsOfYear = file.FiscalYear }, options);
        var region = await OrNull(() => registry.GetRegionAsync(new GetRegionRequest { Code = unit.RegionCode }, options));
        var scope = await OrNull(() => registry.GetScopeAsync(new GetScopeRequest { DepartmentId = file.UnitId, FiscalYear = file.FiscalYear }, options));
        var evaluations = await performance.ListUnitEvaluationsAsync(new ListUnitEvaluationsRequest { UnitId = file.UnitId, FiscalYear = file.FiscalYear }, options);
        var inventory = await assets.GetInventoryAsync(new InventoryRef { UnitId = file.UnitId, FiscalYear = file.FiscalYear }, options);

        var missing = new List<DocumentPart>();
        // An inventory the finance office sent back is not the unit's figures yet: the file waits for the next report.
        if (inventory.Source.Length == 0 || inventory.State == Platform.Assets.V1.InventoryState.Returned)
        {
            missing.Add(DocumentPart.AssetInventory);
        }
        var scored = evaluations.Evaluations.Where(e => e.State != EvaluationState.Draft && e.Score is not null && e.ProjectForm is not null).ToList();
        if (scored.Count == 0 || evaluations.Evaluations.Any(e => e.State == EvaluationState.Draft))
        {
            // None scored yet, or a form still in draft (filed but not submitted): the appendix would be incomplete.
            missing.Add(DocumentPart.PerformanceEvaluations);
        }
        if (missing.Count > 0)
        {
            return new Gathered(null, missing);
        }

        var names = new List<string>();
        foreach (var id in scope?.UnitIds.Where(id => id != file.UnitId) ?? [])
        {
            names.Add((await OrNull(() => registry.GetUnitAsync(new GetUnitRequest { UnitId = id, AsOfYear = file.FiscalYear }, options)))?.Name ?? id);
        }
        var profile = new UnitProfile(unit.Name, region?.Name ?? unit.RegionCode, unit.Nature, unit.Functions, unit.Sections, names);
        var figures = new DisclosureFigures(file.FiscalYear, unit.Name, Cells(current), prior is null ? new Dictionary<string, decimal>() : Cells(prior),
            current.Explanations.GroupBy(e => e.Target).ToDictionary(g => g.Key, g => g.First().Text),
            template.Tables.SelectMany(t => t.ClassificationNames).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value));
        var summaries = scored.Select(e => new EvaluationSummary(e.ProjectForm.Name, Wan(e.ProjectForm.Funds?.Total?.FullYearBudget), Wan(e.ProjectForm.Funds?.Total?.Executed),
            e.Score.ComputedTotal, e.Score.Grade)
        {
            GradeWithheld = e.Score.GradeWithheld,
            CompetentDepartment = e.ProjectForm.CompetentDepartment, ImplementingUnit = e.ProjectForm.ImplementingUnit,
            InitialBudget = Wan(e.ProjectForm.Funds?.Total?.InitialBudget), GoalExpected = e.ProjectForm.GoalExpected, GoalActual = e.ProjectForm.GoalActual,
            SelfAssignedTotal = e.ProjectForm.TotalScore,
            Indicators = e.ProjectForm.Indicators.Select((i, row) => new IndicatorLine(i.Level1, i.Level2, i.Name, i.Target, i.Actual, i.Weight, i.Score, i.DeviationReason)
            {
                Computed = e.Score.Indicators.FirstOrDefault(s => s.Row == row)?.Computed ?? "",
            }).ToList(),
            FundsWeight = e.ProjectForm.Funds?.Weight ?? "", FundsScore = e.ProjectForm.Funds?.Score ?? "", ExecutionRate = e.ProjectForm.Funds?.ExecutionRate ?? "",
            ExecutionComputed = e.Score.ExecutionScore,
        }).OrderBy(e => e.Project, StringComparer.Ordinal).ToList();
        return new Gathered(new DocumentSources(file.UnitId, file.FiscalYear, unit.RegionCode, current.Version, profile, figures,
            glossary.For(file.FiscalYear), Tables(template, figures), summaries), [], current.CorrectionReason);
    }

    /// <summary>第四部分: the nine tables of the template (not the supplementary ones), every row the template or the return has.</summary>
    private static List<ReportTable> Tables(Template template, DisclosureFigures figures)
    {
        var tables = new List<ReportTable>();
        foreach (var t in template.Tables.Where(t => !t.Supplementary && !t.PublicationOnly))
        {
            var columns = t.Columns.Select(c => new ReportColumn(c.Code, c.Label, c.Type == "amount")).ToList();
            var rowIds = t.Rows.Select(r => r.Code).ToList();
            if (t.RowsFromClassification.Length > 0)
            {
                rowIds.AddRange(figures.Current.Keys.Where(k => k.StartsWith(t.Code + "[", StringComparison.Ordinal))
                    .Select(k => k[(t.Code.Length + 1)..k.IndexOf(',', StringComparison.Ordinal)]).Where(code => !rowIds.Contains(code)).Distinct().Order(StringComparer.Ordinal));
            }
            var labels = t.Rows.ToDictionary(r => r.Code, r => r.Label);
            if (t.TotalRowCode.Length > 0)
            {
                // The classification's sum row prints under the template's label (合计), never its code.
                labels.TryAdd(t.TotalRowCode, t.TotalRowLabel.Length > 0 ? t.TotalRowLabel : "合计");
            }
            var types = t.Rows.ToDictionary(r => r.Code, r => r.Type);
            var rows = rowIds.Select(id => new ReportRow(id,
                labels.TryGetValue(id, out var label) ? label : t.ClassificationNames.TryGetValue(id, out var name) ? $"{id} {name}" : id,
                columns.Select(c => figures.Current.TryGetValue($"{t.Code}[{id},{c.Id}]", out var v) ? v : (decimal?)null).ToList(),
                IsAmount: types.GetValueOrDefault(id) is null or "" or "amount"))
                .Where(r => r.Values.Any(v => v is not null) || labels.ContainsKey(r.Id))
                .ToList();
            tables.Add(new ReportTable(t.Code, t.Title, columns, rows));
        }
        return tables;
    }

    private static bool IsFinal(Return r) => r.State is "APPROVED" or "PUBLISHED";

    private static Dictionary<string, decimal> Cells(Return r)
    {
        var cells = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var c in r.Inputs.Concat(r.Computed))
        {
            if (decimal.TryParse(c.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                cells[c.Cell] = v;
            }
        }
        return cells;
    }

    /// <summary>Forms print their funds in 万元; documents keep 元 and print 万元.</summary>
    private static decimal Wan(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v * 10000m : 0m;

    private static async Task<T?> OrNull<T>(Func<AsyncUnaryCall<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }
}
