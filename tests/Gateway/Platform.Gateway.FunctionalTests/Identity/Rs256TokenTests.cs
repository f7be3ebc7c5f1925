using Grpc.Core;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Grpc;
using Platform.Testing;
using Platform.Testing.V1;

namespace Platform.Gateway.FunctionalTests.Identity;

/// <summary>Tokens of an identity provider signing with RS256: the gateway holds only the public key.</summary>
public sealed class Rs256TokenTests : IAsyncLifetime
{
    private readonly RSA _provider = RSA.Create(2048);
    private TestHost _backend = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestHost.StartAsync();
        _gateway = await GatewayHost.StartAsync([_backend.Address], new Dictionary<string, string?>
        {
            ["Gateway:Jwt:RsaPublicKeyPem"] = _provider.ExportSubjectPublicKeyInfoPem(),
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
        _provider.Dispose();
    }

    private static string Sign(RSA key, string subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "platform",
        Audience = "platform-gateway",
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = new[] { "reviewer" }, ["jurisdiction"] = "652300" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
    });

    [Fact]
    public async Task UnaryCall_Rs256TokenOfTheProvider_Accepted()
    {
        using var channel = _gateway.Channel();
        var response = await new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(Sign(_provider, "idp-user")));
        Assert.Equal("idp-user|reviewer|652300", response.Caller);
    }

    [Fact]
    public async Task UnaryCall_Rs256TokenOfAnotherKey_Unauthenticated()
    {
        using var other = RSA.Create(2048);
        using var channel = _gateway.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new InteropTest.InteropTestClient(channel).UnaryCallAsync(new SimpleRequest(), GatewayHost.Bearer(Sign(other, "forger"))).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal(GatewayMessages.TokenSignatureInvalid, ex.Status.Detail);
    }
}

/// <summary>The gateway's token settings are validated when it starts: without a usable key it refuses, saying which setting.</summary>
public sealed class TokenSettingsTests
{
    [Theory]
    [InlineData("", "", "needs a token key: Gateway__Jwt__SigningKey")]
    [InlineData("AAAA", "", "Gateway__Jwt__SigningKey must be at least 32 bytes")]
    [InlineData("not base64!", "", "Gateway__Jwt__SigningKey must be base64")]
    [InlineData("", "-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----", "Gateway__Jwt__RsaPublicKeyPem is not a PEM-encoded RSA public key")]
    public async Task StartAsync_BadKeySettings_RefusesNamingTheSetting(string signingKey, string pem, string message)
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GatewayHost.StartAsync([new Uri("http://127.0.0.1:1/")],
            new Dictionary<string, string?> { ["Gateway:Jwt:SigningKey"] = signingKey, ["Gateway:Jwt:RsaPublicKeyPem"] = pem }));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
