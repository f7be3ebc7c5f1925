using System.Text.Json;
using Platform.Performance.Domain.Forms;

namespace Platform.Cli.Tests;

/// <summary>`platform score --json` gives a finding in the performance API's shape, so one script reads both.</summary>
public sealed class ScoreJsonTests
{
    [Fact]
    public void Finding_AnyAuditFinding_TheApiFindingsFieldsInItsOrder()
    {
        var finding = new AuditFinding("SELF_SCORE_INCONSISTENT", FindingSeverity.Error, "indicators[1] 预算经费", "10.78", "11.92", "自评得分 10.78，计算得分 11.92");

        var json = JsonSerializer.SerializeToNode(ScoreCommand.Finding(finding))!.AsObject();

        Assert.Equal(Platform.Performance.V1.Finding.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name), json.Select(p => p.Key));
        Assert.Equal(["SELF_SCORE_INCONSISTENT", "error", "indicators[1] 预算经费", "10.78", "11.92"], json.Take(5).Select(p => p.Value!.GetValue<string>()));
        // A figure the finding has not is "", as the API gives it, never null.
        var bare = JsonSerializer.SerializeToNode(ScoreCommand.Finding(finding with { Published = null, Computed = null }))!.AsObject();
        Assert.Equal(("", ""), (bare["published"]!.GetValue<string>(), bare["computed"]!.GetValue<string>()));
    }
}
