using Platform.Testing;

namespace Platform.ServiceDefaults.Tests;

public sealed class HostSettingsTests
{
    [Fact]
    public async Task StartAsync_NoCallerSigningKey_RefusesToStartNamingTheVariable()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Platform:CallerSigningKey"] = "" }));
        Assert.Contains("Platform__CallerSigningKey is not set", ex.Message);
    }

    [Fact]
    public async Task StartAsync_KeyNotBase64_RefusesToStart()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Platform:CallerSigningKey"] = "not base64!" }));
        Assert.Contains("must be base64", ex.Message);
    }
}
