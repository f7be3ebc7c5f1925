using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Domain;

namespace Platform.Persistence;

/// <summary>
/// Base of every service's DbContext: outbox and inbox tables, exact decimals (numeric on PostgreSQL,
/// TEXT on SQLite, never floating point) and a Version concurrency token on <see cref="IVersioned"/> entities.
/// </summary>
public abstract class PlatformDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Money and amounts: 28 digits, 6 after the point (万元 figures to 0.000001 万元 = 0.01 元).</summary>
    public const int MoneyPrecision = 28;
    public const int MoneyScale = 6;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DatabaseProvider Provider => Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true
        ? DatabaseProvider.PostgreSql
        : DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(MoneyPrecision, MoneyScale);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable(MessagingSchema.OutboxTable);
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id");
            b.Property(m => m.Type).HasColumnName("type").HasMaxLength(300);
            b.Property(m => m.Payload).HasColumnName("payload");
            b.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            b.Property(m => m.PublishedAt).HasColumnName("published_at");
            b.Property(m => m.Attempts).HasColumnName("attempts");
            b.Property(m => m.LastError).HasColumnName("last_error");
            b.HasIndex(m => new { m.PublishedAt, m.OccurredAt }).HasDatabaseName("ix_outbox_pending");
        });
        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable(MessagingSchema.InboxTable);
            b.HasKey(m => new { m.MessageId, m.Consumer });
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            b.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    /// <summary>Saves; a lost optimistic-concurrency race becomes a domain <see cref="ConcurrencyConflictException"/>.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(nameof(IVersioned.Version));
            version.CurrentValue = (long)version.OriginalValue! + 1;
        }
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A failed save discards the unit of work: what the request read is stale, and whoever runs it again (an
            // idempotent rpc repeated on a conflict) reads afresh instead of getting the tracked, failed entities back.
            ChangeTracker.Clear();
            throw new ConcurrencyConflictException(Messages.TryAgain);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
        {
            // The embedded default's SQLite file was busy with another writer (SQLITE_BUSY / SQLITE_LOCKED): the same race,
            // lost to a lock rather than a version. An idempotent rpc runs again; anything else answers ABORTED.
            ChangeTracker.Clear();
            throw new ConcurrencyConflictException(Messages.TryAgain);
        }
        catch (DbUpdateException)
        {
            ChangeTracker.Clear();
            throw;
        }
    }
}

/// <summary>What a failed save says about the data (one reading for every store).</summary>
public static class DbUpdateErrors
{
    /// <summary>A row with the same unique key was written first (PostgreSQL 23505, SQLite UNIQUE / PRIMARY KEY constraint).</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true
        || ex.InnerException?.Message.Contains("UNIQUE constraint", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>Table names, and the migration step every service's initial migration calls.</summary>
public static class MessagingSchema
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";

    /// <summary>
    /// Creates the outbox and inbox tables. Column types are left to the provider, so one hand-written
    /// migration serves PostgreSQL and SQLite alike.
    /// </summary>
    public static void CreateMessagingTables(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: OutboxTable,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                type = table.Column<string>(maxLength: 300, nullable: false),
                payload = table.Column<string>(nullable: false),
                occurred_at = table.Column<DateTimeOffset>(nullable: false),
                published_at = table.Column<DateTimeOffset>(nullable: true),
                attempts = table.Column<int>(nullable: false),
                last_error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_outbox_messages", x => x.id));
        migrationBuilder.CreateIndex("ix_outbox_pending", OutboxTable, ["published_at", "occurred_at"]);
        migrationBuilder.CreateTable(
            name: InboxTable,
            columns: table => new
            {
                message_id = table.Column<Guid>(nullable: false),
                consumer = table.Column<string>(maxLength: 200, nullable: false),
                processed_at = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer }));
    }
}
