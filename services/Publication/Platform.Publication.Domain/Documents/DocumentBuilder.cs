using Platform.Publication.Domain.Rendering;
using static Platform.Publication.Domain.Rendering.Wording;

namespace Platform.Publication.Domain.Documents;

/// <summary>Everything a document is written from, gathered from the services that own it.</summary>
public sealed record DocumentSources(
    string UnitId, int FiscalYear, string RegionCode, int ReturnVersion, UnitProfile Profile, DisclosureFigures Figures,
    IReadOnlyList<Term> Glossary, IReadOnlyList<ReportTable> Tables, IReadOnlyList<EvaluationSummary> Evaluations);

/// <summary>
/// Puts a document together: 第二部分 sections 一 to 十 from the figures (<see cref="ExplanationWriter"/>) and 十一 预算绩效
/// from the scored evaluations, the other parts as gathered. Pure: the same sources give the same document.
/// </summary>
public static class DocumentBuilder
{
    public static DisclosureDocument Build(DocumentSources s, int version, DateTimeOffset publishedAt, CorrectionNotice? correction)
    {
        var sections = ExplanationWriter.Write(s.Figures, s.Profile.Nature).Append(ExplanationWriter.Performance(s.FiscalYear, s.Evaluations)).ToList();
        return new DisclosureDocument(DisclosureDocument.IdFor(s.UnitId, s.FiscalYear), version, s.UnitId, s.FiscalYear, s.RegionCode, s.ReturnVersion,
            publishedAt, s.Profile, sections, s.Glossary, s.Tables, s.Evaluations, correction);
    }

}
