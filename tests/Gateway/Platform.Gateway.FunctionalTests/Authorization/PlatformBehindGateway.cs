using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Platform.Accounts.Host;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.V1;
using Platform.Assets.Host;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Identity.Host;
using Platform.Portal;
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

    private GrpcChannel? _serviceChannel;
    private Task<Dictionary<string, string>>? _unitRegions;

    internal GatewayHost Gateway { get; private set; } = null!;

    /// <summary>The services' data directory (SQLite files, development keys) as `platform run` lays it out.</summary>
    internal DirectoryInfo DataDirectory => _data;

    /// <summary>A channel straight to the services, past the gateway (a signed caller header is what they trust).</summary>
    internal GrpcChannel ServiceChannel => _serviceChannel ??= _platform.Channel();

    /// <summary>A JSON request through the gateway with a bearer token (none when null); the answer's status and JSON body.</summary>
    internal async Task<(HttpStatusCode Status, JsonElement Body)> SendJsonAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var http = Gateway.Http();
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static readonly string Administrator = GatewayHost.Token("admin-xj", ["admin"], "650000");

    /// <summary>A new 事业单位 of 650100 for <paramref name="year"/> on, registered through the gateway by an administrator; its id.</summary>
    internal async Task<string> RegisterUnitAsync(string prefix, int year)
    {
        var unit = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var (status, body) = await SendJsonAsync(HttpMethod.Post, "/api/city/v1/units", Administrator, new
        {
            id = unit, creditCode = Platform.Registry.Domain.CreditCode.Complete($"12650100MB{Random.Shared.Next(1_000_000, 9_999_999)}").Value,
            name = $"测试中心{unit[^8..]}", regionCode = "650100", nature = "事业单位", fromYear = year,
        });
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        return unit;
    }

    private bool _settled;

    /// <summary>
    /// The row count of every table of every service's database ("accounts.db/returns=3; …"): equal before and after a
    /// request means the request wrote nothing anywhere. The first call waits until the demo seeders have finished (two
    /// snapshots a moment apart agree).
    /// </summary>
    internal async Task<string> RowCountsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        if (!_settled)
        {
            // The demo ends with 000's disclosure published (after approval and consolidation): wait for it, then for
            // the databases to stop changing (three snapshots in a row alike).
            using var http = Gateway.Http();
            while (DateTime.UtcNow < deadline && !(await http.GetStringAsync($"/public/v1/feed.json?limit=1&_={Guid.NewGuid():N}")).Contains("documentId", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }
        var snapshot = Snapshot();
        var alike = 0;
        while (!_settled)
        {
            await Task.Delay(300);
            var next = Snapshot();
            alike = next == snapshot ? alike + 1 : 0;
            _settled = alike >= 2 || DateTime.UtcNow > deadline;
            snapshot = next;
        }
        return snapshot;

        string Snapshot()
        {
            var counts = new List<string>();
            foreach (var file in _data.EnumerateFiles("*.db").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                using var connection = new SqliteConnection($"Data Source={file.FullName};Mode=ReadOnly;Pooling=False");
                connection.Open();
                var tables = new List<string>();
                using (var list = connection.CreateCommand())
                {
                    list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                    using var reader = list.ExecuteReader();
                    while (reader.Read())
                    {
                        tables.Add(reader.GetString(0));
                    }
                }
                foreach (var table in tables)
                {
                    using var count = connection.CreateCommand();
                    count.CommandText = $"SELECT count(*) FROM \"{table}\"";
                    counts.Add($"{file.Name}/{table}={count.ExecuteScalar()}");
                }
            }
            return string.Join("; ", counts);
        }
    }

    /// <summary>Every registered unit's region (any version, fiscal years 2018-2026), read once as a platform service.</summary>
    internal Task<Dictionary<string, string>> UnitRegionsAsync() => _unitRegions ??= ReadUnitRegionsAsync();

    private async Task<Dictionary<string, string>> ReadUnitRegionsAsync()
    {
        var registry = new Platform.Registry.V1.UnitRegistry.UnitRegistryClient(ServiceChannel);
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var year = 2018; year <= 2026; year++)
        {
            using var call = registry.ExportSubtree(new Platform.Registry.V1.ExportSubtreeRequest { RegionCode = "650000", AsOfYear = year },
                TestHost.As(CallerIdentity.Service("matrix-setup")));
            await foreach (var unit in call.ResponseStream.ReadAllAsync())
            {
                regions.TryAdd(unit.Id, unit.RegionCode);
            }
        }
        return regions;
    }

    public async Task InitializeAsync()
    {
        _platform = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddPerformanceService(); b.AddAssetsService(); b.AddPublicationService(); b.AddIdentityService(); b.AddPortal(); },
            configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapPerformanceService(); app.MapAssetsService(); app.MapPublicationService(); app.MapIdentityService(); app.MapPortal(); },
            settings: new Dictionary<string, string?>
            {
                ["Platform:DataDirectory"] = _data.FullName,
                ["Registry:SeedDemo"] = "true",
                ["Accounts:SeedDemo"] = "true",
                ["Performance:SeedDemo"] = "true",
                ["Assets:SeedDemo"] = "true",
                ["Publication:SeedDemo"] = "true",
                ["Identity:SeedDemo"] = "true",
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
        _serviceChannel?.Dispose();
        await Gateway.DisposeAsync();
        await _platform.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }
}
