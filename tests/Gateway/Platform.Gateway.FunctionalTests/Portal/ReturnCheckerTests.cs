using Platform.Portal.Client;
using Platform.Testing.Accounts;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>
/// The browser's checker keeps its draft between keystrokes and saves only what changed: after any sequence of keystrokes
/// it must give exactly what a checker that reads the whole return afresh gives.
/// </summary>
public sealed class ReturnCheckerTests
{
    private static GridModel Model() => new(
        "clerk", "urumqi-seismic", 2025, 1, "650100", "Z01", [], [],
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>(),
        new Dictionary<string, string>(), false, new Dictionary<string, string>(), [], true);

    [Fact]
    public void Check_KeystrokesOneAfterAnother_SameAsAFreshCheckOfTheWholeReturn()
    {
        var inputs = SampleReturns.Consistent2022.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal);
        var explanations = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new ReturnChecker(Model());
        (string Step, Action Change)[] keystrokes =
        [
            ("the whole return", () => { }),
            ("a value changed", () => inputs["Z01[INC_OTHER,AMT]"] = "100001"),
            ("a held value becomes text", () => inputs["Z01[INC_OTHER,AMT]"] = "一百"),
            ("that text changed to another bad value", () => inputs["Z01[INC_OTHER,AMT]"] = "1.234"),
            ("a second bad value, before the first in the return", () => inputs["Z01[INC_FISCAL,AMT]"] = "-5"),
            ("the first bad value fixed", () => inputs["Z01[INC_OTHER,AMT]"] = "100000"),
            ("a value cleared", () => inputs["Z06[30217,AMT]"] = ""),
            ("a cleared value's key gone", () => inputs.Remove("Z06[30217,AMT]")),
            ("a bad value cleared", () => inputs["Z01[INC_FISCAL,AMT]"] = ""),
            ("a cell the year's codes lack", () => inputs["Z02[9999999,FISCAL]"] = "5"),
            ("a new item", () => inputs["Z02[2240102,FISCAL]"] = "700"),
            ("an explanation", () => explanations["Z01[INC_FISCAL]"] = "本年财政拨款减少，原因是……"),
            ("an explanation the server refuses", () => explanations["Z99[NOWHERE]"] = "说明"),
            ("the refused explanation removed, a value back", () =>
            {
                explanations.Remove("Z99[NOWHERE]");
                inputs["Z01[INC_FISCAL,AMT]"] = "1700000";
            }),
        ];

        foreach (var (step, change) in keystrokes)
        {
            change();
            // The same dictionaries, changed in place, as a caller may do: the checker must not hold on to them.
            var (findings, computed) = kept.Check(inputs, explanations);
            var (freshFindings, freshComputed) = new ReturnChecker(Model()).Check(inputs, explanations);

            Assert.True(freshFindings.SequenceEqual(findings), $"{step}: findings differ\n kept:  {string.Join("; ", findings)}\n fresh: {string.Join("; ", freshFindings)}");
            Assert.Equal(freshComputed.OrderBy(c => c.Key, StringComparer.Ordinal), computed.OrderBy(c => c.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Check_WarningExplainedThenNot_SameAsAFreshCheck()
    {
        var inputs = SampleReturns.Consistent2022.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal);
        var explanations = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new ReturnChecker(Model());
        kept.Check(inputs, explanations);
        // 3 vehicles in 三公 against 4 held: a warning that asks for an explanation at its row.
        inputs["F03[VEH_OTHER,AMT]"] = "2";
        var warning = kept.Check(inputs, explanations).Findings.First(f => f is { Severity: "warning", ExplainAt.Length: > 0 });

        explanations[warning.ExplainAt] = "另有一辆待报废车辆尚未处置";
        var explained = kept.Check(inputs, explanations).Findings;
        explanations.Remove(warning.ExplainAt);
        var unexplained = kept.Check(inputs, explanations).Findings;

        Assert.Contains(explained, f => f.RuleId == warning.RuleId && f.Explained);
        Assert.Contains(unexplained, f => f.RuleId == warning.RuleId && !f.Explained);
        Assert.True(new ReturnChecker(Model()).Check(inputs, explanations).Findings.SequenceEqual(unexplained));
    }

    [Fact]
    public void Check_HeldValueTurnsBad_CheckedAsBlankAndReportedAtItsCell()
    {
        var inputs = SampleReturns.Consistent2022.ToDictionary(c => c.Cell, c => c.Value, StringComparer.Ordinal);
        var checker = new ReturnChecker(Model());
        checker.Check(inputs, new Dictionary<string, string>());

        inputs["Z01[INC_OTHER,AMT]"] = "abc";
        var (findings, computed) = checker.Check(inputs, new Dictionary<string, string>());

        Assert.Contains(findings, f => f is { RuleId: "INPUT", Location: "Z01[INC_OTHER,AMT]" });
        // 本年收入合计 no longer counts the 100000 the cell held before it was typed over.
        Assert.Equal("1700000", computed["Z01[INC_CURRENT,AMT]"]);
    }
}
