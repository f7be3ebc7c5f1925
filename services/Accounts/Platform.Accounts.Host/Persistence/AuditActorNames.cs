using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Accounts.Host.Persistence;

// Append-only: the audit trail keeps who acted by name as well as by login. Earlier entries keep a null name (the
// identity service's names are not the accounts service's to look up, and a name today is not the name then).
[DbContext(typeof(AccountsDbContext))]
[Migration("20261207090000_AddAuditActorNames")]
internal sealed class AddAuditActorNames : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<string>("actor_name", "audit_trail", nullable: true);
}
