using Microsoft.Extensions.Options;
using Platform.Testing;

namespace Platform.ServiceDefaults.Tests;

/// <summary>Settings are validated when a host starts: a bad one stops it, named as the environment variable that sets it.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public async Task StartAsync_NoCallerSigningKey_RefusesToStartNamingTheVariable()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Platform:CallerSigningKey"] = "" }));
        Assert.Contains("Platform__CallerSigningKey is not set", ex.Message);
    }

    [Fact]
    public async Task StartAsync_KeyNotBase64_RefusesToStart()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Platform:CallerSigningKey"] = "not base64!" }));
        Assert.Contains("must be base64", ex.Message);
    }

    [Fact]
    public async Task StartAsync_SeveralBadSettings_EveryOneNamed()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Platform:CallerSigningKey"] = Convert.ToBase64String(new byte[16]),
            ["Platform:BindAddress"] = "localhost",
            ["Platform:GrpcPort"] = "70000",
        }));
        Assert.Contains("Platform__CallerSigningKey is 16 bytes", ex.Message);
        Assert.Contains("Platform__BindAddress 'localhost'", ex.Message);
        Assert.Contains("Platform__GrpcPort 70000", ex.Message);
    }
}
