using Grpc.Core;
using System.Net;
using System.Net.Http.Headers;
using Platform.Accounts.V1;
using Platform.Grpc;
using Platform.Publication.V1;
using Platform.Registry.Client;
using Platform.Registry.V1;

namespace Platform.Gateway.FunctionalTests.Authorization;

/// <summary>
/// Every role × jurisdiction × operation through the gateway to the real services, over both the JSON route set of the
/// caller's portal and gRPC: allowed (A), denied (D: 403 / PERMISSION_DENIED, by the gateway or by the service) or
/// unauthenticated (U). The expected grid is the platform's rule written out; a change of either side fails a row.
/// </summary>
public sealed class AuthorizationMatrixTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    /// <summary>Who calls: roles, jurisdiction, unit, and the portal their office uses (the level of the jurisdiction).</summary>
    private static readonly Dictionary<string, (string[] Roles, string? Jurisdiction, string? Unit, string Portal)?> Callers = new()
    {
        ["anonymous"] = null,
        ["clerk-urumqi"] = (["clerk"], "650100", "urumqi-emergency", "city"),
        ["head-xinshi"] = (["unit-head"], "650104", "xinshi-emergency", "county"),
        ["reviewer-650104"] = (["reviewer"], "650104", null, "county"),
        ["reviewer-652301"] = (["reviewer"], "652301", null, "county"),
        ["reviewer-652300"] = (["reviewer"], "652300", null, "prefecture"),
        ["reviewer-650100"] = (["reviewer"], "650100", null, "city"),
        ["reviewer-650000"] = (["reviewer"], "650000", null, "prefecture"),
        ["admin-650000"] = (["admin"], "650000", null, "city"),
        // A token that claims to be a platform service: the gateway drops the role, nothing is left.
        ["service-claim"] = (["service"], "650000", null, "county"),
    };

    /// <summary>
    /// The rule, per operation: unit-urumqi (650100), unit-xinshi (650104, a district of 650100), unit-changji (652300) —
    /// any signed-in caller whose jurisdiction covers the unit; return-urumqi — the unit's staff, a reviewer covering it, an
    /// accounts administrator over it; overdue-650000 — a reviewer over the whole region; public-list — everyone.
    /// </summary>
    private static readonly string[] Operations =
        ["unit-urumqi", "unit-xinshi", "unit-changji", "return-urumqi", "overdue-650000", "public-list", "inventory-urumqi", "progress-650100", "evaluations-changji"];

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["anonymous"] = /*       */ "U U U U U A U U U",
        ["clerk-urumqi"] = /*    */ "A A D A D A A D D",
        ["head-xinshi"] = /*     */ "D A D D D A D D D",
        ["reviewer-650104"] = /* */ "D A D D D A D D D",
        ["reviewer-652301"] = /* */ "D D D D D A D D D",
        ["reviewer-652300"] = /* */ "D D A D D A D D A",
        ["reviewer-650100"] = /* */ "A A D A D A A A D",
        ["reviewer-650000"] = /* */ "A A A A A A A A A",
        ["admin-650000"] = /*    */ "A A A A D A A A A",
        ["service-claim"] = /*   */ "D D D D D A D D D",
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (caller, row) in Expected)
        {
            var outcomes = row.Split(' ');
            for (var i = 0; i < Operations.Length; i++)
            {
                data.Add(caller, Operations[i], outcomes[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Json_CallerOnTheirPortal_AllowedOrDenied(string caller, string operation, string expected)
    {
        var portal = Callers[caller]?.Portal ?? "county";
        var path = operation switch
        {
            "unit-urumqi" => $"/api/{portal}/v1/units/urumqi-emergency?as_of_year=2022",
            "unit-xinshi" => $"/api/{portal}/v1/units/xinshi-emergency?as_of_year=2023",
            "unit-changji" => $"/api/{portal}/v1/units/changji-emergency?as_of_year=2021",
            "return-urumqi" => $"/api/{portal}/v1/returns/urumqi-emergency/2022",
            "overdue-650000" => $"/api/{portal}/v1/publication/overdue/650000",
            "public-list" => "/api/public/v1/disclosures?region_code=650000",
            "inventory-urumqi" => $"/api/{portal}/v1/inventories/urumqi-emergency/2022",
            "progress-650100" => $"/api/{portal}/v1/progress/650100/2022",
            "evaluations-changji" => $"/api/{portal}/v1/evaluations/changji-emergency/2021",
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (Token(caller) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var outcome = response.StatusCode switch
        {
            HttpStatusCode.OK => "A",
            HttpStatusCode.Forbidden => "D",
            HttpStatusCode.Unauthorized => "U",
            _ => $"{(int)response.StatusCode} {body}",
        };
        Assert.True(expected == outcome, $"{caller} {operation} via {path}: expected {expected}, got {outcome} ({body})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Grpc_Caller_AllowedOrDenied(string caller, string operation, string expected)
    {
        using var channel = platform.Gateway.Channel();
        var options = Token(caller) is { } token ? GatewayHost.Bearer(token) : new CallOptions();
        Task call = operation switch
        {
            "unit-urumqi" => new UnitRegistry.UnitRegistryClient(channel).GetUnitAsync(new GetUnitRequest { UnitId = "urumqi-emergency", AsOfYear = 2022 }, options).ResponseAsync,
            "unit-xinshi" => new UnitRegistry.UnitRegistryClient(channel).GetUnitAsync(new GetUnitRequest { UnitId = "xinshi-emergency", AsOfYear = 2023 }, options).ResponseAsync,
            "unit-changji" => new UnitRegistry.UnitRegistryClient(channel).GetUnitAsync(new GetUnitRequest { UnitId = "changji-emergency", AsOfYear = 2021 }, options).ResponseAsync,
            "return-urumqi" => new FinalAccounts.FinalAccountsClient(channel).GetReturnAsync(new ReturnRef { UnitId = "urumqi-emergency", FiscalYear = 2022 }, options).ResponseAsync,
            "overdue-650000" => new Publications.PublicationsClient(channel).ListOverdueAsync(new ListOverdueRequest { RegionCode = "650000" }, options).ResponseAsync,
            "public-list" => new Publications.PublicationsClient(channel).ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650000" }, options).ResponseAsync,
            "inventory-urumqi" => new Platform.Assets.V1.AssetInventory.AssetInventoryClient(channel).GetInventoryAsync(
                new Platform.Assets.V1.InventoryRef { UnitId = "urumqi-emergency", FiscalYear = 2022 }, options).ResponseAsync,
            "progress-650100" => new Consolidation.ConsolidationClient(channel).GetProgressAsync(new GetProgressRequest { RegionCode = "650100", FiscalYear = 2022 }, options).ResponseAsync,
            "evaluations-changji" => new Platform.Performance.V1.PerformanceEvaluations.PerformanceEvaluationsClient(channel).ListUnitEvaluationsAsync(
                new Platform.Performance.V1.ListUnitEvaluationsRequest { UnitId = "changji-emergency", FiscalYear = 2021 }, options).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        string outcome;
        try
        {
            await call;
            outcome = "A";
        }
        catch (RpcException ex)
        {
            outcome = ex.StatusCode switch
            {
                StatusCode.PermissionDenied => "D",
                StatusCode.Unauthenticated => "U",
                _ => $"{ex.StatusCode} {ex.Status.Detail}",
            };
        }
        Assert.True(expected == outcome, $"{caller} {operation} over gRPC: expected {expected}, got {outcome}");
    }

    [Theory]
    [InlineData("/api/city/v1/units/..%2F..%2Fregions%2F650000?as_of_year=2022")]
    [InlineData("/api/city/v1/units/urumqi-emergency%2F..%2F..%2Fchangji-emergency?as_of_year=2022")]
    [InlineData("/api/city/v1/units/%2e%2e/%2e%2e/regions/650000")]
    [InlineData("/api/city/v1//units/changji-emergency?as_of_year=2021")]
    public async Task Json_PathTricks_NeverReachWhatTheCallerMayNot(string path)
    {
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("clerk-urumqi"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden,
            $"{path}: {(int)response.StatusCode} {body}");
        Assert.DoesNotContain("昌吉", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A unit the caller may not reach, named wherever a JSON request can name it — the body, the query, a nested message,
    /// twice with different values — is refused by the gateway, before the service, because the contract marks the field.
    /// </summary>
    [Theory]
    [InlineData("POST", "/api/city/v1/returns", """{"unitId":"changji-emergency","fiscalYear":2021}""")]
    [InlineData("POST", "/api/city/v1/returns", """{"unit_id":"urumqi-emergency","unitId":"changji-emergency","fiscalYear":2021}""")]
    [InlineData("GET", "/api/city/v1/vehicles?unit_id=changji-emergency&fiscal_year=2021", null)]
    [InlineData("GET", "/api/city/v1/vehicles?unitId=changji-emergency&fiscalYear=2021", null)]
    [InlineData("PATCH", "/api/city/v1/returns/urumqi-emergency/2022", """{"ref":{"unitId":"changji-emergency","fiscalYear":2021},"revision":"1"}""")]
    [InlineData("POST", "/api/city/v1/disclosure-imports/evaluations", """{"departmentUnitId":"changji-emergency","transcription":""}""")]
    public async Task Json_UnitOutsideJurisdictionAnywhereInTheRequest_RefusedByTheGateway(string method, string path, string? json)
    {
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("clerk-urumqi"));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {body}");
        Assert.Contains("changji-emergency", body, StringComparison.Ordinal);
        Assert.Contains("不在您的管辖范围内（您的管辖区划为 ", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A unit outside the jurisdiction and a unit nobody registered get the same answer, status and words: "not registered"
    /// beside "not yours" told a county reviewer which ids exist in other regions. The unit's own staff and administrators
    /// (who register units) are told what the service says.
    /// </summary>
    [Theory]
    [InlineData("reviewer-650104", "/api/county/v1/returns/{0}/2021")]
    [InlineData("reviewer-650104", "/api/county/v1/evaluations/{0}/2021")]
    [InlineData("clerk-urumqi", "/api/city/v1/inventories/{0}/2021")]
    public async Task Json_UnknownUnitAndUnitOutsideJurisdiction_SameRefusal(string caller, string path)
    {
        async Task<(HttpStatusCode, string)> AskAsync(string unit)
        {
            using var http = platform.Gateway.Http();
            using var request = new HttpRequestMessage(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, path, unit));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(caller));
            using var response = await http.SendAsync(request);
            return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Replace(unit, "{unit}", StringComparison.Ordinal));
        }

        var outside = await AskAsync("changji-emergency");
        var unknown = await AskAsync("no-such-unit");

        Assert.Equal(HttpStatusCode.Forbidden, outside.Item1);
        Assert.Equal(outside, unknown);
    }

    [Fact]
    public async Task Json_UnknownUnitAskedByAnAdministrator_TheServiceAnswers()
    {
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/city/v1/returns/no-such-unit/2021");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("admin-650000"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // An administrator registers units (names ids that do not exist yet): told what the service says, not the gateway's refusal.
        Assert.DoesNotContain("或单位编码有误", body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Json_RegionCodeNotSixDigits_TheServiceNamesTheFieldNotTheGatewaysRefusal()
    {
        // "6501" typed for a user's jurisdiction was 无权操作：行政区划 “6501” 不在您的管辖范围内 — a typo is not a region beyond the caller.
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/city/v1/users/clerk.urumqi-seismic")
        {
            Content = new StringContent("""{"jurisdiction":"6501"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("admin-650000"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("不在您的管辖范围", body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Json_OwnUnitInAYearBeforeItsRegistration_TheServiceAnswers()
    {
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/city/v1/returns/urumqi-emergency/2019");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("clerk-urumqi"));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        // The clerk's own unit: nothing to hide from them, so the service's answer (no return that year), not the gateway's refusal.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("未找到决算报表", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_BodyThatIsNotJson_RefusedBeforeForwarding()
    {
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/city/v1/returns")
        {
            Content = new StringContent("{\"unitId\": \"changji-emergency\"", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token("clerk-urumqi"));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_MethodPathInOtherCase_StillNeedsAToken()
    {
        using var http = Platform.Testing.RawGrpc.CreateClient(platform.Gateway.GrpcAddress);
        var request = Platform.Testing.RawGrpc.Request("/PLATFORM.REGISTRY.V1.UNITREGISTRY/GETUNIT",
            Platform.Testing.RawGrpc.Frame(new GetUnitRequest { UnitId = "changji-emergency", AsOfYear = 2021 }));
        var (status, _) = await Platform.Testing.RawGrpc.SendAsync(http, request);
        Assert.Equal(StatusCode.Unauthenticated, status);
    }

    [Fact]
    public async Task Json_OwnUnitNeverInTheTokensRegion_RefusedByTheGateway()
    {
        // A unit's own staff pass wherever the registry places it in the year asked only when the unit sits in their
        // region now or in its latest version (a unit moved between regions: RegistryFunctionalTests); a token that only
        // names a unit of another region does not.
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/prefecture/v1/returns/urumqi-emergency/2022");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.Token("clerk-elsewhere", ["clerk"], "652300", "urumqi-emergency"));

        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {body}");
        Assert.Contains("不在您的管辖范围内", body, StringComparison.Ordinal);
    }

    private static string? Token(string caller) => Callers[caller] is { } c ? GatewayHost.Token(caller, c.Roles, c.Jurisdiction, c.Unit) : null;
}
