using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Performance.Host.Persistence;

// Append-only: who in the finance office accepted a form, and when (state "Accepted"). Forms filed before keep nulls:
// none of them was accepted, there was no acceptance.
[DbContext(typeof(PerformanceDbContext))]
[Migration("20261207170000_EvaluationAcceptance")]
internal sealed class EvaluationAcceptance : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("accepted_by", "evaluations", nullable: true);
        m.AddColumn<DateTimeOffset>("accepted_at", "evaluations", nullable: true);
    }
}
