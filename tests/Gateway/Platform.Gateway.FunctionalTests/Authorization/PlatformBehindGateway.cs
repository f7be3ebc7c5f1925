using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Platform.Accounts.Host;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.V1;
using Platform.Assets.Host;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Performance.Host;
using Platform.Publication.Host;
using Platform.Registry.Host;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Authorization;

/// <summary>
/// Every platform service on one real Kestrel host as `platform run` composes them (SQLite files, the in-process bus),
/// with the demo data of the shared documents, and the gateway with its shipped routes in front.
/// </summary>
public sealed class PlatformBehindGateway : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("gateway-matrix-");
    private TestHost _platform = null!;

    internal GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _platform = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddPerformanceService(); b.AddAssetsService(); b.AddPublicationService(); },
            configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapPerformanceService(); app.MapAssetsService(); app.MapPublicationService(); },
            settings: new Dictionary<string, string?>
            {
                ["Platform:DataDirectory"] = _data.FullName,
                ["Registry:SeedDemo"] = "true",
                ["Accounts:SeedDemo"] = "true",
                ["Performance:SeedDemo"] = "true",
                ["Assets:SeedDemo"] = "true",
                ["Publication:SeedDemo"] = "true",
            });
        await WaitForDemoAsync();
        Gateway = await GatewayHost.StartInFrontOfAsync(_platform.Address);
    }

    /// <summary>The demo seeders run in the background: wait until 000's return is imported (asked straight, as an administrator).</summary>
    private async Task WaitForDemoAsync()
    {
        using var channel = GrpcChannel.ForAddress(_platform.Address);
        var accounts = new FinalAccounts.FinalAccountsClient(channel);
        var admin = TestHost.As(new CallerIdentity("matrix-setup", [AccountsRoles.Admin], "650000"));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await accounts.GetReturnAsync(new ReturnRef { UnitId = "urumqi-emergency", FiscalYear = 2022 }, admin);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _platform.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }
}
