using System.Net;
using System.Text.Json;
using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Gateway.FunctionalTests.Authorization;
using CreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>
/// Bad input that probing from outside found to do harm (issue 19), through the gateway to the real services: an id that
/// is a path, a value so long that quoting it whole broke the connection and took the destination out of rotation.
/// </summary>
public sealed class BadInputTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const int Year = 2022;
    private static readonly string Admin = GatewayHost.Token("admin-xj", ["admin"], "650000");

    private static IEnumerable<(string Field, string Description)> Violations(JsonElement error) =>
        error.GetProperty("details").EnumerateArray()
            .Where(d => d.TryGetProperty("fieldViolations", out _))
            .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
            .Select(v => (v.GetProperty("field").GetString()!, v.GetProperty("description").GetString()!));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("Unit.One")]
    [InlineData("单位")]
    [InlineData("-lead")]
    [InlineData("a%2e%2e")]
    public async Task RegisterUnit_IdOutsideTheGrammar_RefusedNamingIdAndNothingRegistered(string id)
    {
        var (status, body) = await platform.SendJsonAsync(HttpMethod.Post, "/api/city/v1/units", Admin, new
        {
            id, creditCode = CreditCode.Complete($"12650100MB{Random.Shared.Next(1_000_000, 9_999_999)}").Value,
            name = "路径单位", regionCode = "650100", nature = "事业单位", fromYear = Year,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(Violations(body), v => v.Field == "id");
        var (_, search) = await platform.SendJsonAsync(HttpMethod.Get, $"/api/city/v1/units?query={Uri.EscapeDataString("路径单位")}&as_of_year={Year}", Admin);
        Assert.Empty(search.TryGetProperty("units", out var units) ? units.EnumerateArray() : default(JsonElement.ArrayEnumerator));
    }

    [Fact]
    public async Task SaveDraft_FortyThousandCharacterValue_ShortErrorAndTheDestinationStaysInRotation()
    {
        var unit = await platform.RegisterUnitAsync("hardening", Year);
        var clerk = GatewayHost.Token($"clerk-{unit}", ["clerk"], "650100", unit);
        var (opened, draft) = await platform.SendJsonAsync(HttpMethod.Post, "/api/city/v1/returns", clerk, new { unitId = unit, fiscalYear = Year });
        Assert.True(opened == HttpStatusCode.OK, $"{(int)opened} {draft}");
        var huge = new string('9', 20_000) + new string('x', 20_000);
        // Under the platform's text ceiling but far over a cell: the rule's own message quotes a prefix only.
        var long9000 = new string('9', 4_500) + new string('x', 4_500);
        var (quotedStatus, quoted) = await platform.SendJsonAsync(HttpMethod.Patch, $"/api/city/v1/returns/{unit}/{Year}", clerk, new
        {
            revision = draft.GetProperty("revision").GetString(),
            cells = new[] { new { cell = "Z01[INC_FISCAL,AMT]", value = long9000 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, quotedStatus);
        var quotedViolation = Assert.Single(Violations(quoted));
        Assert.StartsWith("“99999", quotedViolation.Description);
        Assert.True(quotedViolation.Description.Length < 200, quotedViolation.Description);
        var client = new FinalAccounts.FinalAccountsClient(platform.Gateway.Channel());

        // Many times, over JSON and over gRPC: a passive health policy that counted these would have marked the only
        // destination unhealthy long before the end.
        for (var i = 0; i < 12; i++)
        {
            var (status, error) = await platform.SendJsonAsync(HttpMethod.Patch, $"/api/city/v1/returns/{unit}/{Year}", clerk, new
            {
                revision = draft.GetProperty("revision").GetString(),
                cells = new[] { new { cell = "Z01[INC_FISCAL,AMT]", value = huge } },
            });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var violation = Assert.Single(Violations(error));
            Assert.Equal("cells[0].value", violation.Field);
            Assert.True(violation.Description.Length < 200, violation.Description);

            var ex = await Assert.ThrowsAsync<RpcException>(() => client.SaveDraftAsync(new SaveDraftRequest
            {
                Ref = new ReturnRef { UnitId = unit, FiscalYear = Year },
                Revision = long.Parse(draft.GetProperty("revision").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Cells = { new CellValue { Cell = "Z01[INC_FISCAL,AMT]", Value = huge } },
            }, GatewayHost.Bearer(clerk)).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            Assert.True(ex.Status.Detail.Length < 600, $"grpc-message of {ex.Status.Detail.Length} characters");
        }

        var (after, read) = await platform.SendJsonAsync(HttpMethod.Get, $"/api/city/v1/returns/{unit}/{Year}", clerk);
        Assert.True(after == HttpStatusCode.OK, $"{(int)after} {read}");
        Assert.Equal(draft.GetProperty("revision").GetString(), read.GetProperty("revision").GetString());
    }
}
