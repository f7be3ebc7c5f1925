using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Persistence;
using Platform.Publication.Domain.Publishing;

namespace Platform.Publication.Host.Persistence;

// Storage rows. A file (one department and year) is the aggregate's state; each published version is an immutable row
// holding the document (JSON) and its HTML as rendered at publication, so reads never re-render and old versions read
// exactly as they were published. Only published versions exist in `publication_versions`: the public API reads
// nothing else, so a draft, returned or waiting return cannot leak through it.

internal sealed class FileRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string RegionCode { get; set; } = "";
    public string State { get; set; } = "";
    public int ReturnVersion { get; set; }
    public DateTimeOffset ApprovedAt { get; set; }
    public DateOnly DueDate { get; set; }
    public int PublishedReturnVersion { get; set; }
    public int PublishedVersions { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? CorrectionReason { get; set; }
    public string Missing { get; set; } = "";
    public long Version { get; set; }

    public PublicationFile ToDomain() => PublicationFile.Restore(UnitId, FiscalYear, RegionCode, Enum.Parse<PublicationState>(State), ReturnVersion, ApprovedAt,
        PublishedReturnVersion, PublishedVersions, PublishedAt, CorrectionReason,
        Missing.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<DocumentPart>).ToList());

    public void CopyFrom(PublicationFile f)
    {
        UnitId = f.UnitId;
        FiscalYear = f.FiscalYear;
        RegionCode = f.RegionCode;
        State = f.State.ToString();
        ReturnVersion = f.ReturnVersion;
        ApprovedAt = f.ApprovedAt;
        DueDate = f.DueDate;
        PublishedReturnVersion = f.PublishedReturnVersion;
        PublishedVersions = f.PublishedVersions;
        PublishedAt = f.PublishedAt;
        CorrectionReason = f.CorrectionReason;
        Missing = string.Join(',', f.Missing);
    }
}

/// <summary>One published version; <see cref="Sequence"/> orders the change feed (its cursor).</summary>
internal sealed class VersionRow
{
    public long Sequence { get; set; }
    public string DocumentId { get; set; } = "";
    public int Version { get; set; }
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string RegionCode { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The department's name as the version prints it (第一部分); null on versions published before it was kept.</summary>
    public string? DepartmentName { get; set; }
    /// <summary>The region by name as the version prints it (第一部分); null where none is known.</summary>
    public string? RegionName { get; set; }
    public int ReturnVersion { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string? CorrectionReason { get; set; }
    public bool IsLatest { get; set; }
    public string Json { get; set; } = "";
    public string Html { get; set; } = "";
}

internal sealed class PublicationDbContext(DbContextOptions<PublicationDbContext> options) : PlatformDbContext(options)
{
    public DbSet<FileRow> Files => Set<FileRow>();
    public DbSet<VersionRow> Versions => Set<VersionRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<FileRow>(e =>
        {
            e.ToTable("publication_files");
            e.HasKey(r => new { r.UnitId, r.FiscalYear });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.State).HasColumnName("state");
            e.Property(r => r.ReturnVersion).HasColumnName("return_version");
            e.Property(r => r.ApprovedAt).HasColumnName("approved_at");
            e.Property(r => r.DueDate).HasColumnName("due_date");
            e.Property(r => r.PublishedReturnVersion).HasColumnName("published_return_version");
            e.Property(r => r.PublishedVersions).HasColumnName("published_versions");
            e.Property(r => r.PublishedAt).HasColumnName("published_at");
            e.Property(r => r.CorrectionReason).HasColumnName("correction_reason");
            e.Property(r => r.Missing).HasColumnName("missing");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasIndex(r => new { r.State, r.DueDate }).HasDatabaseName("ix_publication_files_state_due");
        });
        b.Entity<VersionRow>(e =>
        {
            e.ToTable("publication_versions");
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedOnAdd();
            e.Property(r => r.DocumentId).HasColumnName("document_id");
            e.Property(r => r.Version).HasColumnName("version");
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.Title).HasColumnName("title");
            e.Property(r => r.DepartmentName).HasColumnName("department_name");
            e.Property(r => r.RegionName).HasColumnName("region_name");
            e.Property(r => r.ReturnVersion).HasColumnName("return_version");
            e.Property(r => r.PublishedAt).HasColumnName("published_at");
            e.Property(r => r.CorrectionReason).HasColumnName("correction_reason");
            e.Property(r => r.IsLatest).HasColumnName("is_latest");
            e.Property(r => r.Json).HasColumnName("document_json");
            e.Property(r => r.Html).HasColumnName("document_html");
            e.HasIndex(r => new { r.DocumentId, r.Version }).IsUnique().HasDatabaseName("ux_publication_versions_document_version");
            e.HasIndex(r => new { r.IsLatest, r.RegionCode, r.FiscalYear }).HasDatabaseName("ix_publication_versions_latest_region_year");
        });
    }
}

// Migrations are append-only: a schema change is a new migration class, never an edit of this one.
[DbContext(typeof(PublicationDbContext))]
[Migration("20261202220000_InitialPublication")]
internal sealed class InitialPublication : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("publication_files", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            state = t.Column<string>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            approved_at = t.Column<DateTimeOffset>(nullable: false),
            due_date = t.Column<DateOnly>(nullable: false),
            published_return_version = t.Column<int>(nullable: false),
            published_versions = t.Column<int>(nullable: false),
            published_at = t.Column<DateTimeOffset>(nullable: true),
            correction_reason = t.Column<string>(nullable: true),
            missing = t.Column<string>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_publication_files", x => new { x.unit_id, x.fiscal_year }));
        m.CreateIndex("ix_publication_files_state_due", "publication_files", ["state", "due_date"]);
        m.CreateTable("publication_versions", t => new
        {
            sequence = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            document_id = t.Column<string>(nullable: false),
            version = t.Column<int>(nullable: false),
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            title = t.Column<string>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            published_at = t.Column<DateTimeOffset>(nullable: false),
            correction_reason = t.Column<string>(nullable: true),
            is_latest = t.Column<bool>(nullable: false),
            document_json = t.Column<string>(nullable: false),
            document_html = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_publication_versions", x => x.sequence));
        m.CreateIndex("ux_publication_versions_document_version", "publication_versions", ["document_id", "version"], unique: true);
        m.CreateIndex("ix_publication_versions_latest_region_year", "publication_versions", ["is_latest", "region_code", "fiscal_year"]);
    }
}
