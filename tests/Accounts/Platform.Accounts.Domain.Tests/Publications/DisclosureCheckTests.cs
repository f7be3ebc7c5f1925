using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Accounts.Domain.Tests.ReferenceData;
using Platform.Domain;

namespace Platform.Accounts.Domain.Tests.Publications;

public sealed class DisclosureCheckTests
{
    internal static readonly string Document000Path = Path.Combine(RepoRoot(), "services/Demo/disclosures/000_bb240cb5f2680099.json");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test directory");
    }

    /// <summary>A transcription given as JSON bytes, read as the CLI and the import read one.</summary>
    private static PublishedReturn ReadJson(byte[] json) => DisclosureReader.Read(new MemoryStream(json), "x", ShippedRulesTests.Reference.CodesFor);

    private static PublishedReturn Read000()
    {
        using var file = File.OpenRead(Document000Path);
        return DisclosureReader.Read(file, "000_bb240cb5f2680099.json", ShippedRulesTests.Reference.CodesFor);
    }

    [Fact]
    public void Read_000_FiguresAsPrintedInYuan_PriorFromStatedChanges()
    {
        var document = Read000();
        Assert.Equal((2022, "乌鲁木齐市应急管理局（市矿山安全监督管理局）", 4), (document.FiscalYear, document.DepartmentName, document.UnitsInScope.Count));
        Assert.Equal(22690800m, document.Cells[new CellKey("Z01", "INC_TOTAL", "AMT")]);
        // 收入总计 decreased by 621.65 万元: last year 2890.73.
        Assert.Equal(28907300m, document.PriorCells[new CellKey("Z01", "INC_TOTAL", "AMT")]);
        // Items are printed by name only: 灾害防治及应急管理支出 / 应急管理事务 / 行政运行 → 2240101.
        Assert.Equal(13229000m, document.Cells[new CellKey("Z05", "2240101", "TOTAL")]);
        Assert.Equal(0m, document.Cells[new CellKey("Z05", "2220511", "TOTAL")]);
        Assert.Equal(9481500m, document.PriorCells[new CellKey("Z05", "2220511", "TOTAL")]);
        // Counts are not amounts.
        Assert.Equal((8m, 13m), (document.Cells[new CellKey("Z07", "FLEET_COUNT", "FINAL")], document.Cells[new CellKey("F03", "VEHICLES", "AMT")]));
        Assert.Equal(-21.50m, document.Cells[new CellKey("D01", "YOY_INC_TOTAL", "PCT")]);
        Assert.Empty(document.Observations);
    }

    [Fact]
    public void Run_000_ReportsTheRealInconsistencies_NotTheRounding()
    {
        var report = DisclosureCheck.Run(Read000(), ShippedRulesTests.Reference);

        // No errors: the 0.01 differences (224: 1678.89 vs Σ项 1678.90; total 2077.83 vs Σ items 2077.84) are rounding.
        Assert.Equal(0, report.Errors);
        var unexplained = report.Findings.Where(f => f.Finding.Severity == Severity.Warning && !f.IsExplained).ToList();
        Assert.Equal(["Z05-008", "Z07-005"], unexplained.Select(f => f.Finding.RuleId).Order(StringComparer.Ordinal));

        // 七 vs 十(三): 公务用车保有量 8 vs 13 vehicles held.
        var fleet = unexplained.Single(f => f.Finding.RuleId == "Z07-005").Finding;
        Assert.Equal((8m, 13m, -5m), (fleet.Actual, fleet.Expected, fleet.Difference));
        Assert.Equal("“三公”经费表公务用车保有量 8 辆，国有资产占用情况车辆 13 辆（差 -5），请说明口径差异", fleet.Message);
        // 五(三) item 17 (粮油物资储备支出 / 应急物资储备) belongs to a class 五(二) does not list.
        var unlisted = unexplained.Single(f => f.Finding.RuleId == "Z05-008").Finding;
        Assert.Equal("Z05[2220511]", unlisted.Location.ToString());

        // Large year-on-year changes are warnings the publisher explained with its own 主要原因.
        var yoy = report.Findings.Single(f => f.Finding.RuleId == "YOY-001");
        Assert.True(yoy.IsExplained);
        Assert.StartsWith("本年收入比上年减少了中央直达应急物资储备保障体系建设专项资金", yoy.Explanation);
        // A row of the template's own is named by its label, not its code (INSTITUTION); a classification row by its code.
        // ({gap}: the size of the change, its direction in the words — not "增加 +0.44").
        Assert.Equal("事业单位 机关运行经费 2.71 万元 较上年 2.27 万元 增加 0.44 万元，请说明原因", report.Findings.Single(f => f.Finding.RuleId == "YOY-007").Finding.Message);
        Assert.StartsWith("2220511 项已列示", unlisted.Message, StringComparison.Ordinal);
        Assert.All(report.Findings.Where(f => f.Finding.Severity == Severity.Error), f => Assert.Fail(f.Finding.Message));
    }

    [Fact]
    public void Run_000WithoutTolerance_WouldReportTheRoundingAsErrors()
    {
        var strict = ShippedRulesTests.Reference.Rules.Select(r => r with { Tolerance = 0m }).ToList();
        var findings = CompiledRuleSet.Compile(strict, 2022, "").Evaluate(Read000().CurrentCellSet());
        var class224 = Assert.Single(findings, f => f.RuleId == "Z05-004" && f.Location?.Row == "224");
        Assert.Equal((16788900m, 16789000m), (class224.Actual, class224.Expected));
        Assert.Contains(findings, f => f.RuleId == "Z05-006");
    }

    [Fact]
    public void Read_FileWithAByteOrderMark_ReadAsAny()
    {
        var document = ReadJson([0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(Document000Path)]);

        Assert.Equal(22690800m, document.Cells[new CellKey("Z01", "INC_TOTAL", "AMT")]);
        Assert.Equal("file", Assert.Throws<ValidationException>(() => ReadJson([0xEF, 0xBB, 0xBF])).Errors[0].Field);
    }

    [Fact]
    public void Read_NotJsonOrNoYear_FieldErrors()
    {
        var bad = Assert.Throws<ValidationException>(() => DisclosureReader.Read(new MemoryStream("{"u8.ToArray()), "x", ShippedRulesTests.Reference.CodesFor));
        Assert.Equal(("file", "INVALID_JSON"), (Assert.Single(bad.Errors).Field, bad.Errors[0].Code));
        Assert.StartsWith("文件不是有效的 JSON", bad.Errors[0].Reason, StringComparison.Ordinal);
        var noYear = Assert.Throws<ValidationException>(() => DisclosureReader.Read(new MemoryStream("{}"u8.ToArray()), "x", ShippedRulesTests.Reference.CodesFor));
        Assert.Equal("fiscal_year", Assert.Single(noYear.Errors).Field);
    }

    [Theory]
    [InlineData("", "file", "文件是空的：应为抄录的公开文件（JSON）")]
    [InlineData(" \n", "file", "文件是空的：应为抄录的公开文件（JSON）")]
    [InlineData("[]", "file", "应为一个 JSON 对象（{…}，抄录格式见 disclosure-transcription-format.md），实为数组")]
    [InlineData("""{"fiscal_year": 2022, "amount_unit": 10000, "income_expenditure_summary": {}}""", "amount_unit", "应为字符串（如“万元”），实为数字")]
    [InlineData("""{"fiscal_year": 2022, "department": {"region_path": "新疆"}, "income_expenditure_summary": {}}""", "department.region_path", "应为数组（[…]），实为字符串")]
    [InlineData("""{"fiscal_year": 2022, "department": {"units_in_scope": {}}, "income_expenditure_summary": {}}""", "department.units_in_scope", "应为数组（[…]），实为对象")]
    public void Read_HeaderFieldOfTheWrongKind_RefusedNamingIt(string json, string field, string reason)
    {
        var refused = Assert.Throws<ValidationException>(() => ReadJson(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal((field, reason), (Assert.Single(refused.Errors).Field, refused.Errors[0].Reason));
    }

    [Fact]
    public void Read_FigureOrListOfTheWrongKind_ErrorNamingItNotACrash()
    {
        var json = """
            {"fiscal_year": 2022, "amount_unit": "万元",
             "income_expenditure_summary": {"income_total": true, "current_year_income": "10.00"},
             "income_by_source": [7, {"name": "财政拨款收入", "amount": "10.00"}],
             "three_public_expenses": {"total": "1.00", "vehicles": "1.00"},
             "agency_operating_expenses": true}
            """;

        var document = ReadJson(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(
            [("agency_operating_expenses", "应为数组（[…]），实为 true/false"), ("income_by_source[0]", "应为对象（{…}），实为数字"),
             ("income_expenditure_summary.income_total", "应为数字或印出的数字文字，实为 true/false"), ("three_public_expenses.vehicles", "应为对象（{…}），实为字符串")],
            document.Observations.Where(o => o.Severity == Severity.Error).Select(o => (o.Field, o.Message)).Order());
        Assert.Equal(100000m, document.Cells[new CellKey("Z01", "INC_CURRENT", "AMT")]);
    }

    [Fact]
    public void Read_UnreadableFigureOrUnknownItem_ObservationsNotGuesses()
    {
        var json = """
            {"fiscal_year": 2022, "amount_unit": "万元",
             "income_expenditure_summary": {"income_total": "=0.4.2", "current_year_income": "10.00"},
             "general_public_budget_expenditure": {"total": "10.00", "items": [{"class": "不存在的类", "kuan": "x", "xiang": "y", "amount": "1.00"}]}}
            """;
        var document = ReadJson(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.DoesNotContain(new CellKey("Z01", "INC_TOTAL", "AMT"), document.Cells.Keys);
        Assert.Contains(document.Observations, o => o.Field == "income_expenditure_summary.income_total" && o.Message.Contains("“=0.4.2” 不是有效的数字"));
        Assert.Contains(document.Observations, o => o.Field == "general_public_budget_expenditure.items[0]" && o.Message.Contains("不存在的类"));
        Assert.All(document.Observations, o => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", o.Message));
    }

    [Theory]
    [InlineData("001_199c58de98038b6c.json", "部门整体支出绩效自评报告")]
    [InlineData("003_92bef6b83a4d4ba2.json", "项目支出绩效自评表")]
    public void Read_PerformanceSelfEvaluation_RefusedAsNotFinalAccounts(string file, string what)
    {
        using var stream = File.OpenRead(Path.Combine(RepoRoot(), "services/Demo/disclosures", file));

        var refused = Assert.Throws<ValidationException>(() => DisclosureReader.Read(stream, file, ShippedRulesTests.Reference.CodesFor));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("document_kind", "NOT_FINAL_ACCOUNTS"), (error.Field, error.Code));
        Assert.Contains("不是部门决算公开说明", error.Reason);
        Assert.Contains(what, error.Reason);
    }

    [Theory]
    [InlineData("97.3%", "2.7%", 0)]     // 1665.40 of 1712.10 is 97.27 %: printed at one decimal, right to its last digit
    [InlineData("97.30%", "2.70%", 2)]   // printed at two decimals, 0.03 off
    public void Check_ARatePrintedAtFewerDecimals_RightToItsLastDigit(string fiscal, string other, int errors)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2022, "income_expenditure_summary": {"current_year_income": "1712.10"}, "income_by_source": [
              {"name": "财政拨款收入", "amount": "1665.40", "share": "FISCAL"}, {"name": "其他收入", "amount": "46.70", "share": "OTHER"}]}
            """.Replace("FISCAL", fiscal, StringComparison.Ordinal).Replace("OTHER", other, StringComparison.Ordinal));

        var report = DisclosureCheck.Run(ReadJson(json), ShippedRulesTests.Reference);

        Assert.Equal(errors, report.Findings.Count(f => f.Finding.RuleId is "D01-001" or "D01-002"));
    }

    [Theory]
    [InlineData("3.34%", 0)]   // 0.41 of 12.37 is 3.31 %; amounts printed to 0.01 万元 allow 3.27–3.35 %
    [InlineData("3.50%", 1)]
    public void Check_AChangeRateWithinTheRoundingOfItsAmounts_NoError(string pct, int errors)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2023, "three_public_expenses": {"total": "11.96", "change_vs_prior_year": {"direction": "减少", "amount": "0.41", "pct": "PCT"}}}
            """.Replace("PCT", pct, StringComparison.Ordinal));

        var report = DisclosureCheck.Run(ReadJson(json), ShippedRulesTests.Reference);

        Assert.Equal(errors, report.Findings.Count(f => f.Finding.RuleId == "D01-010"));
    }

    [Theory]
    [InlineData("38.28%", false)]   // 2570.97 of 6714.88 is 38.29 %: a hundredth off is rounding
    [InlineData("40.00%", true)]    // no rounding of the amounts gives this
    public void Read_APrintedChangeRateItsAmountsCannotGive_Said(string pct, bool said)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2022, "income_expenditure_summary": {"income_total": "4125.49", "expenditure_total": "4143.91",
              "expenditure_change_vs_prior_year": {"direction": "减少", "amount": "2570.97", "pct": "PCT"}}}
            """.Replace("PCT", pct, StringComparison.Ordinal));

        var document = ReadJson(json);

        Assert.Equal(said, document.Observations.Any(o => o.Field == "income_expenditure_summary.expenditure_change_vs_prior_year.pct"));
        Assert.Equal(decimal.Parse(pct.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture), document.PrintedChangeRates[new CellKey("Z01", "EXP_TOTAL", "AMT")]);
    }

    [Theory]
    [InlineData("1,055.4%", false)]   // 20.63 over 1.96, each to 0.01 万元: anything from 1049.8 % to 1055.5 % (广东, 2023)
    [InlineData("1,100%", true)]
    public void Read_AChangeOverASmallBase_CheckedWithinWhatRoundingTheAmountsAllows(string pct, bool said)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2023, "three_public_expenses": {"total": "22.59", "reception": {"amount": "22.59",
              "change_vs_prior_year": {"direction": "增加", "amount": "20.63", "pct": "PCT"}}}}
            """.Replace("PCT", pct, StringComparison.Ordinal));

        var document = ReadJson(json);

        Assert.Equal(said, document.Observations.Any(o => o.Field == "three_public_expenses.reception.change_vs_prior_year.pct"));
    }

    [Fact]
    public void Read_AChangeAgainstAnEarlierYear_KeptAsPrintedLastYearsInItsOwnSlot()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2023, "three_public_expenses": {"total": "62.07",
              "change_vs_prior_year": {"direction": "增加", "amount": "38.97", "pct": "168.7%"},
              "change_vs_2019": {"direction": "减少", "amount": "24.87", "pct": "28.6%"},
              "change_vs_2022": {"direction": "增加", "amount": "38.97", "pct": "168.7%"}}}
            """);

        var document = ReadJson(json);

        var earlier = Assert.Single(document.EarlierChanges[new CellKey("Z07", "TOTAL", "FINAL")]);
        Assert.Equal(new EarlierChange(2019, -248_700m, 28.6m), earlier);
    }

    [Theory]
    [InlineData("--")]
    [InlineData("--%")]
    [InlineData("不可比")]
    [InlineData("—")]
    public void Read_ARatePrintedAsNotComparable_NoRateSaidAsInformation(string pct)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""
            {"fiscal_year": 2023, "three_public_expenses": {"total": "12.02", "overseas": {"amount": "12.02",
              "change_vs_prior_year": {"direction": "增加", "amount": "12.02", "pct": "PCT"}}}}
            """.Replace("PCT", pct, StringComparison.Ordinal));

        var document = ReadJson(json);

        var observation = Assert.Single(document.Observations, o => o.Field == "three_public_expenses.overseas.change_vs_prior_year.pct");
        Assert.Equal(Severity.Info, observation.Severity);
        Assert.True(document.PrintsNotComparable);
        Assert.DoesNotContain(new CellKey("Z07", "OVERSEAS", "FINAL"), document.PrintedChangeRates.Keys);
    }

    [Fact]
    public void Read_FiscalIncomePrintedByBudget_AddedUpAsFiscalAppropriation()
    {
        var json = """
            {"fiscal_year": 2022, "income_by_source": [
              {"name": "一般公共预算财政拨款收入", "amount": "3,900.00", "share": "94.53%"},
              {"name": "政府性基金预算财政拨款收入", "amount": "200.49", "share": "4.86%"},
              {"name": "国有资本经营预算财政拨款收入", "amount": null, "share": null},
              {"name": "其他收入", "amount": "25.00", "share": "0.61%"}]}
            """u8.ToArray();

        var document = ReadJson(json);

        Assert.Equal(41_004_900m, document.Cells[new CellKey("Z01", "INC_FISCAL", "AMT")]);
        Assert.Equal(99.39m, document.Cells[new CellKey("D01", "SHARE_INC_FISCAL", "PCT")]);
        Assert.Equal(250_000m, document.Cells[new CellKey("Z01", "INC_OTHER", "AMT")]);
        Assert.DoesNotContain(document.Observations, o => o.Field.StartsWith("income_by_source", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FundIncomeOnlyAmongIncomes_IsTheFiscalAppropriationsFundIncome()
    {
        var json = """
            {"fiscal_year": 2022, "income_by_source": [{"name": "政府性基金预算财政拨款收入", "amount": "605.99", "share": "16.09%"}]}
            """u8.ToArray();

        Assert.Equal(6_059_900m, ReadJson(json).Cells[new CellKey("Z04", "INC_FUND", "AMT")]);
    }

    [Fact]
    public void Read_GovernmentFundSectionWithFigures_ReadAndWhatIsNotReadSaid()
    {
        var json = """
            {"fiscal_year": 2022, "income_expenditure_summary": {"income_total": "100.00"},
             "government_fund_budget": {"has_data": true, "income": "12.50", "expenditure": "10.00", "by_item": [{"name": "x"}]}}
            """u8.ToArray();

        var document = ReadJson(json);

        Assert.Equal((125_000m, 100_000m), (document.Cells[new CellKey("Z04", "INC_FUND", "AMT")], document.Cells[new CellKey("Z04", "EXP_FUND", "AMT")]));
        var unread = Assert.Single(document.Observations, o => o.Field.StartsWith("government_fund_budget", StringComparison.Ordinal));
        Assert.Equal(("government_fund_budget.by_item", Severity.Info), (unread.Field, unread.Severity));
    }

    [Theory]
    // No budget variance printed, a change printed: the section's reason is the change's (a document of 四川, 2022).
    [InlineData("""{"change_vs_prior_year": {"direction": "减少", "amount": "315.71", "pct": "29.17%"}, "budget_final_variance_pct": null, "reason": "项目经费等减少。"}""", "Z04[INC_TOTAL]")]
    // A variance printed and the change with its own reason (000): the section's reason is the variance's.
    [InlineData("""{"change_vs_prior_year": {"direction": "减少", "amount": "315.71", "pct": "29.17%", "reason": "上年有专项。"}, "initial_budget": "700.00", "budget_final_variance_pct": "9.54%", "reason": "项目经费等减少。"}""", "Z04[BUDGET_INITIAL]")]
    // Said where it belongs.
    [InlineData("""{"budget_variance_reason": "项目经费等减少。"}""", "Z04[BUDGET_INITIAL]")]
    [InlineData("""{"expenditure_change_vs_prior_year": {"direction": "减少", "amount": "315.71", "reason": "项目经费等减少。"}}""", "Z04[EXP_TOTAL]")]
    public void Read_FiscalSummaryReason_BoundToTheSlotItExplains(string summary, string slot)
    {
        var json = System.Text.Encoding.UTF8.GetBytes($$"""{"fiscal_year": 2022, "fiscal_appropriation_summary": {"income_total": "766.75", "expenditure_total": "766.75", {{summary[1..]}}}""");

        var document = ReadJson(json);

        Assert.Equal(slot, Assert.Single(document.Explanations, e => e.Text == "项目经费等减少。").Target.ToString());
    }

    [Fact]
    public void Read_ExpenditureChangePrintedApart_LastYearsExpenditureFromIt()
    {
        // 收入总计 4125.49 and 支出总计 4143.91 (the document does not balance), each with its own change.
        var json = """
            {"fiscal_year": 2022, "income_expenditure_summary": {"income_total": "4125.49", "expenditure_total": "4143.91",
              "change_vs_prior_year": {"direction": "减少", "amount": "1267.86", "pct": "23.51%"},
              "expenditure_change_vs_prior_year": {"direction": "减少", "amount": "2570.97", "pct": "38.28%"}}}
            """u8.ToArray();

        var document = ReadJson(json);

        Assert.Equal((53_933_500m, 67_148_800m), (document.PriorCells[new CellKey("Z01", "INC_TOTAL", "AMT")], document.PriorCells[new CellKey("Z01", "EXP_TOTAL", "AMT")]));
    }

    [Fact]
    public void Read_ThreePublicCategoryChangeAndReason_LastYearsFigureAndItsSlot()
    {
        var json = """
            {"fiscal_year": 2022, "three_public_expenses": {"total": "7.80",
              "reception": {"amount": "0.28", "change_vs_prior_year": {"direction": "增加", "amount": "0.13", "pct": "86.67%"}, "reason": "接待任务增加。"}}}
            """u8.ToArray();

        var document = ReadJson(json);

        Assert.Equal(1_500m, document.PriorCells[new CellKey("Z07", "RECEPTION", "FINAL")]);
        Assert.Equal("Z07[RECEPTION]", Assert.Single(document.Explanations, e => e.Text == "接待任务增加。").Target.ToString());
    }

    [Fact]
    public void Read_ClassChangeAndReasonIn5Structure_LastYearsFigureAndItsSlot()
    {
        var json = """
            {"fiscal_year": 2022, "general_public_budget_expenditure": {"total": "100.00",
              "by_class": [{"class": "灾害防治及应急管理支出", "amount": "80.00", "share": "80.00%",
                "change_vs_prior_year": {"direction": "减少", "amount": "20.00", "pct": "20.00%"}, "reason": "应急演练项目完成。"}]}}
            """u8.ToArray();

        var document = ReadJson(json);

        Assert.Equal(1_000_000m, document.PriorCells[new CellKey("Z05", "224", "TOTAL")]);
        Assert.Equal("Z05[224]", Assert.Single(document.Explanations, e => e.Text == "应急演练项目完成。").Target.ToString());
    }

    [Fact]
    public void Read_YearTheReferenceDataDoesNotCover_FieldErrorNotAFailure()
    {
        var json = """{"fiscal_year": 2017, "income_expenditure_summary": {"income_total": "10.00"}}"""u8.ToArray();

        var refused = Assert.Throws<ValidationException>(() => ReadJson(json));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("fiscal_year", "UNSUPPORTED_YEAR"), (error.Field, error.Code));
        Assert.Contains("2017 年度", error.Reason);
    }

    [Fact]
    public void Check_PublicationWithoutTheSummaryTable_NoFindingThatItsIncomesWereLeftBlank()
    {
        // A disclosure printing only its 三公 table: Z01-000/000E ask a clerk to fill an income and an expenditure line; a
        // publication prints what it prints (filedOnly rules do not run on it).
        var json = """{"fiscal_year": 2022, "three_public_expenses": {"total": "1.00"}}"""u8.ToArray();
        var document = ReadJson(json);

        var report = DisclosureCheck.Run(document, ShippedRulesTests.Reference);

        Assert.DoesNotContain(report.Findings, f => f.Finding.RuleId is "Z01-000" or "Z01-000E");
    }

    [Theory]
    // A self-evaluation without a year, in 元: what it is is said first.
    [InlineData("""{"document_kind": "project_performance_self_evaluations", "amount_unit": "元"}""")]
    // No kind and no section of the tables.
    [InlineData("""{"fiscal_year": 2022, "project_evaluations": [{"name": "x"}]}""")]
    public void Read_NotFinalAccounts_RefusedSayingSo(string json)
    {
        var refused = Assert.Throws<ValidationException>(() => ReadJson(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal("NOT_FINAL_ACCOUNTS", Assert.Single(refused.Errors).Code);
    }

    [Theory]
    [InlineData("2,269.08", "2269.08")]
    [InlineData("2269.08 ", "2269.08")]
    [InlineData("２２６９．０８", "2269.08")]
    public void Read_FigureWithSeparatorsSpacesOrFullWidthDigits_ReadAlike(string printed, string expected)
    {
        var json = System.Text.Encoding.UTF8.GetBytes($$$"""{"fiscal_year": 2022, "income_expenditure_summary": {"income_total": "{{{printed}}}"}, "fiscal_appropriation_summary": {"budget_final_variance_pct": "21.50 %"}}""");

        var document = ReadJson(json);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) * 10_000m, document.Cells[new CellKey("Z01", "INC_TOTAL", "AMT")]);
        Assert.Equal(21.50m, document.Cells[new CellKey("D01", "VARIANCE_FISCAL_BUDGET", "PCT")]);
        Assert.DoesNotContain(document.Observations, o => o.Severity == Severity.Error);
    }

    [Fact]
    public void Read_ItemUnderAnUnknownCodeOrASimilarName_ReadAndSaidNeverDropped()
    {
        var json = """
            {"fiscal_year": 2022, "general_public_budget_expenditure": {"total": "13.00", "items": [
              {"class": "社会保障和就业", "kuan": "行政事业单位养老支出", "xiang": "机关事业单位基本养老保险缴费", "amount": "5.00"},
              {"code": "2249999", "class": "灾害防治及应急管理支出", "kuan": "应急管理事务", "xiang": "行政运行", "amount": "7.00"},
              {"class": "灾害防治及应急管理支出", "kuan": "应急管理事务", "xiang": "应急管理事务", "amount": "1.00"}]}}
            """u8.ToArray();

        var document = ReadJson(json);

        // The class and the item printed without their ending 支出 (the list's declared similarity): read, both spellings said.
        Assert.Equal(50_000m, document.Cells[new CellKey("Z05", "2080505", "TOTAL")]);
        var similar = Assert.Single(document.Observations, o => o.Field == "general_public_budget_expenditure.items[0].xiang");
        Assert.Equal(Severity.Warning, similar.Severity);
        Assert.Contains("机关事业单位基本养老保险缴费", similar.Message);
        Assert.Contains("“机关事业单位基本养老保险缴费支出”（2080505）", similar.Message);
        Assert.Contains(document.Observations, o => o.Field == "general_public_budget_expenditure.items[0].class" && o.Message.Contains("“社会保障和就业支出”（208）"));
        // A code the year's list lacks: read by its names, and said.
        Assert.Equal(70_000m, document.Cells[new CellKey("Z05", "2240101", "TOTAL")]);
        Assert.Contains(document.Observations, o => o.Field == "general_public_budget_expenditure.items[1].code" && o.Message.Contains("2249999"));
        // The 款's own name printed as an item (a subtotal line): not the 项 应急管理 it contains — not read, said by name.
        Assert.Contains(document.Observations, o => o.Field == "general_public_budget_expenditure.items[2]" && o.Message.Contains("应急管理事务"));
        Assert.Equal(2, document.Cells.Keys.Count(k => k.Table == "Z05" && k.Row.Length == 7));
    }

    [Theory]
    [InlineData("应急救援", "2240108", false)]       // the declared ending 支出 dropped
    [InlineData("应急救援支出", "2240108", true)]
    [InlineData("应急救援（含演练）支出", null, false)]  // more than the ending: not similar
    [InlineData("事业运行", null, false)]            // contained in 其他事业运行支出: containment is not similarity
    public void Match_PrintedName_OfficialOrDeclaredSimilarityOnly(string printed, string? code, bool exact)
    {
        var list = new Templates.ClassificationList("functional", "t", 2021, null, [3, 5, 7],
            [("224", "灾害防治及应急管理支出"), ("22401", "应急管理事务"), ("2240108", "应急救援支出"), ("2240199", "其他事业运行支出")], ["支出"]);

        var match = list.Match(printed, "22401");

        Assert.Equal(code, match?.Code);
        if (match is { } m)
        {
            Assert.Equal(exact, m.Exact);
        }
    }
}
