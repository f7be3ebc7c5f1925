using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Accounts.Host.Persistence;

/// <summary>
/// A difference the asset inventory raised against an approved return version after its approval, at a row the unit
/// never explained (see <see cref="Platform.Accounts.Domain.Returns.AccountsReturn.RaisedSinceApproval"/>). The set of
/// a unit's year is replaced at every recheck; a row that stands again keeps its first <see cref="RaisedAt"/>.
/// </summary>
internal sealed class LateFindingRow
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int ReturnVersion { get; set; }
    public string RuleId { get; set; } = "";
    public string Location { get; set; } = "";
    public string ExplainAt { get; set; } = "";
    public string Message { get; set; } = "";
    public decimal Expected { get; set; }
    public decimal Actual { get; set; }
    public string Unit { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
}

internal static class LateFindingModel
{
    public static void Configure(ModelBuilder b) => b.Entity<LateFindingRow>(e =>
    {
        e.ToTable("late_findings");
        e.HasKey(r => new { r.UnitId, r.FiscalYear, r.RuleId, r.Location });
        e.Property(r => r.UnitId).HasColumnName("unit_id");
        e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
        e.Property(r => r.ReturnVersion).HasColumnName("return_version");
        e.Property(r => r.RuleId).HasColumnName("rule_id");
        e.Property(r => r.Location).HasColumnName("location");
        e.Property(r => r.ExplainAt).HasColumnName("explain_at");
        e.Property(r => r.Message).HasColumnName("message");
        // Exact decimals as text on both providers (SQLite has no decimal type), like the returns' cells.
        e.Property(r => r.Expected).HasColumnName("expected").HasConversion<string>();
        e.Property(r => r.Actual).HasColumnName("actual").HasConversion<string>();
        e.Property(r => r.Unit).HasColumnName("unit");
        e.Property(r => r.RaisedAt).HasColumnName("raised_at");
        e.HasIndex(r => new { r.FiscalYear, r.UnitId }).HasDatabaseName("ix_late_findings_year_unit");
    });
}

// Append-only: the differences raised after approval get their own table; the earlier migrations are untouched.
[DbContext(typeof(AccountsDbContext))]
[Migration("20261206100000_AddLateFindings")]
internal sealed class AddLateFindings : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("late_findings", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            rule_id = t.Column<string>(nullable: false),
            location = t.Column<string>(nullable: false),
            explain_at = t.Column<string>(nullable: false),
            message = t.Column<string>(nullable: false),
            expected = t.Column<string>(nullable: false),
            actual = t.Column<string>(nullable: false),
            unit = t.Column<string>(nullable: false),
            raised_at = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_late_findings", x => new { x.unit_id, x.fiscal_year, x.rule_id, x.location }));
        m.CreateIndex("ix_late_findings_year_unit", "late_findings", ["fiscal_year", "unit_id"]);
    }
}
