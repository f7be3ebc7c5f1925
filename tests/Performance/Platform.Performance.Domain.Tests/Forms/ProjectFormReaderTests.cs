using System.Globalization;
using System.Text.Json;
using Platform.Performance.Domain.Forms;

namespace Platform.Performance.Domain.Tests.Forms;

public sealed class ProjectFormReaderTests
{
    private static ProjectForm Read(string funds)
    {
        using var document = JsonDocument.Parse($$"""{"project_evaluations": [{"name": "p", "funds": {"total": {{funds}}}, "indicators": []}]}""");
        return ProjectFormReader.Read(document.RootElement).Forms.Single();
    }

    [Theory]
    // 湖北's 执行率(B/A): the ratio, as printed, with the precision printed.
    [InlineData("\"1.56\"", "\"1.56\"", "\"1\"", "100")]
    [InlineData("\"100\"", "\"98.3\"", "\"0.98\"", "98")]
    [InlineData("\"100\"", "\"98.3\"", "\"0.983\"", "98.3")]
    // A percentage stays one: with its sign, or when the amounts give it (1 % spent), or when nothing tells.
    [InlineData("\"100\"", "\"98.3\"", "\"98.3%\"", "98.3")]
    [InlineData("\"100\"", "\"1\"", "\"1\"", "1")]
    [InlineData("\"100\"", "\"98\"", "\"98\"", "98")]
    [InlineData("null", "null", "\"1\"", "1")]
    [InlineData("\"0\"", "\"0\"", "\"1\"", "1")]
    public void Read_ExecutionRateWithoutAPercentSign_ARatioTheAmountsGiveReadAsItsPercentage(string budget, string executed, string printed, string percent)
    {
        var form = Read($$"""{"full_year_budget": {{budget}}, "executed": {{executed}}, "weight": "20", "execution_rate": {{printed}}, "score": "20"}""");

        Assert.Equal(decimal.Parse(percent, CultureInfo.InvariantCulture), form.Funds.ExecutionRate);
    }

    [Fact]
    public void Check_ExecutionRatePrintedAsARatio_NoFindingAgainstItsAmounts()
    {
        var form = Read("""{"full_year_budget": "100", "executed": "98.3", "weight": "20", "execution_rate": "0.98", "score": "19.6"}""");

        Assert.DoesNotContain(FormAudit.Check(form), f => f.Type == FormAudit.ExecutionRate);
    }
}
