using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task Logging_AspNetCoreLevelNotSet_RequestsNotLoggedAtInformation()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("Platform.Grpc.PlatformServerInterceptor").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Logging_AspNetCoreLevelSet_DeploymentsChoiceKept()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        });
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }
}
