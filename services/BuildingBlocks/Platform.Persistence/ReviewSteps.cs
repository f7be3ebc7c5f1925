using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Domain;

namespace Platform.Persistence;

/// <summary>A stored <see cref="ReviewStep"/> of one filing: a unit's year and, where a unit files several, which one.</summary>
public sealed class ReviewStepRow
{
    public long Id { get; set; }
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    /// <summary>Which of the unit's filings of the year (a self-evaluation's project; "" where there is one).</summary>
    public string Filing { get; set; } = "";
    public string Action { get; set; } = "";
    public long Revision { get; set; }
    public string? By { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
}

/// <summary>
/// The review_steps table, shared in shape by the services whose filings the finance office reviews (performance,
/// assets): appended in the transaction that changes the filing, read oldest first.
/// </summary>
public static class ReviewSteps
{
    public const string Table = "review_steps";

    public static void MapReviewSteps(this ModelBuilder b) => b.Entity<ReviewStepRow>(e =>
    {
        e.ToTable(Table);
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasColumnName("id");
        e.Property(r => r.UnitId).HasColumnName("unit_id");
        e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
        e.Property(r => r.Filing).HasColumnName("filing");
        e.Property(r => r.Action).HasColumnName("action");
        e.Property(r => r.Revision).HasColumnName("revision");
        e.Property(r => r.By).HasColumnName("actor");
        e.Property(r => r.At).HasColumnName("at");
        e.Property(r => r.Comment).HasColumnName("comment");
        e.HasIndex(r => new { r.UnitId, r.FiscalYear, r.Filing, r.Id }).HasDatabaseName("ix_review_steps_filing");
    });

    public static void CreateReviewStepsTable(this MigrationBuilder m)
    {
        m.CreateTable(Table, t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            filing = t.Column<string>(nullable: false),
            action = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
            actor = t.Column<string>(nullable: true),
            at = t.Column<DateTimeOffset>(nullable: false),
            comment = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_review_steps", x => x.id));
        m.CreateIndex("ix_review_steps_filing", Table, ["unit_id", "fiscal_year", "filing", "id"]);
    }

    /// <summary>Adds the step to the context's unit of work: it commits with the filing's change, or not at all.</summary>
    public static void AddReviewStep(this DbContext db, string unitId, int fiscalYear, string filing, ReviewStep step) =>
        db.Set<ReviewStepRow>().Add(new ReviewStepRow
        {
            UnitId = unitId, FiscalYear = fiscalYear, Filing = filing, Action = step.Action.ToString(), Revision = step.Revision,
            By = step.By, At = step.At, Comment = step.Comment,
        });

    /// <summary>The filing's steps, oldest first.</summary>
    public static async Task<IReadOnlyList<ReviewStep>> ReviewStepsAsync(this DbContext db, string unitId, int fiscalYear, string filing, CancellationToken token) =>
        (await db.Set<ReviewStepRow>().AsNoTracking()
            .Where(r => r.UnitId == unitId && r.FiscalYear == fiscalYear && r.Filing == filing)
            .OrderBy(r => r.Id)
            .ToListAsync(token))
        .Select(r => new ReviewStep(Enum.Parse<ReviewAction>(r.Action), r.Revision, r.By, r.At, r.Comment))
        .ToList();
}
