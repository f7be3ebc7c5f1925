using Grpc.Net.Client;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.V1;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Messaging;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Actor = Platform.Domain.Actor;

namespace Platform.Accounts.FunctionalTests.Consolidation;

/// <summary>
/// Consolidation on the embedded default (`./platform run`): SQLite files, in-process bus. Its migrations, its
/// non-PostgreSQL write paths (no COPY, no advisory lock) and the same answers as on PostgreSQL.
/// </summary>
public sealed class EmbeddedConsolidationTests : IAsyncLifetime
{
    private static readonly CallerIdentity Admin = new("admin-xj", ["registry-admin", "accounts-admin"], "650000");
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-consolidation-").FullName;
    private readonly CapturingLoggerProvider _log = new();
    private TestHost _host = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(
            configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); },
            configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); },
            logSink: _log,
            settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(_dir, "registry.db")}",
                ["ConnectionStrings:accounts"] = $"Data Source={Path.Combine(_dir, "accounts.db")}",
            });
        _channel = GrpcChannel.ForAddress(_host.Address);
        var registry = new UnitRegistry.UnitRegistryClient(_channel);
        var admin = TestHost.As(Admin);
        await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, admin);
        await registry.AddRegionAsync(new AddRegionRequest { Code = "650100", Name = "乌鲁木齐市", Kind = RegionKind.City, ParentCode = "650000" }, admin);
        var n = 0;
        foreach (var (id, parent) in new[] { ("dept-a", (string?)null), ("a1", "dept-a"), ("a2", "dept-a") })
        {
            await registry.RegisterUnitAsync(new RegisterUnitRequest
            {
                Id = id, CreditCode = Platform.Registry.Domain.CreditCode.Complete($"12650100MB{++n:0000000}").Value, Name = $"单位 {id}",
                RegionCode = "650100", ParentId = parent ?? "", Nature = parent is null ? "行政单位" : "事业单位", FromYear = 2020,
            }, admin);
        }
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Consolidate_Sqlite_EliminatesAddsUpAndEqualsRecompute()
    {
        await ApproveAsync("dept-a", 1, ("Z01[INC_FISCAL,AMT]", 1000m), ("Z01[EXP_AFFILIATE,AMT]", 300m), ("Z01[EXP_BASIC,AMT]", 700m));
        await ApproveAsync("a1", 1, ("Z01[INC_SUPERIOR,AMT]", 200m), ("Z01[EXP_BASIC,AMT]", 200m));
        await ApproveAsync("a2", 1, ("Z01[INC_SUPERIOR,AMT]", 100m), ("Z01[INC_FISCAL,AMT]", 5m), ("Z01[EXP_BASIC,AMT]", 105m));
        await ApproveAsync("a2", 2, ("Z01[INC_SUPERIOR,AMT]", 100m), ("Z01[INC_FISCAL,AMT]", 9m), ("Z01[EXP_BASIC,AMT]", 109m));
        var consolidation = new Platform.Accounts.V1.Consolidation.ConsolidationClient(_channel);
        var admin = TestHost.As(Admin);
        var watch = Stopwatch.StartNew();
        ConsolidatedReturn city;
        while ((city = await consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = new NodeRef { Kind = "region", Id = "650100", FiscalYear = 2022 } }, admin))
            .ContributingUnits < 3 || Value(city, "Z01[INC_FISCAL,AMT]") != 1009m)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20),
                $"approvals not consolidated within 20 s: units {city.ContributingUnits}, {string.Join(",", city.Inputs.Select(c => c.Cell + "=" + c.Value))}; {_log.Lines.Count} log lines; {string.Join(" | ", _log.Lines.Where(l => l.Contains("xception", StringComparison.Ordinal) || l.Contains("onsolidat", StringComparison.Ordinal) || l.Contains("utbox", StringComparison.Ordinal)).TakeLast(4).Select(l => l.Length > 800 ? l[..800] : l))}");
            await Task.Delay(20);
        }

        Assert.Equal(0m, Value(city, "Z01[INC_SUPERIOR,AMT]"));
        Assert.Equal(0m, Value(city, "Z01[EXP_AFFILIATE,AMT]"));
        Assert.Equal(1009m, Value(city, "Z01[EXP_TOTAL,AMT]"));
        var drill = await consolidation.DrillThroughAsync(new DrillThroughRequest { Node = new NodeRef { Kind = "department", Id = "dept-a", FiscalYear = 2022 }, Cell = "Z01[INC_FISCAL,AMT]" }, admin);
        Assert.Equal(["unit a2 9 v2", "unit dept-a 1000 v1"], drill.Contributors.Select(c => $"{c.Kind} {c.Id} {c.Amount} v{c.ReturnVersion}"));
        var list = await consolidation.ListConsolidatedAsync(new ListConsolidatedRequest { RegionCode = "650000", FiscalYear = 2022, PageSize = 2 }, admin);
        Assert.Equal(["department:dept-a", "region:650000"], list.Items.Select(i => $"{i.Node.Kind}:{i.Node.Id}"));

        var recompute = await consolidation.RecomputeAsync(new RecomputeRequest { FiscalYear = 2022 }, admin);
        Assert.Equal(0, recompute.DifferenceCount);
        Assert.Equal(3, recompute.Contributions);

        // From nothing (every consolidated row gone) the recompute writes the same sums again, through EF.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            await db.Contributions.ExecuteDeleteAsync();
            await db.ConsolidatedNodes.ExecuteDeleteAsync();
        }
        var rebuilt = await consolidation.RecomputeAsync(new RecomputeRequest { FiscalYear = 2022 }, admin);
        Assert.Equal(3, rebuilt.Nodes);   // dept-a, 650100, 650000
        var again = await consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = new NodeRef { Kind = "region", Id = "650100", FiscalYear = 2022 } }, admin);
        Assert.Equal(city.Inputs.Select(c => $"{c.Cell}={c.Value}"), again.Inputs.Select(c => $"{c.Cell}={c.Value}"));
    }

    private Task ApproveAsync(string unit, int version, params (string Cell, decimal Value)[] cells) =>
        StoredReturns.StoreAsync(_host.Services, unit, 2022, version, "650100", StoredReturns.Cells(cells), ReturnState.Approved, withEvent: true);

    private static decimal Value(ConsolidatedReturn r, string cell) =>
        r.Cells.FirstOrDefault(c => c.Cell == cell) is { } v ? decimal.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture) : 0m;
}
