using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Platform.Identity.Host.Persistence;

/// <summary>
/// The identity service's database: ASP.NET Core Identity's user tables (users only: a person has one role, kept on the
/// user) and OpenIddict's applications, authorizations, scopes and tokens (added by <c>UseOpenIddict()</c> on the options).
/// </summary>
internal sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityUserContext<PlatformUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<PlatformUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(Platform.Identity.Domain.UserProfile.MaxDisplayName).IsRequired();
            e.Property(u => u.Role).HasMaxLength(32).IsRequired();
            e.Property(u => u.Jurisdiction).HasMaxLength(6).IsRequired();
            e.Property(u => u.UnitId).HasMaxLength(64);
            e.Property(u => u.Disabled);
        });
    }
}
