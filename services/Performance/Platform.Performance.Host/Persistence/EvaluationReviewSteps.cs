using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Persistence;

namespace Platform.Performance.Host.Persistence;

// Append-only: every submission and every decision of the finance office, kept (review_steps; the evaluation row keeps
// only the latest). Forms stored before start with what their row recorded: the last submission (the acceptance's
// revision less one, as an acceptance is the revision after it) and the acceptance. Returns made before were never
// recorded with their author and moment; their comment stays on the form until the next submission, as before.
[DbContext(typeof(PerformanceDbContext))]
[Migration("20261207230000_EvaluationReviewSteps")]
internal sealed class EvaluationReviewSteps : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateReviewStepsTable();
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at)
            SELECT unit_id, fiscal_year, project, 'HandedIn', CASE WHEN state = 'Accepted' THEN revision - 1 ELSE revision END, submitted_by, submitted_at
            FROM evaluations WHERE submitted_at IS NOT NULL
            """);
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at)
            SELECT unit_id, fiscal_year, project, 'Accepted', revision, accepted_by, accepted_at
            FROM evaluations WHERE accepted_at IS NOT NULL
            """);
    }
}
