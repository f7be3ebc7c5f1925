using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>The day a unit's return is due, and whether a published disclosure above covers it, for pages that show them before the return is opened.</summary>
internal static class ReturnDeadlines
{
    /// <summary>
    /// The day (yyyy-MM-dd, or empty when none is set) and the unit whose published disclosure covers this one — both
    /// empty when they cannot be read (a unit not registered in the year asked, the registry unavailable): the deadline is
    /// a help on the page, never a reason for the page itself to fail.
    /// </summary>
    public static async Task<ReturnDeadline> DeadlineAsync(this PortalApi api, string unit, int year, CallOptions options)
    {
        try
        {
            return await api.Accounts.GetDeadlineAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options);
        }
        catch (RpcException)
        {
            return new ReturnDeadline();
        }
    }
}
