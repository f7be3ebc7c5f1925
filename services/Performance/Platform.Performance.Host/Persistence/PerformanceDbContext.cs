using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Performance.Domain.Evaluations;
using Platform.Performance.Domain.Forms;
using Platform.Persistence;

namespace Platform.Performance.Host.Persistence;

// Storage rows: the domain's Evaluation is the model. The form and the score are JSON documents (decimals as exact
// JSON numbers, read back as decimal, never floating point); the figures the office queries by (totals, grades,
// counts) are columns beside them, and each finding is a row so the review queue is one indexed query.

internal sealed class EvaluationRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string Project { get; set; } = "";
    public string Kind { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string State { get; set; } = "";
    public long Revision { get; set; }
    public string Form { get; set; } = "{}";
    public string? Result { get; set; }
    public string? PolicyId { get; set; }
    public decimal? ComputedTotal { get; set; }
    /// <summary>The computed total × <see cref="EvaluationStore.RankScale"/> as a whole number: what rankings order and sum by.</summary>
    public long? RankKey { get; set; }
    public string? Grade { get; set; }
    public decimal? PublishedTotal { get; set; }
    public string? PublishedGrade { get; set; }
    public int Errors { get; set; }
    public int Warnings { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReturnComment { get; set; }
    public string? SourceDocument { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public Evaluation ToDomain()
    {
        var key = new EvaluationKey(UnitId, FiscalYear, Project);
        var project = key.Kind == EvaluationKind.Project ? JsonSerializer.Deserialize<ProjectForm>(Form, Json) : null;
        var overall = key.Kind == EvaluationKind.Overall ? JsonSerializer.Deserialize<OverallForm>(Form, Json) : null;
        return Evaluation.Restore(key, RegionCode, Enum.Parse<EvaluationState>(State), Revision, project, overall,
            Result is null ? null : JsonSerializer.Deserialize<EvaluationResult>(Result, Json),
            SubmittedBy, SubmittedAt, ReturnComment, SourceDocument, UpdatedAt, AcceptedBy, AcceptedAt);
    }

    /// <summary>Why a scored total has no grade (read from the stored result only for such rows: a ranking page has few).</summary>
    public string? GradeWithheld()
    {
        if (Grade is not null || Result is null)
        {
            return null;
        }
        using var result = JsonDocument.Parse(Result);
        return result.RootElement.TryGetProperty(nameof(EvaluationResult.GradeWithheld), out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
    }

    public void CopyFrom(Evaluation e)
    {
        UnitId = e.Key.UnitId;
        FiscalYear = e.Key.FiscalYear;
        Project = e.Key.Project;
        Kind = e.Kind.ToString();
        RegionCode = e.RegionCode;
        State = e.State.ToString();
        Revision = e.Revision;
        Form = e.ProjectForm is { } p ? JsonSerializer.Serialize(p, Json) : JsonSerializer.Serialize(e.OverallForm!, Json);
        Result = e.Result is null ? null : JsonSerializer.Serialize(e.Result, Json);
        PolicyId = e.Result?.PolicyId;
        ComputedTotal = e.Result?.ComputedTotal;
        Grade = e.Result?.Grade;
        PublishedTotal = e.Result?.PublishedTotal;
        PublishedGrade = e.Result?.PublishedGrade;
        Errors = e.Result?.Errors ?? 0;
        Warnings = e.Result?.Warnings ?? 0;
        SubmittedBy = e.SubmittedBy;
        SubmittedAt = e.SubmittedAt;
        ReturnComment = e.ReturnComment;
        SourceDocument = e.SourceDocument;
        AcceptedBy = e.AcceptedBy;
        AcceptedAt = e.AcceptedAt;
        UpdatedAt = e.UpdatedAt;
    }
}

/// <summary>One finding of a scored evaluation: the review queue's row. Severity 0 = error, 1 = warning, 2 = info (ascending = most severe first).</summary>
internal sealed class FindingRow
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public string Project { get; set; } = "";
    public int Seq { get; set; }
    public string RegionCode { get; set; } = "";
    public int Severity { get; set; }
    public string Type { get; set; } = "";
    public string Location { get; set; } = "";
    public string? Published { get; set; }
    public string? Computed { get; set; }
    public string Detail { get; set; } = "";
}

internal sealed class PerformanceDbContext(DbContextOptions<PerformanceDbContext> options) : PlatformDbContext(options)
{
    public DbSet<EvaluationRow> Evaluations => Set<EvaluationRow>();
    public DbSet<FindingRow> Findings => Set<FindingRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<EvaluationRow>(e =>
        {
            e.ToTable("evaluations");
            e.HasKey(r => new { r.UnitId, r.FiscalYear, r.Project });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.Project).HasColumnName("project");
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.State).HasColumnName("state");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.Form).HasColumnName("form");
            e.Property(r => r.Result).HasColumnName("result");
            e.Property(r => r.PolicyId).HasColumnName("policy_id");
            e.Property(r => r.ComputedTotal).HasColumnName("computed_total");
            e.Property(r => r.RankKey).HasColumnName("rank_key");
            e.Property(r => r.Grade).HasColumnName("grade");
            e.Property(r => r.PublishedTotal).HasColumnName("published_total");
            e.Property(r => r.PublishedGrade).HasColumnName("published_grade");
            e.Property(r => r.Errors).HasColumnName("errors");
            e.Property(r => r.Warnings).HasColumnName("warnings");
            e.Property(r => r.SubmittedBy).HasColumnName("submitted_by");
            e.Property(r => r.SubmittedAt).HasColumnName("submitted_at");
            e.Property(r => r.ReturnComment).HasColumnName("return_comment");
            e.Property(r => r.SourceDocument).HasColumnName("source_document");
            e.Property(r => r.AcceptedBy).HasColumnName("accepted_by");
            e.Property(r => r.AcceptedAt).HasColumnName("accepted_at");
            e.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasIndex(r => new { r.FiscalYear, r.Kind, r.RegionCode }).HasDatabaseName("ix_evaluations_year_kind_region");
        });
        b.Entity<FindingRow>(e =>
        {
            e.ToTable("evaluation_findings");
            e.HasKey(r => new { r.UnitId, r.FiscalYear, r.Project, r.Seq });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.Project).HasColumnName("project");
            e.Property(r => r.Seq).HasColumnName("seq");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.Severity).HasColumnName("severity");
            e.Property(r => r.Type).HasColumnName("type");
            e.Property(r => r.Location).HasColumnName("location");
            e.Property(r => r.Published).HasColumnName("published");
            e.Property(r => r.Computed).HasColumnName("computed");
            e.Property(r => r.Detail).HasColumnName("detail");
            e.HasIndex(r => new { r.FiscalYear, r.Severity, r.UnitId, r.Project, r.Seq }).HasDatabaseName("ix_findings_queue");
        });
        b.MapReviewSteps();
    }
}

// Migrations are append-only: a schema change is a new migration class, never an edit of this one.
[DbContext(typeof(PerformanceDbContext))]
[Migration("20261202180000_InitialPerformance")]
internal sealed class InitialPerformance : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateMessagingTables();
        m.CreateTable("evaluations", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            project = t.Column<string>(nullable: false),
            kind = t.Column<string>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            state = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
            form = t.Column<string>(nullable: false),
            result = t.Column<string>(nullable: true),
            policy_id = t.Column<string>(nullable: true),
            computed_total = t.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: true),
            rank_key = t.Column<long>(nullable: true),
            grade = t.Column<string>(nullable: true),
            published_total = t.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: true),
            published_grade = t.Column<string>(nullable: true),
            errors = t.Column<int>(nullable: false),
            warnings = t.Column<int>(nullable: false),
            submitted_by = t.Column<string>(nullable: true),
            submitted_at = t.Column<DateTimeOffset>(nullable: true),
            return_comment = t.Column<string>(nullable: true),
            source_document = t.Column<string>(nullable: true),
            updated_at = t.Column<DateTimeOffset>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_evaluations", x => new { x.unit_id, x.fiscal_year, x.project }));
        m.CreateIndex("ix_evaluations_year_kind_region", "evaluations", ["fiscal_year", "kind", "region_code"]);
        m.CreateTable("evaluation_findings", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            project = t.Column<string>(nullable: false),
            seq = t.Column<int>(nullable: false),
            region_code = t.Column<string>(nullable: false),
            severity = t.Column<int>(nullable: false),
            type = t.Column<string>(nullable: false),
            location = t.Column<string>(nullable: false),
            published = t.Column<string>(nullable: true),
            computed = t.Column<string>(nullable: true),
            detail = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_evaluation_findings", x => new { x.unit_id, x.fiscal_year, x.project, x.seq }));
        m.CreateIndex("ix_findings_queue", "evaluation_findings", ["fiscal_year", "severity", "unit_id", "project", "seq"]);
    }
}
