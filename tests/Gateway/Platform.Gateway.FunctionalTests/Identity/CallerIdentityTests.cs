using Grpc.Core;
using Grpc.Net.Client;
using System.Net;
using System.Text.Json;
using Platform.Domain;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Identity;

/// <summary>
/// The identity the services see is the one the gateway authenticated: taken from a valid bearer token, re-signed, and
/// never what a client put into headers. Every bad token is refused before anything is forwarded.
/// </summary>
public sealed class CallerIdentityTests : IAsyncLifetime
{
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;
    private GrpcChannel _channel = null!;
    private InteropTest.InteropTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address]);
        _channel = _gateway.Channel();
        _client = new InteropTest.InteropTestClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task UnaryCall_ValidToken_ServiceSeesSubjectRolesAndJurisdiction()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(GatewayHost.Token("rev-652300", ["reviewer"], "652300")));
        Assert.Equal("rev-652300|reviewer|652300", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_TokenClaimsServiceRoleAndUnknownRoles_OnlyPersonRolesForwarded()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(GatewayHost.Token("mallory", ["clerk", "service", "root"], "652301")));
        Assert.Equal("mallory|clerk|652301", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_AdministratorRole_ExpandedToEachServiceAdministrator()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(GatewayHost.Token("admin-1", ["admin"], "650000")));
        Assert.Equal("admin-1|registry-admin,accounts-admin,performance-admin,assets-admin,publication-admin,identity-admin|650000", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_ClientSendsASignedPlatformCaller_ReplacedByTheTokenIdentity()
    {
        // Even a correctly signed internal caller (a leaked one) must not pass the gateway.
        var forged = TestHost.Codec().Sign(new CallerIdentity("svc", [PlatformRoles.Service, "registry-admin"], "650000"), DateTimeOffset.UtcNow);
        var token = GatewayHost.Token("clerk-1", ["clerk"], "652301", "unit-1");
        var headers = new Metadata { { "authorization", "Bearer " + token }, { CallerSigningOptions.MetadataKey, forged }, { "x-platform-role", "service" } };
        var response = await _client.UnaryCallAsync(new SimpleRequest { EchoKeys = { "x-platform-role", "authorization" } }, new CallOptions(headers: headers));
        Assert.Equal("clerk-1|clerk|652301", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_AnonymousPublicRouteWithForgedCaller_ServiceSeesAnonymous()
    {
        var forged = TestHost.Codec().Sign(new CallerIdentity("svc", [PlatformRoles.Service], "650000"), DateTimeOffset.UtcNow);
        var response = await new JsonTest.JsonTestClient(_channel).PublicEchoAsync(new SimpleRequest { EchoKeys = { CallerSigningOptions.MetadataKey } },
            new CallOptions(headers: new Metadata { { CallerSigningOptions.MetadataKey, forged } }));
        Assert.Equal("", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_BearerTokenAndPlatformHeaders_NeverReachTheService()
    {
        var token = GatewayHost.Token("clerk-1", ["clerk"], "652301", "unit-1");
        var headers = new Metadata { { "authorization", "Bearer " + token }, { "x-platform-debug", "1" } };
        using var call = _client.UnaryCallAsync(new SimpleRequest { EchoKeys = { "authorization", "x-platform-debug" } }, new CallOptions(headers: headers));
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.Null(responseHeaders.GetValue("authorization"));
        Assert.Null(responseHeaders.GetValue("x-platform-debug"));
    }

    [Fact]
    public async Task UnaryCall_NoToken_UnauthenticatedBeforeForwarding()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal("此操作需要先登录（请求中没有 Bearer 令牌）", ex.Status.Detail);
    }

    public static TheoryData<string, string> BadTokens()
    {
        var now = DateTimeOffset.UtcNow;
        var valid = GatewayHost.Token("u", ["clerk"], "652301");
        var parts = valid.Split('.');
        // The claims edited (clerk made admin) under the original signature, and the signature itself altered.
        var elevated = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("\"clerk\"", "\"admin\"", StringComparison.Ordinal)));
        Assert.NotEqual(parts[1], elevated);
        var tampered = $"{parts[0]}.{elevated}.{parts[2]}";
        var badSignature = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";
        return new TheoryData<string, string>
        {
            { GatewayHost.Token("u", ["clerk"], "652301", now: now.AddHours(-2), lifetime: TimeSpan.FromMinutes(10)), GatewayMessages.TokenExpired },
            { GatewayHost.Token("u", ["clerk"], "652301", audience: "another-app"), GatewayMessages.TokenOtherAudience },
            { GatewayHost.Token("u", ["clerk"], "652301", issuer: "someone-else"), GatewayMessages.TokenIssuerUntrusted },
            { GatewayHost.Token("u", ["clerk"], "652301", key: Enumerable.Repeat((byte)7, 32).ToArray()), GatewayMessages.TokenSignatureInvalid },
            { tampered, GatewayMessages.TokenSignatureInvalid },
            { badSignature, GatewayMessages.TokenSignatureInvalid },
            { $"{parts[0]}.{parts[1]}.", GatewayMessages.TokenSignatureInvalid },
            { "not-a-token", GatewayMessages.TokenMalformed },
            { Unsigned(parts[1]), GatewayMessages.TokenSignatureInvalid },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task UnaryCall_BadToken_UnauthenticatedWithTheReason(string token, string reason)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal(reason, ex.Status.Detail);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", ex.Status.Detail);
    }

    [Fact]
    public async Task PublicRoute_ExpiredToken_RefusedRatherThanTreatedAsAnonymous()
    {
        var expired = GatewayHost.Token("u", ["clerk"], "652301", now: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromMinutes(10));
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.IdempotentCallAsync(new SimpleRequest(), GatewayHost.Bearer(expired)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task HttpClient_BadToken_401WithJsonError()
    {
        using var http = _gateway.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anything");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer not-a-token");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(16, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("令牌格式不正确", body.RootElement.GetProperty("message").GetString());
    }

    /// <summary>The same claims with alg "none" and no signature (RFC 7519 §6 unsecured JWT): never accepted.</summary>
    private static string Unsigned(string payload) =>
        $"{System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8)}.{payload}.";
}
