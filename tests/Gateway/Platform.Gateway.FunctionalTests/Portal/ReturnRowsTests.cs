using Platform.Accounts.V1;
using Platform.Portal.Work;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>The rows a table of classification items shows, and which of them take input (the return takes figures at 项 only).</summary>
public sealed class ReturnRowsTests
{
    private static readonly TableTemplate Table = new()
    {
        Code = "Z02", RowsFromClassification = "functional", TotalRowCode = "TOTAL", TotalRowLabel = "合计",
        Columns = { new ColumnTemplate { Code = "FISCAL", Label = "财政拨款收入" }, new ColumnTemplate { Code = "SUPERIOR", Label = "上级补助收入" } },
        ClassificationNames = { ["224"] = "灾害防治及应急管理支出", ["22401"] = "应急管理事务", ["2240101"] = "行政运行" },
    };

    [Fact]
    public void RowsOf_ClassAboveItemsWithAColumnNoItemFills_ComputedInEveryColumn()
    {
        // The items fill FISCAL only: the class and 款 have a computed FISCAL and nothing in SUPERIOR — still sums, not inputs.
        string[] cells = ["Z02[2240101,FISCAL]", "Z02[22401,FISCAL]", "Z02[224,FISCAL]", "Z02[TOTAL,FISCAL]"];
        HashSet<string> computed = ["Z02[22401,FISCAL]", "Z02[224,FISCAL]", "Z02[TOTAL,FISCAL]"];

        var rows = ReturnWorkspace.RowsOf(Table, cells, computed);

        Assert.Equal(["TOTAL:True", "224:True", "22401:True", "2240101:False"], rows.Select(r => $"{r.Code}:{r.Computed}"));
        Assert.Equal("行政运行", rows[^1].Label);
    }
}
