using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Persistence;

namespace Platform.Assets.Host.Persistence;

// Append-only: every report of a filed inventory and every decision of the finance office, kept (review_steps; the
// inventory row keeps only the latest decision). Inventories stored before start with what their row recorded: the
// last report (who reported it was not kept; a decision is the revision after it) and the decision on it.
[DbContext(typeof(AssetsDbContext))]
[Migration("20261207230000_InventoryReviewSteps")]
internal sealed class InventoryReviewSteps : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateReviewStepsTable();
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at)
            SELECT unit_id, fiscal_year, '', 'HandedIn', CASE WHEN state = 'Reported' THEN revision ELSE revision - 1 END, NULL, reported_at
            FROM inventories WHERE source = 'Filed' AND reported_at IS NOT NULL
            """);
        m.Sql("""
            INSERT INTO review_steps (unit_id, fiscal_year, filing, action, revision, actor, at, comment)
            SELECT unit_id, fiscal_year, '', state, revision, decided_by, decided_at, return_comment
            FROM inventories WHERE source = 'Filed' AND decided_at IS NOT NULL AND state IN ('Accepted', 'Returned')
            """);
    }
}
