using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Assets.Host.Persistence;

// Append-only: the finance office's review of a filed inventory (state, who decided and when, a return's comment), when
// it was reported, and the unit's region in the year (the office's list is by jurisdiction). Inventories stored before
// were never reviewed: they await review ("Reported"). Their region is taken from the return's figures of the same unit
// and year where the accounts service has sent them; the rest is looked up in the registry when an office first lists
// the year (AssetStore.PlaceAsync).
[DbContext(typeof(AssetsDbContext))]
[Migration("20261207200000_InventoryReview")]
internal sealed class InventoryReview : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("region_code", "inventories", nullable: true);
        m.AddColumn<string>("state", "inventories", nullable: false, defaultValue: "Reported");
        m.AddColumn<DateTimeOffset>("reported_at", "inventories", nullable: true);
        m.AddColumn<string>("decided_by", "inventories", nullable: true);
        m.AddColumn<DateTimeOffset>("decided_at", "inventories", nullable: true);
        m.AddColumn<string>("return_comment", "inventories", nullable: true);
        m.Sql("""
            UPDATE inventories SET region_code = (
                SELECT f.region_code FROM return_figures f WHERE f.unit_id = inventories.unit_id AND f.fiscal_year = inventories.fiscal_year)
            """);
        m.CreateIndex("ix_inventories_year_region", "inventories", ["fiscal_year", "region_code"]);
    }
}
