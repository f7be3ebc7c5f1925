using Platform.Portal.Client;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>Where a cell, row or table is, as the portal words it for a person: names from the template, codes only where no name is known.</summary>
public sealed class CellPlacesTests
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Z01"] = "收入支出决算总表",
        ["Z01[INC_OTHER]"] = "六、其他收入",
        ["Z01:AMT"] = "决算数",
        ["Z05"] = "一般公共预算财政拨款支出决算表",
        ["Z05[2240101]"] = "2240101 行政运行",
    };

    private static readonly List<GridLine> Z01Rows = [new("INC_OTHER", "六、其他收入", false)];

    [Theory]
    [InlineData("Z01[INC_OTHER,AMT]", "Z01", "六、其他收入（决算数）")]            // in the table shown: no title
    [InlineData("Z01[INC_OTHER,AMT]", "Z05", "收入支出决算总表 六、其他收入（决算数）")]
    [InlineData("Z01[INC_OTHER]", "", "收入支出决算总表 六、其他收入")]
    [InlineData("Z05[2240101]", "", "一般公共预算财政拨款支出决算表 2240101 行政运行")]
    [InlineData("Z05", "", "一般公共预算财政拨款支出决算表")]                       // a whole table: its title, not its number alone
    [InlineData("Z09[X]", "", "Z09 X")]                                             // nothing known: the location's own parts
    [InlineData("Z09", "", "Z09")]
    public void Place_ByLocationAndTableShown_NamesAsThePrintedForm(string location, string shown, string expected)
    {
        Assert.Equal(expected, CellPlaces.Place(location, shown, shown == "Z01" ? Z01Rows : [], false, Names));
    }

    [Fact]
    public void PlaceNames_TemplatesTotalRow_NamedAsPrintedNotByItsCode()
    {
        var template = new Platform.Accounts.V1.Template
        {
            Tables = { new Platform.Accounts.V1.TableTemplate { Code = "Z02", Title = "收入决算表", RowsFromClassification = "functional", TotalRowCode = "TOTAL", TotalRowLabel = "合计",
                Columns = { new Platform.Accounts.V1.ColumnTemplate { Code = "FISCAL", Label = "财政拨款收入" } } } },
        };
        Assert.Equal("收入决算表 合计（财政拨款收入）", CellPlaces.Place("Z02[TOTAL,FISCAL]", "", [], true, Platform.Portal.Work.PlaceNames.Of(template)));
    }
}
