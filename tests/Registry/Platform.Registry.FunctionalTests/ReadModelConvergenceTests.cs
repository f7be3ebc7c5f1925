using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Events.V1;
using Platform.Grpc.Security;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Registry.Client;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using DomainCreditCode = Platform.Registry.Domain.CreditCode;

namespace Platform.Registry.FunctionalTests;

/// <summary>
/// Another service's local read model of units, fed only by the registry's events over real RabbitMQ
/// (PostgreSQL on both sides): after a series of changes it must converge to the registry's own answer.
/// </summary>
public sealed class ReadModelConvergenceTests
{
    [Fact]
    public async Task RegistryEvents_OverRabbitMq_SecondServiceReadModelConverges()
    {
        var prefix = "readmodel-" + Guid.NewGuid().ToString("N")[..8];
        var registryDb = await TestServers.CreatePostgresDatabaseAsync("registry");
        var readDb = await TestServers.CreatePostgresDatabaseAsync("readmodel");

        // The second service first, so its queues are bound before the registry publishes.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<UnitReadModelDbContext>(new DatabaseOptions(DatabaseProvider.PostgreSql, readDb));
        builder.Services.AddPlatformMessaging<UnitReadModelDbContext>(new MessagingOptions(TestServers.RabbitMq, prefix), _ => { },
            consumers: x =>
            {
                // With the platform's endpoint settings (retry): UnitRegistered and UnitChanged of a new unit can be
                // consumed at the same moment on their two endpoints; the loser of the insert race retries and
                // then finds the row.
                x.AddConsumer<UnitRegisteredProjector, PlatformConsumerDefinition<UnitRegisteredProjector>>();
                x.AddConsumer<UnitChangedProjector, PlatformConsumerDefinition<UnitChangedProjector>>();
            });
        using var readModel = builder.Build();
        await readModel.StartAsync();

        await using var registryHost = await TestHost.StartAsync(
            configureBuilder: b => b.AddRegistryService(),
            configureApp: app => app.MapRegistryService(),
            settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:registry"] = registryDb,
                ["Messaging:RabbitMq"] = TestServers.RabbitMq.ToString(),
                ["Messaging:EndpointPrefix"] = prefix + "-registry",
            });
        using var channel = GrpcChannel.ForAddress(registryHost.Address);
        var registry = new UnitRegistry.UnitRegistryClient(channel);
        var admin = TestHost.As(new CallerIdentity("admin", ["registry-admin"], "650000"));
        try
        {
            await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, admin);
            await registry.AddRegionAsync(new AddRegionRequest { Code = "650100", Name = "乌鲁木齐市", Kind = RegionKind.City, ParentCode = "650000" }, admin);
            string Code(int n) => DomainCreditCode.Complete($"12650100MB{n:0000000}").Value;
            await registry.RegisterUnitAsync(new RegisterUnitRequest { Id = "bureau", CreditCode = Code(1), Name = "应急管理局", RegionCode = "650100", Nature = "行政单位", FromYear = 2020 }, admin);
            for (var i = 2; i <= 6; i++)
            {
                await registry.RegisterUnitAsync(new RegisterUnitRequest { Id = $"u{i}", CreditCode = Code(i), Name = $"单位{i}", RegionCode = "650100", ParentId = "bureau", Nature = "事业单位", FromYear = 2020 }, admin);
            }
            await registry.RegisterUnitAsync(new RegisterUnitRequest { Id = "u7", CreditCode = Code(7), Name = "单位7", RegionCode = "650100", ParentId = "u2", Nature = "事业单位", FromYear = 2021 }, admin);
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2023, Merge = new() { SourceId = "u2", TargetId = "bureau" } }, admin);
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2023, Rename = new() { UnitId = "u3", Name = "应急物资保障中心" } }, admin);
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2024, Transfer = new() { UnitId = "u4", ParentId = "u5" } }, admin);
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2024, Dissolve = new() { UnitId = "u6" } }, admin);
            // Two changes of one unit in the same year: only the revision orders them.
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2024, Rename = new() { UnitId = "u5", Name = "第一次改名" } }, admin);
            await registry.ReorganizeAsync(new ReorganizeRequest { EffectiveYear = 2024, Rename = new() { UnitId = "u5", Name = "第二次改名" } }, admin);

            // What the registry itself says for the latest year.
            var expected = new List<(string, string, string, string)>();
            foreach (var id in new[] { "bureau", "u2", "u3", "u4", "u5", "u6", "u7" })
            {
                var unit = await registry.GetUnitAsync(new GetUnitRequest { UnitId = id, AsOfYear = 2099 }, admin);
                expected.Add((unit.Id, unit.Name, unit.ParentId, unit.Status));
            }

            var deadline = DateTime.UtcNow.AddSeconds(60);
            List<(string, string, string, string)> actual;
            while (true)
            {
                await using var scope = readModel.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<UnitReadModelDbContext>();
                actual = (await db.Units.AsNoTracking().OrderBy(u => u.UnitId).ToListAsync())
                    .Select(u => (u.UnitId, u.Name, u.ParentId ?? "", u.Status.ToUpperInvariant())).ToList();
                if (actual.SequenceEqual(expected.OrderBy(e => e.Item1)))
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, $"read model did not converge: {string.Join("; ", actual)} vs {string.Join("; ", expected)}");
                await Task.Delay(50);
            }
            Assert.Contains(("u7", "单位7", "bureau", "ACTIVE"), actual);
            Assert.Contains(("u2", "单位2", "bureau", "MERGED"), actual);
        }
        finally
        {
            await readModel.StopAsync();
        }
    }
}

/// <summary>The second service's copy of a unit: its latest known version.</summary>
public sealed class UnitRow
{
    public string UnitId { get; set; } = "";
    public int FromYear { get; set; }
    public string Name { get; set; } = "";
    public string? ParentId { get; set; }
    public string Status { get; set; } = "";
    public long Revision { get; set; }
}

public sealed class UnitReadModelDbContext(DbContextOptions<UnitReadModelDbContext> options) : PlatformDbContext(options)
{
    public DbSet<UnitRow> Units => Set<UnitRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<UnitRow>(e =>
        {
            e.ToTable("units");
            e.HasKey(u => u.UnitId);
            e.Property(u => u.UnitId).HasColumnName("unit_id");
            e.Property(u => u.FromYear).HasColumnName("from_year");
            e.Property(u => u.Name).HasColumnName("name");
            e.Property(u => u.ParentId).HasColumnName("parent_id");
            e.Property(u => u.Status).HasColumnName("status");
            // Two changes of one unit can be consumed at the same moment: without a concurrency token the older one
            // could commit last and overwrite the newer (a lost update). With it, the later commit fails, is retried
            // by the endpoint's retry policy, and then sees the newer revision.
            e.Property(u => u.Revision).HasColumnName("revision").IsConcurrencyToken();
        });
    }
}

[DbContext(typeof(UnitReadModelDbContext))]
[Migration("20261122000000_InitialUnitReadModel")]
public sealed class InitialUnitReadModel : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("units", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            from_year = t.Column<int>(nullable: false),
            name = t.Column<string>(nullable: false),
            parent_id = t.Column<string>(nullable: true),
            status = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_units", x => x.unit_id));
    }
}

public sealed class UnitRegisteredProjector(UnitReadModelDbContext db, TimeProvider time) : InboxConsumer<UnitRegistered, UnitReadModelDbContext>(db, time)
{
    protected override async Task HandleAsync(UnitRegistered message, CancellationToken cancellationToken)
    {
        // A UnitChanged may have overtaken its UnitRegistered: keep whichever version is later.
        var row = await Db.Units.FindAsync([message.UnitId], cancellationToken);
        if (row is null)
        {
            Db.Units.Add(new UnitRow { UnitId = message.UnitId, FromYear = message.FromYear, Name = message.Name, ParentId = message.ParentId, Status = "Active", Revision = 1 });
        }
    }
}

public sealed class UnitChangedProjector(UnitReadModelDbContext db, TimeProvider time) : InboxConsumer<UnitChanged, UnitReadModelDbContext>(db, time)
{
    protected override async Task HandleAsync(UnitChanged message, CancellationToken cancellationToken)
    {
        var row = await Db.Units.FindAsync([message.UnitId], cancellationToken);
        if (row is null)
        {
            Db.Units.Add(new UnitRow { UnitId = message.UnitId, FromYear = message.FromYear, Name = message.Name, ParentId = message.ParentId, Status = message.Status, Revision = message.Revision });
        }
        else if (message.Revision > row.Revision)
        {
            // Changes arrive in any order; the unit's revision says which is newer.
            row.Revision = message.Revision;
            row.FromYear = message.FromYear;
            row.Name = message.Name;
            row.ParentId = message.ParentId;
            row.Status = message.Status;
        }
    }
}
