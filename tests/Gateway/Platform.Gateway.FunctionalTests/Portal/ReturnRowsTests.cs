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

    [Fact]
    public void RowsOf_ItemsUnderTheTablesOwnRows_OwnRowsNamedAsPrintedAboveTheItems()
    {
        // 财决08表: economic classes, and the table's own 人员经费 / 公用经费 / 合计 over them (they had no name on the page).
        var table = new TableTemplate
        {
            Code = "Z06", RowsFromClassification = "economic",
            Columns = { new ColumnTemplate { Code = "AMT", Label = "决算数" } },
            Rows =
            {
                new RowTemplate { Code = "PERSONNEL", Label = "人员经费", Computed = "Z06[301,$] + Z06[303,$]" },
                new RowTemplate { Code = "PUBLIC", Label = "公用经费", Computed = "Z06[302,$] + Z06[310,$]" },
                new RowTemplate { Code = "TOTAL", Label = "合计", Computed = "Z06[PERSONNEL,$] + Z06[PUBLIC,$]" },
            },
            ClassificationNames = { ["301"] = "工资福利支出", ["302"] = "商品和服务支出" },
        };
        string[] cells = ["Z06[301,AMT]", "Z06[302,AMT]", "Z06[PERSONNEL,AMT]", "Z06[PUBLIC,AMT]", "Z06[TOTAL,AMT]"];

        var rows = ReturnWorkspace.RowsOf(table, cells, new HashSet<string> { "Z06[PERSONNEL,AMT]", "Z06[PUBLIC,AMT]", "Z06[TOTAL,AMT]" });

        Assert.Equal(["PERSONNEL 人员经费 True", "PUBLIC 公用经费 True", "TOTAL 合计 True", "301 工资福利支出 False", "302 商品和服务支出 False"],
            rows.Select(r => $"{r.Code} {r.Label} {r.Computed}"));
    }
}
