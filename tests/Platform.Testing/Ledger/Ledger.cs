using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Testing.Events.V1;

namespace Platform.Testing.Events.V1
{
    /// <summary>Test event: an account was credited (past tense, versioned namespace, like product events).</summary>
    public sealed record AccountCredited(string AccountId, decimal Amount, int Sequence);
}

namespace Platform.Testing.Ledger
{
    /// <summary>A small state owner for building-block tests: accounts whose credits raise events.</summary>
    public sealed class Account : IVersioned
    {
        private Account() { }

        public Account(string id) => Id = id;

        public string Id { get; private set; } = "";
        public decimal Balance { get; private set; }
        public long Version { get; private set; }

        public void Credit(decimal amount) => Balance += amount;
    }

    public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : PlatformDbContext(options)
    {
        public DbSet<Account> Accounts => Set<Account>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<Account>(b =>
            {
                b.ToTable("accounts");
                b.HasKey(a => a.Id);
                b.Property(a => a.Id).HasColumnName("id");
                b.Property(a => a.Balance).HasColumnName("balance");
                b.Property(a => a.Version).HasColumnName("version");
            });
        }

        /// <summary>Credits an account and records the event in the outbox, in one SaveChanges.</summary>
        public async Task CreditAsync(string accountId, decimal amount, int sequence, DateTimeOffset now)
        {
            var account = await Accounts.FindAsync(accountId);
            if (account is null)
            {
                account = new Account(accountId);
                Accounts.Add(account);
            }
            account.Credit(amount);
            this.AddEvent(new AccountCredited(accountId, amount, sequence), now);
            await SaveChangesAsync();
        }
    }

    [DbContext(typeof(LedgerDbContext))]
    [Migration("20261121000000_InitialLedger")]
    public sealed class InitialLedger : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateMessagingTables();
            migrationBuilder.CreateTable("accounts", table => new
            {
                id = table.Column<string>(nullable: false),
                balance = table.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: false),
                version = table.Column<long>(nullable: false),
            }, constraints: table => table.PrimaryKey("pk_accounts", x => x.id));
        }
    }

    /// <summary>The consuming side: a per-account projection of credits, fed through the inbox.</summary>
    public sealed class CreditTotal
    {
        private CreditTotal() { }

        public CreditTotal(string accountId) => AccountId = accountId;

        public string AccountId { get; private set; } = "";
        public decimal Total { get; private set; }
        public int Count { get; private set; }

        public void Apply(decimal amount)
        {
            Total += amount;
            Count++;
        }
    }

    public sealed class ProjectionDbContext(DbContextOptions<ProjectionDbContext> options) : PlatformDbContext(options)
    {
        public DbSet<CreditTotal> Totals => Set<CreditTotal>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.Entity<CreditTotal>(b =>
            {
                b.ToTable("credit_totals");
                b.HasKey(t => t.AccountId);
                b.Property(t => t.AccountId).HasColumnName("account_id");
                b.Property(t => t.Total).HasColumnName("total");
                b.Property(t => t.Count).HasColumnName("count");
            });
        }
    }

    [DbContext(typeof(ProjectionDbContext))]
    [Migration("20261121000000_InitialProjection")]
    public sealed class InitialProjection : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateMessagingTables();
            migrationBuilder.CreateTable("credit_totals", table => new
            {
                account_id = table.Column<string>(nullable: false),
                total = table.Column<decimal>(precision: PlatformDbContext.MoneyPrecision, scale: PlatformDbContext.MoneyScale, nullable: false),
                count = table.Column<int>(nullable: false),
            }, constraints: table => table.PrimaryKey("pk_credit_totals", x => x.account_id));
        }
    }

    public sealed class AccountCreditedProjector(ProjectionDbContext db, TimeProvider time) : InboxConsumer<AccountCredited, ProjectionDbContext>(db, time)
    {
        protected override async Task HandleAsync(AccountCredited message, CancellationToken cancellationToken)
        {
            var total = await Db.Totals.FindAsync([message.AccountId], cancellationToken);
            if (total is null)
            {
                total = new CreditTotal(message.AccountId);
                Db.Totals.Add(total);
            }
            total.Apply(message.Amount);
        }
    }

    /// <summary>Endpoint settings for tests: one message at a time, so deliveries are observed in order.</summary>
    public sealed class AccountCreditedProjectorDefinition : PlatformConsumerDefinition<AccountCreditedProjector>
    {
        public AccountCreditedProjectorDefinition() => ConcurrentMessageLimit = 1;
    }
}
