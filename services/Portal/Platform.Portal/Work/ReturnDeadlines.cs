using Grpc.Core;
using Platform.Accounts.V1;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>The day a unit's return is due, for pages that show it before the return is opened.</summary>
internal static class ReturnDeadlines
{
    /// <summary>
    /// yyyy-MM-dd, or empty when none is set — or when it cannot be read (a unit not registered in the year asked, the
    /// registry unavailable): the deadline is a help on the page, never a reason for the page itself to fail.
    /// </summary>
    public static async Task<string> DeadlineAsync(this PortalApi api, string unit, int year, CallOptions options)
    {
        try
        {
            return (await api.Accounts.GetDeadlineAsync(new ReturnRef { UnitId = unit, FiscalYear = year }, options)).DueDate;
        }
        catch (RpcException)
        {
            return "";
        }
    }
}
