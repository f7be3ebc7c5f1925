using Platform.Publication.Domain.Documents;

namespace Platform.Publication.Domain.Tests.Documents;

public sealed class DocumentFormatsTests
{
    private static readonly ReportTable Table = new("Z07", "“三公”经费",
        [new ReportColumn("FINAL", "决算数", true), new ReportColumn("COUNT", "车辆数", false)],
        [
            new ReportRow("VEHICLE_OPERATION", "公务用车运行维护费", [68600m, null]),
            new ReportRow("FLEET_COUNT", "=HYPERLINK(\"x\"),保有量", [8m, 8m], IsAmount: false),
        ]);

    [Fact]
    public void Csv_Table_WanAmountsCountsBlanksQuotingAndNoFormulas()
    {
        Assert.Equal(
            // The layout of files already published, unchanged: versioned CSVs are made again on every request.
            "代码,项目,决算数（万元）,车辆数\r\n" +
            "VEHICLE_OPERATION,公务用车运行维护费,6.86,\r\n" +
            "FLEET_COUNT,\"'=HYPERLINK(\"\"x\"\"),保有量\",8,8\r\n",
            DocumentFormats.Csv(Table));
    }

    [Fact]
    public void Json_RoundTrip_ExactDecimalsAsStringsNumbersStayNumbers()
    {
        var document = new DisclosureDocument("u1-2022", 2, "u1", 2022, "650100", 3, new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(8_902_712),
            new UnitProfile("乌鲁木齐市应急管理局", "乌鲁木齐市", "行政单位", ["（一）负责应急管理工作。"], ["办公室"], []),
            [], [new Term("财政拨款收入", "指同级财政当年拨付的资金。")], [Table],
            [new EvaluationSummary("监测", 100000m, 95000.5m, "98.07", "优")], new CorrectionNotice(1, "更正", DateTimeOffset.UnixEpoch));
        var json = DocumentFormats.ToJson(document);
        Assert.Contains("\"version\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"executed\":\"95000.5\"", json, StringComparison.Ordinal);
        Assert.Contains("\"values\":[\"68600\",null]", json, StringComparison.Ordinal);
        Assert.Contains("\"isAmount\":false", json, StringComparison.Ordinal);
        Assert.Contains("乌鲁木齐市应急管理局", json, StringComparison.Ordinal);
        // The moment as the lists write it, to the millisecond: a site comparing strings sees one instant, not two.
        Assert.Contains("\"publishedAt\":\"2023-06-01T00:00:00.890+00:00\"", json, StringComparison.Ordinal);
        var back = DocumentFormats.FromJson(json);
        Assert.Equal(95000.5m, back.Evaluations[0].Executed);
        Assert.Equal(document.Tables[0].Rows[1].Values, back.Tables[0].Rows[1].Values);
        Assert.Equal("乌鲁木齐市应急管理局2022年度部门决算公开说明", back.Title);
    }
}
