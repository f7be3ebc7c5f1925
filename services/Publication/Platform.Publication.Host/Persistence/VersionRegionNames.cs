using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Publication.Host.Persistence;

// Append-only: each version keeps its region's printed name beside its code, for lists a citizen reads (the landing page
// showed 650100). Versions published before are filled from their own stored document (第一部分's profile.regionName),
// except where that document printed the code itself (the registry had no name then).
[DbContext(typeof(PublicationDbContext))]
[Migration("20261207210000_AddVersionRegionNames")]
internal sealed class AddVersionRegionNames : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("region_name", "publication_versions", nullable: true);
        m.Sql(ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? "UPDATE publication_versions SET region_name = document_json::jsonb -> 'profile' ->> 'regionName'"
            : "UPDATE publication_versions SET region_name = json_extract(document_json, '$.profile.regionName')");
        m.Sql("UPDATE publication_versions SET region_name = NULL WHERE region_name = '' OR region_name = region_code");
    }
}
