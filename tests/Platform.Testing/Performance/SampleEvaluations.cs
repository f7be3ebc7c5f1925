using Platform.Performance.V1;

namespace Platform.Testing.Performance;

/// <summary>Self-evaluation forms shared by the performance and publication tests.</summary>
public static class SampleEvaluations
{
    /// <summary>
    /// A consistent project form (weights 10 + 90 = 100): 培训人次 ≥ 28 achieved 26 scores 26/28 × 20 = 18.57, the rest
    /// full; execution 9.5 of 10 万元 = 95 %, scoring 9.5 of 10.
    /// </summary>
    public static ProjectForm ProjectForm(string name = "地震监测设备运维")
    {
        var form = new ProjectForm
        {
            Name = name, CompetentDepartment = "乌鲁木齐市应急管理局", ImplementingUnit = "乌鲁木齐市地震监测中心",
            Funds = new ProjectFunds
            {
                Total = new FundsLine { InitialBudget = "10", FullYearBudget = "10", Executed = "9.5" },
                Weight = "10", ExecutionRate = "95", Score = "9.5",
                CurrentYearFiscal = new FundsLine { InitialBudget = "10", FullYearBudget = "10", Executed = "9.5" },
            },
            GoalExpected = "保障监测台网运行", GoalActual = "台网运行率达标",
            TotalScore = "98.07",
        };
        form.Indicators.Add(new Indicator { Level1 = "产出指标", Level2 = "数量指标", Name = "培训人次", Target = "≥28人次", Actual = "26人次", Weight = "20", Score = "18.57", DeviationReason = "两人因病缺训" });
        form.Indicators.Add(new Indicator { Level1 = "产出指标", Level2 = "质量指标", Name = "台网运行率", Target = "≥95%", Actual = "98%", Weight = "30", Score = "30" });
        form.Indicators.Add(new Indicator { Level1 = "产出指标", Level2 = "时效指标", Name = "完成时间", Target = "2022年12月前", Actual = "2022年11月", Weight = "10", Score = "10" });
        form.Indicators.Add(new Indicator { Level1 = "效益", Level2 = "社会效益", Name = "监测能力", Target = "有效提升", Actual = "有效提升", Weight = "20", Score = "20" });
        form.Indicators.Add(new Indicator { Level1 = "满意度指标", Level2 = "服务对象满意度指标", Name = "群众满意度", Target = "≥90%", Actual = "95%", Weight = "10", Score = "10" });
        return form;
    }
}
