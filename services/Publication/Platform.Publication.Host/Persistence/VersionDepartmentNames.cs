using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Publication.Host.Persistence;

// Append-only: each version keeps its department's printed name beside its title, for lists and feeds (the Atom entry's
// author). Versions published before are filled from their own stored document (第一部分's profile.name) — the name
// that version printed, never today's registry name.
[DbContext(typeof(PublicationDbContext))]
[Migration("20261207110000_AddVersionDepartmentNames")]
internal sealed class AddVersionDepartmentNames : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("department_name", "publication_versions", nullable: true);
        m.Sql(ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL"
            ? "UPDATE publication_versions SET department_name = document_json::jsonb -> 'profile' ->> 'name'"
            : "UPDATE publication_versions SET department_name = json_extract(document_json, '$.profile.name')");
    }
}
