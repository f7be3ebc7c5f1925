using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Persistence;

namespace Platform.Performance.Host.Persistence;

// Append-only: every submission and every decision of the finance office, kept (review_steps; the evaluation row keeps
// only the latest). Forms stored before start with what their row recorded: the last submission of a form submitted or
// accepted (an acceptance is the revision after its submission) and the acceptance; a form sent back and a draft again
// starts with the return and its comment — its author was not kept, its moment is the form's last change, and the
// submission before it is not known at any revision (SendBack keeps submitted_at; later saves move the revision).
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
            FROM evaluations WHERE submitted_at IS NOT NULL AND state <> 'Draft'
            """);
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at)
            SELECT unit_id, fiscal_year, project, 'Accepted', revision, accepted_by, accepted_at
            FROM evaluations WHERE accepted_at IS NOT NULL
            """);
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at, comment)
            SELECT unit_id, fiscal_year, project, 'Returned', revision, NULL, updated_at, return_comment
            FROM evaluations WHERE state = 'Draft' AND return_comment IS NOT NULL
            """);
    }
}
