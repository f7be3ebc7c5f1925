using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Performance.Domain.Tests.Scoring;

/// <summary>The composable rules of a scoring policy (issue 21), each set through the policy file's own path.</summary>
public sealed class ScoringPolicyRulesTests
{
    private static readonly ScoringPolicy Proportional = ScoringPolicy.LoadShipped().Single(p => p.Id == "proportional");

    private static Indicator Row(string target, string actual, decimal weight, decimal? score, string level2 = "数量指标") =>
        new(0, "产出指标", level2, "指标", target, actual, weight, score, null);

    private static ScoringPolicy With(string path, string json) => PolicySpace.With(Proportional, path, JsonNode.Parse(json)!);

    private static decimal? Scored(ScoringPolicy policy, string target, string actual, decimal weight = 10, decimal? self = null, string level2 = "数量指标") =>
        ScoringEngine.ScoreIndicator(Row(target, actual, weight, self, level2), policy).Score;

    [Theory]
    [InlineData("6", "6")]       // inside 5–8: the scorer's discretion stands
    [InlineData("8", "8")]
    [InlineData("9", "8")]       // above the range: its upper end
    [InlineData("3", "5")]       // below: its lower end
    public void ScoreIndicator_PartialWithARange_SelfScoreInsideStands(string self, string expected)
    {
        var score = Scored(Proportional, "有效提升", "基本达到预期", self: decimal.Parse(self, CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), score);
    }

    [Fact]
    public void ScoreIndicator_PartialAsOneShare_ThatShare()
    {
        Assert.Equal(7m, Scored(With("qualitative.Partial", "0.7"), "有效提升", "基本达到预期", self: 6));
    }

    [Theory]
    [InlineData("asMiss", "8")]     // 100/125 × 10
    [InlineData("full", "10")]
    [InlineData("zero", "0")]
    public void ScoreIndicator_ActualAboveAnEqualTarget_ByThePolicysRule(string rule, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(With("quantity.equalOver", $"\"{rule}\""), "=100人", "125人"));
    }

    [Theory]
    [InlineData("strict", "zero", ">95%", "95%", "0")]
    [InlineData("inclusive", "zero", ">95%", "95%", "10")]
    [InlineData("strict", "zero", ">95%", "96%", "10")]
    [InlineData("strict", "zero", "<5%", "5%", "0")]
    [InlineData("inclusive", "zero", "<5%", "5%", "10")]
    // In proportion the bound itself is the whole weight: never less than an actual further from it (94.9 % scores 9.99).
    [InlineData("strict", "proportional", ">95%", "95%", "10")]
    [InlineData("strict", "proportional", ">95%", "94.9%", "9.99")]
    public void ScoreIndicator_ActualOnAStrictBound_ByThePolicysRule(string rule, string miss, string target, string actual, string expected)
    {
        var policy = PolicySpace.With(PolicySpace.With(With("quantity.strictBounds", $"\"{rule}\""), "quantity.atLeastShortfall", JsonValue.Create(miss)),
            "quantity.atMostOverrun", JsonValue.Create(miss));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(policy, target, actual));
    }

    [Theory]
    [InlineData(">=90人", "30人", "3")]    // 30/90 × 9 is 2.999… in decimal division: 3, not 2.99
    [InlineData(">=3次", "1次", "3")]
    public void ScoreIndicator_TruncatingAQuotient_NotOneHundredthShort(string target, string actual, string expected)
    {
        var policy = With("rounding", """{ "digits": 2, "mode": "truncate" }""");

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(policy, target, actual, weight: 9));
    }

    [Theory]
    [InlineData("成本指标", "<=5%", "0%", "10")]          // a rate: 0 % over-run is simply met
    [InlineData("社会成本指标", "<=2万元", "0万元", "10")]  // a social cost of nothing is the best outcome
    [InlineData("经济成本指标", "<=2万元", "0万元", "0")]
    public void ScoreIndicator_ZeroCostRule_OnlyMoneyOfTheProjectsOwnCosts(string level2, string target, string actual, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(Proportional, target, actual, level2: level2));
    }

    [Fact]
    public void ScoreIndicator_SelfScoreOnTheRangesEdgeAtZeroDigits_Inside()
    {
        // [0.5, 0.8] of 7 is [3.5, 5.6]: 3.5 is inside although 0 digits would round the edge to 4; 6 is outside.
        var policy = With("rounding", """{ "digits": 0, "mode": "halfUp" }""");

        Assert.Equal((3.5m, 6m), (Scored(policy, "有效提升", "基本达到预期", weight: 7, self: 3.5m)!.Value, Scored(policy, "有效提升", "基本达到预期", weight: 7, self: 7)!.Value));
    }

    [Theory]
    [InlineData("zero", "成本指标", "0")]
    [InlineData("met", "成本指标", "10")]
    [InlineData("zero", "数量指标", "10")]   // only a cost: "≤2 起 事故" with none is simply met
    public void ScoreIndicator_CostNeverIncurred_ByThePolicysRule(string rule, string level2, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(With("quantity.zeroCost", $"\"{rule}\""), "<=2万元", "0万元", level2: level2));
    }

    [Theory]
    [InlineData("halfUp", "9.47")]
    [InlineData("halfEven", "9.47")]
    [InlineData("truncate", "9.46")]
    public void ScoreIndicator_Rounding_ByThePolicysMode(string mode, string expected)
    {
        // 1,000 of 1,056 × 10 = 9.4696…
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(With("rounding", $$"""{ "digits": 2, "mode": "{{mode}}" }"""), ">=1056人", "1000人"));
    }

    [Fact]
    public void Round_HalfEvenAndHalfUp_DifferOnTheMidpoint()
    {
        Assert.Equal((0.13m, 0.12m, 0.12m), (With("rounding", """{ "digits": 2, "mode": "halfUp" }""").Round(0.125m),
            With("rounding", """{ "digits": 2, "mode": "halfEven" }""").Round(0.125m), With("rounding", """{ "digits": 2, "mode": "truncate" }""").Round(0.1299m)));
    }

    [Fact]
    public void ToJson_EveryShippedPolicy_ReadsBackEqual()
    {
        foreach (var policy in ScoringPolicy.LoadShipped())
        {
            var again = ScoringPolicy.Read(System.Text.Json.JsonSerializer.SerializeToElement(policy.ToJson()), "again.json");

            Assert.Equal(policy.ToJson().ToJsonString(), again.ToJson().ToJsonString());
            Assert.Equal((policy.EqualOver, policy.StrictBoundsInclusive, policy.ZeroCostMet, policy.RoundingMode, policy.Qualitative[Platform.Performance.Domain.Values.QualitativeLevel.Partial], policy.ScoresByCompletionRate),
                (again.EqualOver, again.StrictBoundsInclusive, again.ZeroCostMet, again.RoundingMode, again.Qualitative[Platform.Performance.Domain.Values.QualitativeLevel.Partial], again.ScoresByCompletionRate));
        }
    }

    [Theory]
    [InlineData("quantity.equalOver", "\"generous\"", "policy-space.json: quantity.equalOver: quantity.equalOver")]
    [InlineData("rounding", """{ "digits": 9 }""", "policy-space.json: rounding: rounding")]
    [InlineData("qualitative.Partial", "[0.8, 0.5]", "policy-space.json: qualitative.Partial: qualitative.Partial")]
    [InlineData("overall.scoreBy", "\"selfScore\"", "policy-space.json: overall.scoreBy: overall.scoreBy")]
    [InlineData("overall", "\"completionRate\"", "policy-space.json: overall: overall")]
    [InlineData("regions", "[]", "policy-space.json: regions: regions")]
    [InlineData("regions", "[65]", "policy-space.json: regions: regions")]
    public void With_AValueThePolicyFilesRefuse_ErrorNamesTheField(string path, string json, string field)
    {
        var refused = Assert.Throws<ValidationException>(() => With(path, json));

        Assert.Equal(field, Assert.Single(refused.Errors).Field);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused.Errors[0].Reason);
    }

    [Theory]
    [InlineData("51", 2022, false, true)]    // 四川: not 65's
    [InlineData("65", 2020, true, false)]    // before 2021
    [InlineData("6501", 2022, true, true)]
    public void ConcernsAndCoversYear_ARegionPrefixAndAYear_AsDeclared(string region, int year, bool concerns, bool coversYear)
    {
        Assert.Equal((concerns, coversYear), (Proportional.Concerns(region), Proportional.CoversYear(year)));
    }

    [Fact]
    public void With_OverallScoredByValues_WrittenAndReadBack()
    {
        var policy = With("overall.scoreBy", "\"values\"");

        Assert.False(policy.ScoresByCompletionRate);
        Assert.True(Proportional.ScoresByCompletionRate);
        Assert.Equal("values", policy.ToJson()["overall"]!["scoreBy"]!.GetValue<string>());
        Assert.Equal("completionRate", Proportional.ToJson()["overall"]!["scoreBy"]!.GetValue<string>());
    }

    [Fact]
    public void LoadShipped_PolicySpace_EveryValueMakesAPolicy()
    {
        var space = PolicySpace.LoadShipped();

        Assert.Contains(space.Parameters, p => p.Path == "execution" && p.Values.Count > 1);
        Assert.All(space.Parameters.SelectMany(p => p.Values.Select(v => (p.Path, v))), pv => PolicySpace.With(Proportional, pv.Path, pv.v));
    }

    [Theory]
    [InlineData("预算调整率", "3%", "0", "10")]               // a bare target on a lower-is-better indicator is a cap
    [InlineData("财政供养人员控制率", "100%", "92%", "10")]
    [InlineData("“三公”经费变动率", "0%", "-5%", "10")]     // quotation marks do not hide the name
    [InlineData("高血压患者血压控制率", "60%", "45%", "7.5")] // not named: more is better, as the policy's default
    [InlineData("预算执行率", "100%", "92%", "9.2")]
    [InlineData("结转结余率下降幅度", "5%", "3%", "6")]         // the fragment must name what is measured, last
    public void ScoreIndicator_BareTargetOnALowerIsBetterIndicator_ReadAsACap(string name, string target, string actual, string expected)
    {
        var score = ScoringEngine.ScoreIndicator(new Indicator(0, null, null, name, target, actual, 10, null, null), Proportional);

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), score.Score);
        Assert.Equal(expected == "10" && actual != target, score.Explanation.Contains("按“≤”计分", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(">=-5%", "-8%", "0")]      // short of a target below zero: no share of it
    [InlineData(">=5%", "-2%", "0")]
    [InlineData("<=-5%", "-3%", "0")]      // over a cap below zero
    [InlineData("<=-5%", "-6%", "10")]
    [InlineData("=-5%", "-4%", "0")]
    public void ScoreIndicator_FiguresBelowZero_NoProportionOfThem(string target, string actual, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(Proportional, target, actual));
    }

    [Theory]
    [InlineData("是", "是", "10")]
    [InlineData("否", "否", "10")]     // 是否发生安全事故 — 否: the answer asked for
    [InlineData("是", "否", "0")]
    [InlineData("有", "无", "0")]
    public void ScoreIndicator_YesNo_TheAnswerTheTargetAsksFor(string target, string actual, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(Proportional, target, actual));
    }

    [Fact]
    public void ScoreIndicator_YesNoAgainstAFigure_NotScored()
    {
        Assert.Null(Scored(Proportional, "≥95%", "是"));
    }

    [Theory]
    [InlineData("合规", "是", "10")]     // yes affirms the level the target states
    [InlineData("合规", "否", "0")]
    [InlineData("0起", "无", "10")]      // none, against a count of none
    [InlineData("≤0起", "无", "10")]
    public void ScoreIndicator_YesNoAgainstALevelOrNone_Scored(string target, string actual, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(Proportional, target, actual));
    }

    [Fact]
    public void ScoreIndicator_PerUnitsInTenThousands_ComparedAfterConversion()
    {
        // 100 元 per 10,000 people is a hundredth of a 元 per person: well within a cap of 1 元 per person.
        Assert.Equal(10m, Scored(Proportional, "≤1元/人", "100元/万人"));
        Assert.Equal(0.01m, Platform.Performance.Domain.Values.IndicatorValueParser.Parse("100元/万人").Value is Platform.Performance.Domain.Values.Quantity q ? q.BaseAmount : null);
    }

    [Theory]
    [InlineData("成本指标", "10")]       // a cost: a bare "2万元" is what may be spent, 1.8 is within it
    [InlineData("数量指标", "9")]        // anything else: the policy's default (at least), 1.8 of 2
    public void ScoreIndicator_BareTargetOfACost_ReadAsACap(string level2, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), Scored(Proportional, "2万元", "1.8万元", level2: level2));
    }

    [Fact]
    public void ScoreIndicator_LowerIsBetterEmpty_BareTargetTakesTheDefault()
    {
        var policy = With("quantity.lowerIsBetter", "[]");

        Assert.Equal(0m, ScoringEngine.ScoreIndicator(new Indicator(0, null, null, "预算调整率", "3%", "0", 10, null, null), policy).Score);
    }

    [Theory]
    [InlineData("55", "执行率 55%（不高于 60% 不得分） × 10 = 0")]
    [InlineData("80", "执行率 80%（60% 至 100% 之间按比例：(80% − 60%) / (100% − 60%)） × 10 = 5")]
    [InlineData("100", "执行率 100%（达到 100% 得全部分值） × 10 = 10")]
    public void ScoreExecution_Linear_ExplainedInWords(string rate, string explanation)
    {
        var policy = With("execution", """{ "kind": "linear", "floor": 60, "full": 100 }""");

        Assert.Equal(explanation, ScoringEngine.ScoreExecution(ScoringEngineTests.Funds(rate), policy).Explanation);
    }

    [Theory]
    [InlineData("95", "执行率 95%（不低于 90% 的一档，得分比例 90%） × 10 = 9")]
    [InlineData("50", "执行率 50%（低于各档，不得分） × 10 = 0")]
    public void ScoreExecution_Stepped_NamesTheStep(string rate, string explanation)
    {
        var policy = With("execution", """{ "kind": "stepped", "steps": [ { "atLeast": 100, "share": 1 }, { "atLeast": 90, "share": 0.9 }, { "atLeast": 60, "share": 0.6 } ] }""");

        Assert.Equal(explanation, ScoringEngine.ScoreExecution(ScoringEngineTests.Funds(rate), policy).Explanation);
    }

    [Theory]
    [InlineData("\"预算调整率\"")]
    [InlineData("[\"\"]")]
    [InlineData("[3]")]
    public void Read_LowerIsBetterNotAListOfNames_ErrorNamesTheField(string json)
    {
        var refused = Assert.Throws<ValidationException>(() => With("quantity.lowerIsBetter", json));

        Assert.Equal("policy-space.json: quantity.lowerIsBetter: quantity.lowerIsBetter", Assert.Single(refused.Errors).Field);
    }
    [Theory]
    [InlineData("qualitative.Achieved", "1.5", "qualitative.Achieved", "1.5 不在 0 到 1 之间（占分值的份额，1 为全部分值）")]
    [InlineData("qualitative.Partial", "[0.5, 1.2]", "qualitative.Partial", "1.2 不在 0 到 1 之间（占分值的份额，1 为全部分值）")]
    [InlineData("execution.cap", "150", "execution.cap", "150 不在 0 到 100 之间")]
    [InlineData("execution.steps", "7", "execution.steps", "必须填写（档次列表：[{ atLeast, share }, …]）")]
    [InlineData("execution.steps", "[{\"atLeast\": 90, \"share\": 2}]", "execution.steps[0].share", "2 不在 0 到 1 之间（占分值的份额，1 为全部分值）")]
    [InlineData("execution.steps", "[3]", "execution.steps[0]", "必须填写（对象：atLeast 与 share）")]
    [InlineData("execution.floor", "100", "execution.floor", "起点 100% 须低于满分点 100%")]
    [InlineData("fiscalYears.to", "2022.5", "fiscalYears.to", "必须填写（整数）")]
    [InlineData("fiscalYears.to", "2020", "fiscalYears.to", "截止年度 2020 早于起始年度 2021")]
    [InlineData("rounding.digits", "1.5", "rounding.digits", "必须填写（整数）")]
    [InlineData("timeliness.late", "-0.1", "timeliness.late", "-0.1 不在 0 到 1 之间（占分值的份额，1 为全部分值）")]
    [InlineData("quantity.equalTolerance", "-1", "quantity.equalTolerance", "须为不小于 0 的数，按年度指标值的单位计")]
    public void Read_ValueOutOfItsRangeOrKind_ErrorNamesTheField(string path, string json, string field, string reason)
    {
        var refused = Assert.Throws<ValidationException>(() => With(path, json));

        Assert.Equal(($"policy-space.json: {path}: {field}", reason), (Assert.Single(refused.Errors).Field, refused.Errors[0].Reason));
    }
    [Fact]
    public void Revision_SameRulesSameRevision_AnyRuleChangedAnother()
    {
        var again = PolicySpace.With(Proportional, "quantity.equalOver", JsonValue.Create("asMiss"));   // the shipped value
        var changed = With("quantity.equalOver", "\"full\"");

        Assert.Matches("^[0-9a-f]{12}$", Proportional.Revision);
        Assert.Equal(Proportional.Revision, again.Revision);
        Assert.NotEqual(Proportional.Revision, changed.Revision);
        Assert.NotEqual(changed.Revision, (changed with { Title = "另一标题" }).Revision);   // a copy is hashed anew
    }
}
