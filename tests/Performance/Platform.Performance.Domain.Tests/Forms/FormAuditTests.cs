using System.Text.Json;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Forms;

/// <summary>The policy-free checks on the 13 project forms of 000 and the 8 of 003, against the files' own notes.</summary>
public sealed class FormAuditTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<AuditFinding>> Findings000 = Audit("000_bb240cb5f2680099.json");
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<AuditFinding>> Findings003 = Audit("003_92bef6b83a4d4ba2.json");

    private static Dictionary<string, IReadOnlyList<AuditFinding>> Audit(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedDocuments.Path(file)));
        var (forms, unreadable) = ProjectFormReader.Read(document.RootElement);
        Assert.Empty(unreadable);
        return forms.ToDictionary(f => f.Name, FormAudit.Check);
    }

    private static IEnumerable<string> Of(IReadOnlyList<AuditFinding> findings, string type) =>
        findings.Where(f => f.Type == type).Select(f => $"{f.Severity} {f.Location} {f.Published}|{f.Computed}");

    [Fact]
    public void Read_000And003_EveryProjectWithItsIndicators()
    {
        Assert.Equal(13, Findings000.Count);
        Assert.Equal(8, Findings003.Count);
    }

    [Fact]
    public void Check_000PersonnelServices_WeightsAndTotalDoNotAddUp()
    {
        // Notes: weights 75 + funds 10 = 85, scores 75 + 10 = 85, yet the total prints 100.
        var findings = Findings000["聘用人员劳务费"];
        Assert.Equal(["Error indicators.weight 100|85"], Of(findings, FormAudit.WeightsSum));
        Assert.Equal(["Error total_score 100|85"], Of(findings, FormAudit.TotalMismatch));
    }

    [Fact]
    public void Check_000ScienceBaseMaintenance_FullMarksWithNothingSpent()
    {
        // Notes: 全年执行数 0.00, yet 修护费用 10/10, 维修保养次数 5/5 and 支付及时率 10/10.
        var flagged = Findings000["防震减灾科普教育基地设施设备维护(修)及更新"].Where(f => f.Type == FormAudit.ZeroExecutionFullMarks).Select(f => f.Location).ToList();
        Assert.Contains(flagged, l => l.EndsWith(" 修护费用", StringComparison.Ordinal));
        Assert.Contains(flagged, l => l.EndsWith(" 科普基地维修保养次数", StringComparison.Ordinal));
        Assert.Contains(flagged, l => l.EndsWith(" 公用经费支付及时率", StringComparison.Ordinal));
        Assert.All(Findings000.Where(p => p.Key != "防震减灾科普教育基地设施设备维护(修)及更新"),
            p => Assert.DoesNotContain(p.Value, f => f.Type == FormAudit.ZeroExecutionFullMarks));
    }

    [Fact]
    public void Check_000UniformPurchase_MalformedUnitPricesNotGuessed()
    {
        Assert.Equal(["Warning indicators[4] 服装单价（男）.target <=3999.6 0 元/套|", "Warning indicators[5] 服装单价（女）.target <=3989.8 0 元/套|"],
            Of(Findings000["应急管理综合行政执法人员制式服装购置"], FormAudit.MalformedValue));
    }

    [Fact]
    public void Check_000EnforcementWithoutTargets_OneWarningForTheFormNotOnePerRow()
    {
        var missing = Assert.Single(Findings000["安全生产执法监察经费"], f => f.Type == FormAudit.TargetMissing);
        Assert.Equal((FindingSeverity.Warning, "indicators"), (missing.Severity, missing.Location));
        Assert.StartsWith("10 项指标均未填写年度指标值", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_003DutyRoom_LabelsPrintedAsActualsYetScored()
    {
        Assert.Equal(3, Findings003["应急管理指挥体系值班室建设资金"].Count(f => f is { Type: FormAudit.LabelAsValue, Severity: FindingSeverity.Error }));
    }

    [Fact]
    public void Check_003Uniforms_ActualsWithoutUnits()
    {
        // Notes: 配备率 actual printed '100' (no %: it cannot be read as anything else, so information), cost actual '15.99'
        // (no unit; the name says 万元).
        Assert.Equal(["Info indicators[1] 行政执法制式服装和标志配备率 100|≥90%", "Info indicators[2] 开展项目费用（万元） 15.99|15.99万元"],
            Of(Findings003["行政执法制式服装和标志经费"], FormAudit.UnitMismatch));
    }

    [Fact]
    public void Check_000And003_EveryFindingReadsInChinese()
    {
        var all = Findings000.Concat(Findings003).SelectMany(p => p.Value).ToList();
        Assert.NotEmpty(all);
        Assert.All(all, f => { Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", f.Detail); Assert.DoesNotMatch(@"\b[A-Z]+(_[A-Z]+)+\b", f.Detail); });   // Chinese, and no code (UNIT_MISSING) inside the words
    }

    [Fact]
    public void Check_EveryOtherProject_FundsRatesWeightsAndTotalsAddUp()
    {
        // Both files' self-checks: funds rows and execution rates agree, weights and totals make 100 — except 聘用人员劳务费.
        string[] arithmetic = [FormAudit.FundsRows, FormAudit.ExecutionRate, FormAudit.WeightsSum, FormAudit.TotalMismatch];
        var found = Findings000.Concat(Findings003).Where(p => p.Key != "聘用人员劳务费")
            .SelectMany(p => p.Value.Where(f => arithmetic.Contains(f.Type)).Select(f => $"{p.Key}: {f.Detail}"));
        Assert.Empty(found);
    }
}
