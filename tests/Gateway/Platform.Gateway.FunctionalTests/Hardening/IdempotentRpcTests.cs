using System.Net;
using System.Text.Json;
using Platform.Gateway.FunctionalTests.Authorization;
using Platform.Testing.Accounts;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>An rpc the contract declares idempotent answers a concurrent duplicate as it answers the original.</summary>
public sealed class IdempotentRpcTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const int Year = 2022;

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var (status, json) = await platform.SendJsonAsync(method, path, token, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    [Fact]
    public async Task SubmitReturn_FourIdenticalRequestsAtOnce_AllAnsweredAsTheOriginalAndSubmittedOnce()
    {
        var unit = await platform.RegisterUnitAsync("idem", Year);
        var clerk = GatewayHost.Token($"clerk-{unit}", ["clerk"], "650100", unit);
        var path = $"/api/city/v1/returns/{unit}/{Year}";
        var opened = await OkAsync(HttpMethod.Post, "/api/city/v1/returns", clerk, new { unitId = unit, fiscalYear = Year });
        var draft = await OkAsync(HttpMethod.Patch, path, clerk, new
        {
            revision = opened.GetProperty("revision").GetString(),
            cells = SampleReturns.Consistent2022.Select(c => new { cell = c.Cell, value = c.Value }).ToArray(),
        });
        var report = await OkAsync(HttpMethod.Get, $"{path}/validation", clerk);
        var targets = report.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "warning" && !f.GetProperty("explained").GetBoolean())
            .Select(f => f.GetProperty("explainAt").GetString()).Distinct().ToArray();
        if (targets.Length > 0)
        {
            draft = await OkAsync(HttpMethod.Patch, path, clerk, new
            {
                revision = draft.GetProperty("revision").GetString(),
                explanations = targets.Select(target => new { target, text = "测试说明：数据核对无误。" }).ToArray(),
            });
        }
        var revision = draft.GetProperty("revision").GetString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            platform.SendJsonAsync(HttpMethod.Post, $"{path}/submit", clerk, new { revision })));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{(int)a.Status} {a.Body}"));
        Assert.All(answers, a => Assert.Equal("SUBMITTED", a.Body.GetProperty("state").GetString()));
        Assert.Single(answers.Select(a => (a.Body.GetProperty("revision").GetString(), a.Body.GetProperty("submittedAt").GetString())).Distinct());
        var trail = await OkAsync(HttpMethod.Get, $"{path}/audit-trail", clerk);
        Assert.Single(trail.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "submitted");
    }
}
