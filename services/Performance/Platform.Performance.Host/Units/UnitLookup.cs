using Platform.Domain;
using Platform.Grpc;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.V1;

namespace Platform.Performance.Host.Units;

/// <summary>A unit where the performance service needs it: its name and region (jurisdiction) in a fiscal year.</summary>
internal sealed record UnitInfo(string Id, string Name, string RegionCode);

/// <summary>What the performance service asks the registry; a seam so the embedded and distributed modes share one path.</summary>
internal interface IUnitLookup
{
    /// <summary>The unit as of a fiscal year; an unknown unit is a field error on <paramref name="field"/>.</summary>
    Task<UnitInfo> GetAsync(string unitId, int fiscalYear, string field, CancellationToken token);

    /// <summary>The active unit with exactly this printed name in a fiscal year, or null.</summary>
    Task<UnitInfo?> FindByNameAsync(string name, int fiscalYear, CancellationToken token);
}

/// <summary>
/// The registry over gRPC. Evaluations are filed a few times a year per unit, so each command asks the registry (the
/// one source of units) instead of keeping a copy that could lag; the caller's signed identity travels with the call.
/// </summary>
internal sealed class RegistryUnitLookup(RegistryConnection registry) : IUnitLookup
{
    public async Task<UnitInfo> GetAsync(string unitId, int fiscalYear, string field, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(unitId))
        {
            throw new ValidationException(field, "is required", "REQUIRED");
        }
        try
        {
            var unit = await registry.Client.GetUnitAsync(new GetUnitRequest { UnitId = unitId, AsOfYear = fiscalYear }, Options(token));
            return new UnitInfo(unit.Id, unit.Name, unit.RegionCode);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ValidationException(field, $"the registry has no unit '{unitId}' in fiscal year {fiscalYear}", "UNKNOWN_UNIT");
        }
    }

    public async Task<UnitInfo?> FindByNameAsync(string name, int fiscalYear, CancellationToken token)
    {
        var page = await registry.Client.SearchUnitsAsync(new SearchUnitsRequest { Query = name, AsOfYear = fiscalYear, PageSize = 50 }, Options(token));
        var unit = page.Units.FirstOrDefault(u => Normalize(u.Name) == Normalize(name) && u.Status == "ACTIVE");
        return unit is null ? null : new UnitInfo(unit.Id, unit.Name, unit.RegionCode);
    }

    /// <summary>Publications mix full-width and half-width brackets for the same name.</summary>
    private static string Normalize(string s) => s.Replace('（', '(').Replace('）', ')').Trim();

    private static CallOptions Options(CancellationToken token) =>
        new(CancellationToken: token, Caller: CallerContext.Current.IsAnonymous ? ServiceCaller : null);

    private static readonly CallerIdentity ServiceCaller = new("performance-service", ["service"]);
}
