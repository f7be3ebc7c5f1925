using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Domain;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Registry.V1;

namespace Platform.Registry.Client;

/// <summary>A unit as other services need it: its name, region (jurisdiction), parent and status in a fiscal year.</summary>
public sealed record UnitSummary(string Id, string Name, string RegionCode, string? ParentId, string Status)
{
    public bool IsActive => Status == "ACTIVE";
}

/// <summary>Years as the registry reads them.</summary>
public static class RegistryYears
{
    /// <summary>As of this year the registry answers with a unit's latest version (the last year it accepts).</summary>
    public const int Latest = 2200;
}

/// <summary>What a service asks the registry about one unit; a seam so the embedded and distributed modes share one path.</summary>
public interface IUnitLookup
{
    /// <summary>The unit as of a fiscal year; an unknown unit is a field error on <paramref name="field"/>.</summary>
    Task<UnitSummary> GetAsync(string unitId, int fiscalYear, string field, CancellationToken token);

    /// <summary>The active unit with exactly this printed name in a fiscal year, or null.</summary>
    Task<UnitSummary?> FindByNameAsync(string name, int fiscalYear, CancellationToken token);

    /// <summary>The region's name, or null when the registry has no region of that code.</summary>
    Task<string?> RegionNameAsync(string regionCode, CancellationToken token);
}

/// <summary>
/// The registry over gRPC. Services ask per command (forms and inventories are filed a few times a year per unit)
/// instead of keeping a copy that could lag. A lookup is the service's own work — it needs to know where a unit is in
/// order to decide, itself, whether the person it serves may act on it — so it asks as a platform service, never with the
/// person's identity (which the registry would rightly scope to the person's jurisdiction).
/// </summary>
public sealed class RegistryUnitLookup(PeerClient<UnitRegistry.UnitRegistryClient> registry) : IUnitLookup
{
    private static readonly CallerIdentity ServiceCaller = CallerIdentity.Service("platform-service");

    public async Task<UnitSummary> GetAsync(string unitId, int fiscalYear, string field, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(unitId))
        {
            throw new ValidationException(field, Messages.Required, "REQUIRED");
        }
        try
        {
            using var _ = CallerContext.Use(ServiceCaller);
            return Map(await registry.Client.GetUnitAsync(new GetUnitRequest { UnitId = unitId, AsOfYear = fiscalYear }, cancellationToken: token));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ValidationException(field, Messages.UnknownUnit(unitId, fiscalYear), "UNKNOWN_UNIT");
        }
    }

    public async Task<string?> RegionNameAsync(string regionCode, CancellationToken token)
    {
        try
        {
            using var _ = CallerContext.Use(ServiceCaller);
            return (await registry.Client.GetRegionAsync(new GetRegionRequest { Code = regionCode }, cancellationToken: token)).Name;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    public async Task<UnitSummary?> FindByNameAsync(string name, int fiscalYear, CancellationToken token)
    {
        using var _ = CallerContext.Use(ServiceCaller);
        var page = await registry.Client.SearchUnitsAsync(new SearchUnitsRequest { Query = name, AsOfYear = fiscalYear, PageSize = 50 }, cancellationToken: token);
        var unit = page.Units.FirstOrDefault(u => PrintedName.Same(u.Name, name) && u.Status == "ACTIVE");
        return unit is null ? null : Map(unit);
    }

    private static UnitSummary Map(Unit unit) => new(unit.Id, unit.Name, unit.RegionCode, unit.ParentId.Length > 0 ? unit.ParentId : null, unit.Status);
}

public static class UnitLookupExtensions
{
    /// <summary>The registry connection and the one unit lookup of a process (several services in one host share them).</summary>
    public static IServiceCollection AddUnitLookup(this IServiceCollection services)
    {
        services.AddRegistryClient();
        services.TryAddSingleton<IUnitLookup, RegistryUnitLookup>();
        return services;
    }
}

public static class RegistryClientExtensions
{
    /// <summary>The registry's generated client (`Services:Registry`, or this process), once per process.</summary>
    public static IServiceCollection AddRegistryClient(this IServiceCollection services) =>
        services.AddPeerClient<UnitRegistry.UnitRegistryClient>("Registry", UnitRegistry.Descriptor);
}
