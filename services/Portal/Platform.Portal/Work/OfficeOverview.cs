using Platform.Accounts.V1;
using Platform.Portal.Gateway;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>A finance office's year at a glance: the units of its jurisdiction by the state of their returns, who is overdue, late findings.</summary>
internal sealed class OfficeOverview(PortalApi api)
{
    public async Task<Progress> LoadAsync(PortalUser user, int year) =>
        await api.Consolidation.GetProgressAsync(new GetProgressRequest { RegionCode = user.Jurisdiction, FiscalYear = year }, await api.AsSignedInAsync());
}
