using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Persistence;

namespace Platform.Registry.Host.Persistence;

// Storage rows: the domain's UnitRegistry is the model; these rows only carry its state to and from the
// database (one row per unit version, staffing year, scope, reorganization).

internal sealed class RegionRow
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? ParentCode { get; set; }
}

internal sealed class UnitRow
{
    public string Id { get; set; } = "";
    public string CreditCode { get; set; } = "";
    public long Revision { get; set; }
}

internal sealed class UnitVersionRow
{
    public string UnitId { get; set; } = "";
    public int FromYear { get; set; }
    public string Name { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string? ParentId { get; set; }
    public string Nature { get; set; } = "";
    public string Status { get; set; } = "";
    public string Functions { get; set; } = "[]";
    public string Sections { get; set; } = "[]";
    public string Successors { get; set; } = "[]";
}

internal sealed class StaffingRow
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int? AuthorizedPosts { get; set; }
    public int ActualTotal { get; set; }
    public int? InService { get; set; }
    public int? RetiredLixiu { get; set; }
    public int? Retired { get; set; }
}

internal sealed class ScopeRow
{
    public string DepartmentId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string UnitIds { get; set; } = "[]";
}

internal sealed class ReorganizationRow
{
    public long Sequence { get; set; }
    public string Kind { get; set; } = "";
    public int EffectiveYear { get; set; }
    public string Before { get; set; } = "[]";
    public string After { get; set; } = "[]";
    public string Note { get; set; } = "";
}

internal sealed class SettingRow
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : PlatformDbContext(options)
{
    public DbSet<RegionRow> Regions => Set<RegionRow>();
    public DbSet<UnitRow> Units => Set<UnitRow>();
    public DbSet<UnitVersionRow> UnitVersions => Set<UnitVersionRow>();
    public DbSet<StaffingRow> Staffing => Set<StaffingRow>();
    public DbSet<ScopeRow> Scopes => Set<ScopeRow>();
    public DbSet<ReorganizationRow> Reorganizations => Set<ReorganizationRow>();
    public DbSet<SettingRow> Settings => Set<SettingRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<RegionRow>(e =>
        {
            e.ToTable("regions");
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasColumnName("code");
            e.Property(r => r.Name).HasColumnName("name");
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.ParentCode).HasColumnName("parent_code");
        });
        b.Entity<UnitRow>(e =>
        {
            e.ToTable("units");
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasColumnName("id");
            e.Property(u => u.CreditCode).HasColumnName("credit_code");
            e.Property(u => u.Revision).HasColumnName("revision");
            e.HasIndex(u => u.CreditCode).IsUnique().HasDatabaseName("ux_units_credit_code");
        });
        b.Entity<UnitVersionRow>(e =>
        {
            e.ToTable("unit_versions");
            e.HasKey(v => new { v.UnitId, v.FromYear });
            e.Property(v => v.UnitId).HasColumnName("unit_id");
            e.Property(v => v.FromYear).HasColumnName("from_year");
            e.Property(v => v.Name).HasColumnName("name");
            e.Property(v => v.RegionCode).HasColumnName("region_code");
            e.Property(v => v.ParentId).HasColumnName("parent_id");
            e.Property(v => v.Nature).HasColumnName("nature");
            e.Property(v => v.Status).HasColumnName("status");
            e.Property(v => v.Functions).HasColumnName("functions");
            e.Property(v => v.Sections).HasColumnName("sections");
            e.Property(v => v.Successors).HasColumnName("successors");
        });
        b.Entity<StaffingRow>(e =>
        {
            e.ToTable("staffing");
            e.HasKey(s => new { s.UnitId, s.FiscalYear });
            e.Property(s => s.UnitId).HasColumnName("unit_id");
            e.Property(s => s.FiscalYear).HasColumnName("fiscal_year");
            e.Property(s => s.AuthorizedPosts).HasColumnName("authorized_posts");
            e.Property(s => s.ActualTotal).HasColumnName("actual_total");
            e.Property(s => s.InService).HasColumnName("in_service");
            e.Property(s => s.RetiredLixiu).HasColumnName("retired_lixiu");
            e.Property(s => s.Retired).HasColumnName("retired");
        });
        b.Entity<ScopeRow>(e =>
        {
            e.ToTable("scopes");
            e.HasKey(s => new { s.DepartmentId, s.FiscalYear });
            e.Property(s => s.DepartmentId).HasColumnName("department_id");
            e.Property(s => s.FiscalYear).HasColumnName("fiscal_year");
            e.Property(s => s.UnitIds).HasColumnName("unit_ids");
        });
        b.Entity<ReorganizationRow>(e =>
        {
            e.ToTable("reorganizations");
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.EffectiveYear).HasColumnName("effective_year");
            e.Property(r => r.Before).HasColumnName("before_ids");
            e.Property(r => r.After).HasColumnName("after_ids");
            e.Property(r => r.Note).HasColumnName("note");
        });
        b.Entity<SettingRow>(e =>
        {
            e.ToTable("settings");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasColumnName("key");
            e.Property(s => s.Value).HasColumnName("value");
        });
    }
}

[DbContext(typeof(RegistryDbContext))]
[Migration("20261122000000_InitialRegistry")]
internal sealed class InitialRegistry : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("regions", t => new
        {
            code = t.Column<string>(nullable: false),
            name = t.Column<string>(nullable: false),
            kind = t.Column<string>(nullable: false),
            parent_code = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_regions", x => x.code));
        m.CreateTable("units", t => new
        {
            id = t.Column<string>(nullable: false),
            credit_code = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_units", x => x.id));
        m.CreateIndex("ux_units_credit_code", "units", "credit_code", unique: true);
        m.CreateTable("unit_versions", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            from_year = t.Column<int>(nullable: false),
            name = t.Column<string>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            parent_id = t.Column<string>(nullable: true),
            nature = t.Column<string>(nullable: false),
            status = t.Column<string>(nullable: false),
            functions = t.Column<string>(nullable: false),
            sections = t.Column<string>(nullable: false),
            successors = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_unit_versions", x => new { x.unit_id, x.from_year }));
        m.CreateTable("staffing", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            authorized_posts = t.Column<int>(nullable: true),
            actual_total = t.Column<int>(nullable: false),
            in_service = t.Column<int>(nullable: true),
            retired_lixiu = t.Column<int>(nullable: true),
            retired = t.Column<int>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_staffing", x => new { x.unit_id, x.fiscal_year }));
        m.CreateTable("scopes", t => new
        {
            department_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            unit_ids = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_scopes", x => new { x.department_id, x.fiscal_year }));
        m.CreateTable("reorganizations", t => new
        {
            sequence = t.Column<long>(nullable: false),
            kind = t.Column<string>(nullable: false),
            effective_year = t.Column<int>(nullable: false),
            before_ids = t.Column<string>(nullable: false),
            after_ids = t.Column<string>(nullable: false),
            note = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_reorganizations", x => x.sequence));
        m.CreateTable("settings", t => new
        {
            key = t.Column<string>(nullable: false),
            value = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_settings", x => x.key));
    }
}
