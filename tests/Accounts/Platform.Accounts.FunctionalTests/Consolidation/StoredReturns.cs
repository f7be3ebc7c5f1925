using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Host.Persistence;
using Platform.Events.V1;
using Platform.Messaging;
using Actor = Platform.Domain.Actor;

namespace Platform.Accounts.FunctionalTests.Consolidation;

/// <summary>
/// Return versions stored directly (their validation and review are the workflow's, tested elsewhere), an approval
/// together with its ReturnApproved event in the outbox, as the approval commits them: delivery then runs the real
/// dispatcher, inbox and consumer.
/// </summary>
internal static class StoredReturns
{
    private static readonly Actor Seeder = new("seeder", [AccountsRoles.Admin], "650000", null);

    public static async Task StoreAsync(IServiceProvider services, string unit, int year, int version, string region, Dictionary<CellKey, decimal> cells,
        ReturnState state, bool withEvent, bool published = false)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var row = new ReturnRow();
        row.CopyFrom(AccountsReturn.FromPublication(unit, year, region, cells, [], "test", Seeder, DateTimeOffset.UtcNow).ToSnapshot());
        if (!published)
        {
            // A filed return's version (a publication's blanks are "not printed", and consolidation keeps them blank).
            row.Source = nameof(ReturnSource.Filed);
            row.RoundingUnit = AccountsReturn.FiledRoundingUnit;
        }
        row.ReturnVersion = version;
        row.State = state.ToString();
        db.Returns.Add(row);
        if (withEvent)
        {
            db.AddEvent(new ReturnApproved(unit, year, version, region, "reviewer", DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
        }
        await db.SaveChangesAsync();
    }

    public static Dictionary<CellKey, decimal> Cells(params (string Cell, decimal Value)[] cells) =>
        cells.ToDictionary(c => CellKey.Parse(c.Cell, "cell"), c => c.Value);
}
