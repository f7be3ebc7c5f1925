using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Rules;
using Platform.Persistence;

namespace Platform.Accounts.Host.Persistence;

// Storage rows: the domain's AccountsReturn is the model; a row carries one version's snapshot. Cell values are
// stored as exact decimal text in a JSON object (cell → "1234.50"), never as floating point.

internal sealed class ReturnRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int ReturnVersion { get; set; }
    public string RegionCode { get; set; } = "";
    public string State { get; set; } = "";
    public string Source { get; set; } = "";
    public string? SourceDocument { get; set; }
    public long Revision { get; set; }
    public string Inputs { get; set; } = "{}";
    public decimal RoundingUnit { get; set; }
    public string Explanations { get; set; } = "[]";
    public string Comments { get; set; } = "[]";
    public int ReviewRound { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public bool Late { get; set; }
    public string? DueDate { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public int? CorrectionOf { get; set; }
    public string? CorrectionReason { get; set; }
    public long Version { get; set; }

    public ReturnSnapshot ToSnapshot() => new(
        UnitId, FiscalYear, ReturnVersion, RegionCode, Enum.Parse<ReturnState>(State), Enum.Parse<ReturnSource>(Source), SourceDocument, Revision,
        JsonSerializer.Deserialize<Dictionary<string, string>>(Inputs)!.ToDictionary(p => CellKey.Parse(p.Key, "inputs"), p => decimal.Parse(p.Value, NumberStyles.Number, CultureInfo.InvariantCulture)),
        RoundingUnit,
        JsonSerializer.Deserialize<List<StoredNote>>(Explanations)!.Select(n => new Explanation(Location.Parse(n.Target, "explanations"), n.Text, n.Author, n.At)).ToList(),
        JsonSerializer.Deserialize<List<StoredNote>>(Comments)!.Select(n => new ReviewComment(Location.Parse(n.Target, "comments"), n.Text, n.Author, n.At, n.Round)).ToList(),
        ReviewRound, CreatedAt, SubmittedAt, Late,
        DueDate is null ? null : DateOnly.ParseExact(DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ApprovedAt, ApprovedBy, CorrectionOf, CorrectionReason);

    public void CopyFrom(ReturnSnapshot s)
    {
        UnitId = s.UnitId;
        FiscalYear = s.FiscalYear;
        ReturnVersion = s.Version;
        RegionCode = s.RegionCode;
        State = s.State.ToString();
        Source = s.Source.ToString();
        SourceDocument = s.SourceDocument;
        Revision = s.Revision;
        Inputs = JsonSerializer.Serialize(s.Inputs.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).ToDictionary(p => p.Key.ToString(), p => CellSet.Format(p.Value)));
        RoundingUnit = s.RoundingUnit;
        Explanations = JsonSerializer.Serialize(s.Explanations.Select(e => new StoredNote(e.Target.ToString(), e.Text, e.Author, e.At, 0)));
        Comments = JsonSerializer.Serialize(s.Comments.Select(c => new StoredNote(c.Target.ToString(), c.Text, c.Reviewer, c.At, c.Round)));
        ReviewRound = s.ReviewRound;
        CreatedAt = s.CreatedAt;
        SubmittedAt = s.SubmittedAt;
        Late = s.Late;
        DueDate = s.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ApprovedAt = s.ApprovedAt;
        ApprovedBy = s.ApprovedBy;
        CorrectionOf = s.CorrectionOf;
        CorrectionReason = s.CorrectionReason;
    }

    internal sealed record StoredNote(string Target, string Text, string Author, DateTimeOffset At, int Round);
}

internal sealed class AuditRow
{
    public long Id { get; set; }
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int ReturnVersion { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    /// <summary>The actor's display name when the entry was written (null for entries before names were kept, and for callers without one).</summary>
    public string? ActorName { get; set; }
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Why { get; set; }
}

internal sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : PlatformDbContext(options)
{
    public DbSet<ReturnRow> Returns => Set<ReturnRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();
    public DbSet<ContributionRow> Contributions => Set<ContributionRow>();
    public DbSet<ConsolidatedNodeRow> ConsolidatedNodes => Set<ConsolidatedNodeRow>();
    public DbSet<NodeChangeRow> NodeChanges => Set<NodeChangeRow>();
    public DbSet<NodeViewRow> NodeViews => Set<NodeViewRow>();
    public DbSet<LateFindingRow> LateFindings => Set<LateFindingRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<ReturnRow>(e =>
        {
            e.ToTable("returns");
            e.HasKey(r => new { r.UnitId, r.FiscalYear, r.ReturnVersion });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.ReturnVersion).HasColumnName("return_version");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.State).HasColumnName("state");
            e.Property(r => r.Source).HasColumnName("source");
            e.Property(r => r.SourceDocument).HasColumnName("source_document");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.Inputs).HasColumnName("inputs");
            e.Property(r => r.RoundingUnit).HasColumnName("rounding_unit");
            e.Property(r => r.Explanations).HasColumnName("explanations");
            e.Property(r => r.Comments).HasColumnName("comments");
            e.Property(r => r.ReviewRound).HasColumnName("review_round");
            e.Property(r => r.CreatedAt).HasColumnName("created_at");
            e.Property(r => r.SubmittedAt).HasColumnName("submitted_at");
            e.Property(r => r.Late).HasColumnName("late");
            e.Property(r => r.DueDate).HasColumnName("due_date");
            e.Property(r => r.ApprovedAt).HasColumnName("approved_at");
            e.Property(r => r.ApprovedBy).HasColumnName("approved_by");
            e.Property(r => r.CorrectionOf).HasColumnName("correction_of");
            e.Property(r => r.CorrectionReason).HasColumnName("correction_reason");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasIndex(r => new { r.RegionCode, r.FiscalYear, r.State }).HasDatabaseName("ix_returns_region_year_state");
        });
        b.Entity<AuditRow>(e =>
        {
            e.ToTable("audit_trail");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(a => a.UnitId).HasColumnName("unit_id");
            e.Property(a => a.FiscalYear).HasColumnName("fiscal_year");
            e.Property(a => a.ReturnVersion).HasColumnName("return_version");
            e.Property(a => a.At).HasColumnName("at");
            e.Property(a => a.Actor).HasColumnName("actor");
            e.Property(a => a.ActorName).HasColumnName("actor_name");
            e.Property(a => a.Action).HasColumnName("action");
            e.Property(a => a.Target).HasColumnName("target");
            e.Property(a => a.OldValue).HasColumnName("old_value");
            e.Property(a => a.NewValue).HasColumnName("new_value");
            e.Property(a => a.Why).HasColumnName("why");
            e.HasIndex(a => new { a.UnitId, a.FiscalYear, a.Id }).HasDatabaseName("ix_audit_return");
        });
        ConsolidationModel.Configure(b);
        LateFindingModel.Configure(b);
    }
}

// Migrations are append-only: a schema change is a new migration class, never an edit of this one.
[DbContext(typeof(AccountsDbContext))]
[Migration("20261122100000_InitialAccounts")]
internal sealed class InitialAccounts : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("returns", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            state = t.Column<string>(nullable: false),
            source = t.Column<string>(nullable: false),
            source_document = t.Column<string>(nullable: true),
            revision = t.Column<long>(nullable: false),
            inputs = t.Column<string>(nullable: false),
            rounding_unit = t.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: false),
            explanations = t.Column<string>(nullable: false),
            comments = t.Column<string>(nullable: false),
            review_round = t.Column<int>(nullable: false),
            created_at = t.Column<DateTimeOffset>(nullable: false),
            submitted_at = t.Column<DateTimeOffset>(nullable: true),
            late = t.Column<bool>(nullable: false),
            due_date = t.Column<string>(nullable: true),
            approved_at = t.Column<DateTimeOffset>(nullable: true),
            approved_by = t.Column<string>(nullable: true),
            correction_of = t.Column<int>(nullable: true),
            correction_reason = t.Column<string>(nullable: true),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_returns", x => new { x.unit_id, x.fiscal_year, x.return_version }));
        m.CreateIndex("ix_returns_region_year_state", "returns", ["region_code", "fiscal_year", "state"]);
        m.CreateTable("audit_trail", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            at = t.Column<DateTimeOffset>(nullable: false),
            actor = t.Column<string>(nullable: false),
            action = t.Column<string>(nullable: false),
            target = t.Column<string>(nullable: true),
            old_value = t.Column<string>(nullable: true),
            new_value = t.Column<string>(nullable: true),
            why = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_audit_trail", x => x.id));
        m.CreateIndex("ix_audit_return", "audit_trail", ["unit_id", "fiscal_year", "id"]);
    }
}
