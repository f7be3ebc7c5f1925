using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Registry.Domain.Tests;

/// <summary>The registry on the real units of disclosure 000 (乌鲁木齐市应急管理局, 2022) and the 2023 merger.</summary>
public sealed class UnitRegistryTests
{
    private const string Bureau = "urumqi-emergency";
    private const string Detachment = "urumqi-emergency-enforcement";
    private const string ServiceCentre = "urumqi-emergency-services";
    private const string Seismic = "urumqi-seismic";

    private static string Code(string seventeen) => CreditCode.Complete(seventeen).Value;

    private static UnitRegistry Build()
    {
        var registry = new UnitRegistry();
        registry.AddRegion("650000", "新疆维吾尔自治区", RegionKind.AutonomousRegion, null);
        registry.AddRegion("650100", "乌鲁木齐市", RegionKind.City, "650000");
        registry.AddRegion("652300", "昌吉回族自治州", RegionKind.Prefecture, "650000");
        registry.AddRegion("652301", "昌吉市", RegionKind.City, "652300");
        registry.AddRegion("650171", "乌鲁木齐高新技术产业开发区", RegionKind.DevelopmentZone, "650100");
        registry.Register(new NewUnit(Bureau, Code("11650100MB0000001"), "乌鲁木齐市应急管理局(市矿山安全监督管理局)本级", "650100", null, "行政单位",
            Sections: ["办公室", "组织人事科"]), 2019);
        registry.Register(new NewUnit(Detachment, Code("12650100MB0000002"), "乌鲁木齐市应急管理综合行政执法支队", "650100", Bureau, "参照公务员法管理事业单位"), 2019);
        registry.Register(new NewUnit(ServiceCentre, Code("12650100MB0000003"), "乌鲁木齐市应急管理事务服务中心", "650100", Bureau, "事业单位"), 2019);
        registry.Register(new NewUnit(Seismic, Code("12650100MB0000004"), "乌鲁木齐市地震监测中心", "650100", Bureau, "事业单位"), 2019);
        return registry;
    }

    [Fact]
    public void Register_ValidUnit_RaisesUnitRegistered()
    {
        var registry = Build();
        var code = Code("12650100MB0000009");
        var registered = registry.Register(new NewUnit("x", code, "乌鲁木齐市应急物资储备库", "650100", Bureau, "事业单位"), 2022);
        Assert.Equal(new UnitRegistered("x", code, "乌鲁木齐市应急物资储备库", "650100", Bureau, "PublicInstitution", 2022), registered);
        Assert.Throws<NotFoundException>(() => registry.Get("x", 2021));
    }

    [Fact]
    public void Register_SeveralBadFields_ReportsEveryFieldAndWritesNothing()
    {
        var registry = Build();
        var before = registry.Units.Count;
        var ex = Assert.Throws<ValidationException>(() => registry.Register(
            new NewUnit("", "91350100M000100Y44", " ", "659999", "nope", "企业"), 2022));
        Assert.Equal(["id", "credit_code", "name", "region_code", "nature", "parent_id"], ex.Errors.Select(e => e.Field));
        Assert.Equal(before, registry.Units.Count);
        // What a clerk reads: Chinese, the count first, each field path as sent.
        Assert.StartsWith("6 处输入有误：id：", ex.Message, StringComparison.Ordinal);
        Assert.Contains("region_code：行政区划 “659999” 尚未登记", ex.Message, StringComparison.Ordinal);
        Assert.All(ex.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Reason));
    }

    [Fact]
    public void Register_DuplicateCreditCode_NamesOwner()
    {
        var registry = Build();
        var existing = registry.Get(Detachment, 2022).Unit.CreditCode.Value;
        var ex = Assert.Throws<ValidationException>(() => registry.Register(new NewUnit("y", existing, "重复", "650100", Bureau, "事业单位"), 2022));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("credit_code", error.Field);
        Assert.Contains(Detachment, error.Reason);
    }

    [Fact]
    public void Register_ParentInAnotherRegion_RejectedUnlessTransferred()
    {
        var registry = Build();
        var ex = Assert.Throws<ValidationException>(() => registry.Register(
            new NewUnit("c", Code("12652300MB0000005"), "昌吉州某中心", "652300", Bureau, "事业单位"), 2022));
        Assert.Equal("parent_id", Assert.Single(ex.Errors).Field);
        Assert.Contains("650100", ex.Errors[0].Reason);
    }

    [Fact]
    public void Merge_2023_AsOfQueriesSeeOldTreeBeforeAndNewTreeAfter()
    {
        var registry = Build();
        registry.Register(new NewUnit("squad", Code("12650100MB0000006"), "执法一大队", "650100", Detachment, "事业单位"), 2020);

        var (reorganization, events) = registry.Merge(Detachment, Bureau, 2023);

        Assert.Equal(ReorganizationKind.Merge, reorganization.Kind);
        Assert.Contains(events, e => e is UnitReorganized { Kind: "Merge", EffectiveYear: 2023 } r && r.Before.SequenceEqual([Detachment]) && r.After.SequenceEqual([Bureau]));
        Assert.Equal([Bureau, Detachment, ServiceCentre, Seismic, "squad"], registry.Subtree(Bureau, 2022).Select(u => u.Id));
        Assert.Equal([Detachment], registry.Ancestors("squad", 2022).Take(1).Select(u => u.Id));
        Assert.Equal([Bureau, "squad", ServiceCentre, Seismic], registry.Subtree(Bureau, 2023).Select(u => u.Id));
        Assert.Equal(Bureau, registry.Get("squad", 2023).Version.ParentId);
        Assert.Equal(UnitStatus.Merged, registry.Get(Detachment, 2023).Version.Status);
        Assert.True(registry.IsWithinJurisdiction(Detachment, Bureau, 2022));
    }

    [Fact]
    public void UnitChanged_TwoChangesInOneYear_RevisionOrdersThem()
    {
        var registry = Build();
        var (_, first) = registry.Rename(Seismic, "甲", 2024);
        var (_, second) = registry.Rename(Seismic, "乙", 2024);
        var r1 = first.OfType<UnitChanged>().Single().Revision;
        var r2 = second.OfType<UnitChanged>().Single().Revision;
        Assert.Equal(2, r1);
        Assert.Equal(3, r2);
        Assert.Equal("乙", registry.Get(Seismic, 2024).Version.Name);
        Assert.Equal(3, registry.Find(Seismic).Revision);
    }

    [Fact]
    public void Merge_IntoItself_InvalidArgument()
    {
        var ex = Assert.Throws<ValidationException>(() => Build().Merge(Seismic, Seismic, 2023));
        Assert.Equal("target_id", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Merge_IntoDissolvedUnit_FailedPrecondition()
    {
        var registry = Build();
        registry.Dissolve(ServiceCentre, 2022);
        var ex = Assert.Throws<PreconditionFailedException>(() => registry.Merge(Seismic, ServiceCentre, 2023));
        Assert.Equal($"target_id：单位 “{ServiceCentre}”在 2023 年度已撤销，只能合并到正常存续的单位", ex.Message);
    }

    [Fact]
    public void Transfer_UnderOwnSubordinate_CycleRejected()
    {
        var ex = Assert.Throws<ValidationException>(() => Build().Transfer(Bureau, Seismic, null, 2023));
        Assert.Equal("parent_id", Assert.Single(ex.Errors).Field);
        Assert.Contains("形成循环", ex.Errors[0].Reason);
    }

    [Fact]
    public void Transfer_ToAnotherRegion_MovesTheSubtreeFromThatYearOnly()
    {
        var registry = Build();
        registry.Transfer(Bureau, null, "652300", 2024);
        Assert.Equal("650100", registry.Get(Seismic, 2023).Version.RegionCode.Value);
        Assert.Equal("652300", registry.Get(Seismic, 2024).Version.RegionCode.Value);
        Assert.True(registry.IsWithinJurisdiction(Seismic, "652300", 2024));
        Assert.False(registry.IsWithinJurisdiction(Seismic, "652300", 2023));
    }

    [Fact]
    public void ClosedYear_ChangeEffectiveInIt_FailedPrecondition()
    {
        var registry = Build();
        registry.CloseThrough(2022, new DateOnly(2023, 1, 1));
        var ex = Assert.Throws<PreconditionFailedException>(() => registry.Rename(Seismic, "乌鲁木齐市地震局监测中心", 2022));
        Assert.StartsWith("year：2022 年度已关闭", ex.Message, StringComparison.Ordinal);
        registry.Rename(Seismic, "乌鲁木齐市地震局监测中心", 2023);
        Assert.Equal("乌鲁木齐市地震监测中心", registry.Get(Seismic, 2022).Version.Name);
    }

    [Theory]
    [InlineData(2026)]   // the year still being lived
    [InlineData(2052)]   // a mistyped year
    public void CloseThrough_YearNotEnded_RefusedNamingTheLatestThatMayBe(int year)
    {
        var registry = Build();

        var ex = Assert.Throws<ValidationException>(() => registry.CloseThrough(year, new DateOnly(2026, 12, 31)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("fiscal_year", error.Field);
        Assert.Contains("最晚为 2025 年度", error.Reason, StringComparison.Ordinal);
        Assert.Null(registry.ClosedThroughYear);
    }

    [Fact]
    public void ReportStaffing_Document000_Accepted()
    {
        var registry = Build();
        var reported = registry.ReportStaffing(Bureau, 2022, new Staffing(null, 165, 92, 0, 73));
        Assert.Equal(new StaffingReported(Bureau, 2022, null, 165, 92, 0, 73), reported);
    }

    [Fact]
    public void ReportStaffing_SplitDoesNotAddUp_ShowsTheSum()
    {
        var ex = Assert.Throws<ValidationException>(() => Build().ReportStaffing(Bureau, 2022, new Staffing(null, 165, 92, 0, 72)));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("actual_total", error.Field);
        Assert.Equal("实有人数 165 ≠ 在职 92 + 离休 0 + 退休 72 = 164", error.Reason);
    }

    [Fact]
    public void ReportStaffing_Document001OnlyTotalAndPosts_Accepted()
    {
        var reported = Build().ReportStaffing(Bureau, 2023, new Staffing(22, 21, null, null, null));
        Assert.Equal(new StaffingReported(Bureau, 2023, 22, 21, null, null, null), reported);
    }

    [Fact]
    public void ReportStaffing_PartialSplit_Rejected()
    {
        var ex = Assert.Throws<ValidationException>(() => Build().ReportStaffing(Bureau, 2023, new Staffing(22, 21, 21, null, null)));
        Assert.Equal("retired_lixiu", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void RegisterBatch_CycleBetweenRows_BothRowsNamedNothingWritten()
    {
        var registry = Build();
        var before = registry.Units.Count;
        var ex = Assert.Throws<ValidationException>(() => registry.RegisterBatch([
            new NewUnit("a", Code("12650100MB00000A1"), "甲", "650100", "b", "事业单位"),
            new NewUnit("b", Code("12650100MB00000B1"), "乙", "650100", "a", "事业单位"),
            new NewUnit("c", Code("12650100MB00000C1"), "丙", "650100", Bureau, "事业单位"),
        ], 2022));
        Assert.Equal(["rows[0].parent_id", "rows[1].parent_id"], ex.Errors.Select(e => e.Field));
        Assert.Equal(before, registry.Units.Count);
        Assert.Throws<NotFoundException>(() => registry.Get("c", 2022));
    }

    [Fact]
    public void RegisterBatch_DuplicateCodeAcrossRows_SecondRowNamed()
    {
        var code = Code("12650100MB00000D1");
        var ex = Assert.Throws<ValidationException>(() => Build().RegisterBatch([
            new NewUnit("d1", code, "丁一", "650100", Bureau, "事业单位"),
            new NewUnit("d2", code, "丁二", "650100", Bureau, "事业单位"),
        ], 2022));
        Assert.Equal("rows[1].credit_code", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void DefineScope_Document000_FourUnits()
    {
        var registry = Build();
        var scope = registry.DefineScope(Bureau, 2022, [Bureau, Detachment, ServiceCentre, Seismic]);
        Assert.Equal(4, scope.UnitIds.Count);
        Assert.Equal(scope.UnitIds, registry.Scope(Bureau, 2022));
    }

    [Fact]
    public void DefineScope_UnitOutsideDepartmentOrTwice_EachNamed()
    {
        var registry = Build();
        registry.Register(new NewUnit("other", Code("11650100MB0000007"), "乌鲁木齐市财政局", "650100", null, "行政单位"), 2019);
        var ex = Assert.Throws<ValidationException>(() => registry.DefineScope(Bureau, 2022, [Bureau, "other", Bureau]));
        Assert.Equal(["unit_ids[1]", "unit_ids[2]"], ex.Errors.Select(e => e.Field));
    }

    [Fact]
    public void IsWithinJurisdiction_RegionsAndDevelopmentZones()
    {
        var registry = Build();
        registry.Register(new NewUnit("zone-unit", Code("11650171MB0000008"), "高新区（新市区）应急管理局", "650171", null, "行政单位"), 2023);
        Assert.True(registry.IsWithinJurisdiction("zone-unit", "650100", 2023));
        Assert.True(registry.IsWithinJurisdiction("zone-unit", "650000", 2023));
        Assert.False(registry.IsWithinJurisdiction("zone-unit", "652300", 2023));
        Assert.False(registry.IsWithinJurisdiction("zone-unit", "650100", 2022));
        Assert.False(registry.IsWithinJurisdiction(Seismic, Detachment, 2022));
    }

    [Fact]
    public void Dissolve_WithSubordinates_FailedPrecondition()
    {
        var ex = Assert.Throws<PreconditionFailedException>(() => Build().Dissolve(Bureau, 2023));
        Assert.Contains("仍有 3 个下级单位", ex.Message);
    }

    [Fact]
    public void Split_IntoTwoNewUnits_SourceEndsAndPartsStart()
    {
        var registry = Build();
        var (_, events) = registry.Split(ServiceCentre, [
            new NewUnit("centre-a", Code("12650100MB000000A"), "应急物资保障中心", "650100", Bureau, "事业单位"),
            new NewUnit("centre-b", Code("12650100MB000000B"), "应急宣传教育中心", "650100", Bureau, "事业单位"),
        ], 2024);
        Assert.Equal(2, events.OfType<UnitRegistered>().Count());
        Assert.Equal(UnitStatus.Split, registry.Get(ServiceCentre, 2024).Version.Status);
        Assert.True(registry.Get(ServiceCentre, 2023).Version.IsActive);
        Assert.Contains(registry.Subtree(Bureau, 2024), u => u.Id == "centre-b");
    }

    [Fact]
    public void Split_OnePartInvalid_NothingWritten()
    {
        var registry = Build();
        var before = registry.Units.Count;
        var ex = Assert.Throws<ValidationException>(() => registry.Split(ServiceCentre, [
            new NewUnit("centre-a", Code("12650100MB000000A"), "应急物资保障中心", "650100", Bureau, "事业单位"),
            new NewUnit("centre-a", "bad", "", "650100", Bureau, "事业单位"),
        ], 2024));
        Assert.Equal(["parts[1].id", "parts[1].credit_code", "parts[1].name"], ex.Errors.Select(e => e.Field));
        Assert.Equal(before, registry.Units.Count);
        Assert.True(registry.Get(ServiceCentre, 2024).Version.IsActive);
    }

    [Fact]
    public void AddRegion_CodeUnderWrongParent_Rejected()
    {
        var registry = Build();
        var ex = Assert.Throws<ValidationException>(() => registry.AddRegion("652302", "阜康市", RegionKind.City, "650100"));
        Assert.Equal("parent_code", Assert.Single(ex.Errors).Field);
    }
}
