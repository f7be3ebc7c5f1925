using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Assets.Domain;
using Platform.Assets.Domain.Inventory;
using Platform.Assets.Domain.Reconciliation;
using Platform.Assets.Domain.Vehicles;
using Platform.Persistence;

namespace Platform.Assets.Host.Persistence;

// Storage rows: the domain's Vehicle and AssetInventory are the model. A vehicle's movements are rows of their own
// (a unit's vehicles of a year are found by the movements that name it); inventories and the return's figures are JSON
// documents with exact decimals.

internal sealed class VehicleRow : IVersioned
{
    public string Id { get; set; } = "";
    public string Plate { get; set; } = "";
    public string Category { get; set; } = "";
    public decimal OriginalValue { get; set; }
    public string Status { get; set; } = "";
    public string Holder { get; set; } = "";
    public long Revision { get; set; }
    public long Version { get; set; }
    public List<MovementRow> Movements { get; set; } = [];

    public Vehicle ToDomain(AssetReference reference)
    {
        var acquired = Movements.Min(m => m.On);
        var category = reference.VehicleCategories(acquired.Year).FirstOrDefault(c => c.Code == Category)
            ?? reference.VehicleCategories(DateTime.UtcNow.Year).First(c => c.Code == Category);
        return Vehicle.Restore(Id, Domain.Vehicles.Plate.Parse(Plate).Plate!, category, OriginalValue, Enum.Parse<VehicleStatus>(Status), Holder, Revision,
            Movements.OrderBy(m => m.Seq).Select(m => new Movement(Enum.Parse<MovementKind>(m.Kind), m.On, m.FromUnit, m.ToUnit, m.Reason, m.Actor, m.At)));
    }

    public void CopyFrom(Vehicle v)
    {
        Id = v.Id;
        Plate = v.Plate.Value;
        Category = v.Category.Code;
        OriginalValue = v.OriginalValue;
        Status = v.Status.ToString();
        Holder = v.Holder;
        Revision = v.Revision;
        for (var i = Movements.Count; i < v.Movements.Count; i++)
        {
            var m = v.Movements[i];
            Movements.Add(new MovementRow
            {
                VehicleId = v.Id, Seq = i, Kind = m.Kind.ToString(), On = m.On, FromUnit = m.FromUnit, ToUnit = m.ToUnit, Reason = m.Reason, Actor = m.Actor, At = m.At,
            });
        }
    }
}

internal sealed class MovementRow
{
    public string VehicleId { get; set; } = "";
    public int Seq { get; set; }
    public string Kind { get; set; } = "";
    public DateOnly On { get; set; }
    public string? FromUnit { get; set; }
    public string? ToUnit { get; set; }
    public string? Reason { get; set; }
    public string Actor { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class InventoryRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string Source { get; set; } = "";
    public string? SourceDocument { get; set; }
    public string Figures { get; set; } = "{}";
    public long Revision { get; set; }
    public long Version { get; set; }
    /// <summary>The unit's region in the fiscal year (the office's list is by jurisdiction); null until known for a row stored before it was kept.</summary>
    public string? RegionCode { get; set; }
    public string State { get; set; } = nameof(InventoryState.Reported);
    public DateTimeOffset? ReportedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? ReturnComment { get; set; }

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public AssetInventory ToDomain() =>
        AssetInventory.Restore(UnitId, FiscalYear, JsonSerializer.Deserialize<InventoryFigures>(Figures, Json)!, Enum.Parse<InventorySource>(Source), SourceDocument, Revision,
            Enum.Parse<InventoryState>(State), ReportedAt, DecidedBy is null || DecidedAt is null ? null : new InventoryDecision(DecidedBy, DecidedAt.Value, ReturnComment));

    public void CopyFrom(AssetInventory i, string regionCode)
    {
        UnitId = i.UnitId;
        FiscalYear = i.FiscalYear;
        Source = i.Source.ToString();
        SourceDocument = i.SourceDocument;
        Figures = JsonSerializer.Serialize(i.Figures, Json);
        Revision = i.Revision;
        RegionCode = regionCode;
        State = i.State.ToString();
        ReportedAt = i.ReportedAt;
        DecidedBy = i.Decision?.By;
        DecidedAt = i.Decision?.At;
        ReturnComment = i.Decision?.Comment;
    }
}

/// <summary>The return's figures as last sent for reconciliation, and its operating cost per vehicle for the jurisdiction's median.</summary>
internal sealed class ReturnFiguresRow
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string RegionCode { get; set; } = "";
    public string Figures { get; set; } = "{}";
    public decimal? CostPerVehicle { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    public ReturnFigures ToDomain() => JsonSerializer.Deserialize<ReturnFigures>(Figures, InventoryRow.Json)!;
}

/// <summary>The fiscal years the registry has closed (FiscalYearsClosed): one row.</summary>
internal sealed class ClosureRow
{
    public int Id { get; set; }
    public int ClosedThrough { get; set; }
}

internal sealed class AssetsDbContext(DbContextOptions<AssetsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<VehicleRow> Vehicles => Set<VehicleRow>();
    public DbSet<MovementRow> Movements => Set<MovementRow>();
    public DbSet<InventoryRow> Inventories => Set<InventoryRow>();
    public DbSet<ReturnFiguresRow> ReturnFigures => Set<ReturnFiguresRow>();
    public DbSet<ClosureRow> Closure => Set<ClosureRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.MapReviewSteps();
        b.Entity<VehicleRow>(e =>
        {
            e.ToTable("vehicles");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id");
            e.Property(r => r.Plate).HasColumnName("plate");
            e.Property(r => r.Category).HasColumnName("category");
            e.Property(r => r.OriginalValue).HasColumnName("original_value");
            e.Property(r => r.Status).HasColumnName("status");
            e.Property(r => r.Holder).HasColumnName("holder");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasMany(r => r.Movements).WithOne().HasForeignKey(m => m.VehicleId);
            e.HasIndex(r => r.Plate).HasDatabaseName("ix_vehicles_plate");
        });
        b.Entity<MovementRow>(e =>
        {
            e.ToTable("vehicle_movements");
            e.HasKey(r => new { r.VehicleId, r.Seq });
            e.Property(r => r.VehicleId).HasColumnName("vehicle_id");
            e.Property(r => r.Seq).HasColumnName("seq");
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.On).HasColumnName("on_date");
            e.Property(r => r.FromUnit).HasColumnName("from_unit");
            e.Property(r => r.ToUnit).HasColumnName("to_unit");
            e.Property(r => r.Reason).HasColumnName("reason");
            e.Property(r => r.Actor).HasColumnName("actor");
            e.Property(r => r.At).HasColumnName("at");
            e.HasIndex(r => r.ToUnit).HasDatabaseName("ix_movements_to_unit");
            e.HasIndex(r => r.FromUnit).HasDatabaseName("ix_movements_from_unit");
        });
        b.Entity<InventoryRow>(e =>
        {
            e.ToTable("inventories");
            e.HasKey(r => new { r.UnitId, r.FiscalYear });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.Source).HasColumnName("source");
            e.Property(r => r.SourceDocument).HasColumnName("source_document");
            e.Property(r => r.Figures).HasColumnName("figures");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.State).HasColumnName("state");
            e.Property(r => r.ReportedAt).HasColumnName("reported_at");
            e.Property(r => r.DecidedBy).HasColumnName("decided_by");
            e.Property(r => r.DecidedAt).HasColumnName("decided_at");
            e.Property(r => r.ReturnComment).HasColumnName("return_comment");
            e.HasIndex(r => new { r.FiscalYear, r.RegionCode }).HasDatabaseName("ix_inventories_year_region");
        });
        b.Entity<ReturnFiguresRow>(e =>
        {
            e.ToTable("return_figures");
            e.HasKey(r => new { r.UnitId, r.FiscalYear });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.Figures).HasColumnName("figures");
            e.Property(r => r.CostPerVehicle).HasColumnName("cost_per_vehicle");
            e.Property(r => r.ReceivedAt).HasColumnName("received_at");
            e.HasIndex(r => new { r.FiscalYear, r.RegionCode }).HasDatabaseName("ix_return_figures_year_region");
        });
        b.Entity<ClosureRow>(e =>
        {
            e.ToTable("fiscal_closure");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(r => r.ClosedThrough).HasColumnName("closed_through");
        });
    }
}

// Migrations are append-only: a schema change is a new migration class, never an edit of this one.
[DbContext(typeof(AssetsDbContext))]
[Migration("20261202190000_InitialAssets")]
internal sealed class InitialAssets : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("vehicles", t => new
        {
            id = t.Column<string>(nullable: false),
            plate = t.Column<string>(nullable: false),
            category = t.Column<string>(nullable: false),
            original_value = t.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: false),
            status = t.Column<string>(nullable: false),
            holder = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_vehicles", x => x.id));
        m.CreateIndex("ix_vehicles_plate", "vehicles", "plate");
        // One vehicle in service per plate (a disposed vehicle's plate may be issued again).
        m.Sql("CREATE UNIQUE INDEX ux_vehicles_plate_in_service ON vehicles (plate) WHERE status = 'InService'");
        m.CreateTable("vehicle_movements", t => new
        {
            vehicle_id = t.Column<string>(nullable: false),
            seq = t.Column<int>(nullable: false),
            kind = t.Column<string>(nullable: false),
            on_date = t.Column<DateOnly>(nullable: false),
            from_unit = t.Column<string>(nullable: true),
            to_unit = t.Column<string>(nullable: true),
            reason = t.Column<string>(nullable: true),
            actor = t.Column<string>(nullable: false),
            at = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("pk_vehicle_movements", x => new { x.vehicle_id, x.seq });
            t.ForeignKey("fk_movements_vehicle", x => x.vehicle_id, "vehicles", "id");
        });
        m.CreateIndex("ix_movements_to_unit", "vehicle_movements", "to_unit");
        m.CreateIndex("ix_movements_from_unit", "vehicle_movements", "from_unit");
        m.CreateTable("inventories", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            source = t.Column<string>(nullable: false),
            source_document = t.Column<string>(nullable: true),
            figures = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_inventories", x => new { x.unit_id, x.fiscal_year }));
        m.CreateTable("return_figures", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            figures = t.Column<string>(nullable: false),
            cost_per_vehicle = t.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: true),
            received_at = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_return_figures", x => new { x.unit_id, x.fiscal_year }));
        m.CreateIndex("ix_return_figures_year_region", "return_figures", ["fiscal_year", "region_code"]);
        m.CreateTable("fiscal_closure", t => new
        {
            id = t.Column<int>(nullable: false),
            closed_through = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_fiscal_closure", x => x.id));
    }
}
