using Grpc.Core;
using Platform.Domain;
using Platform.Grpc;
using Platform.Grpc.Client;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.V1;
using Platform.Accounts.Domain;
using Platform.Accounts.Domain.Consolidation;

namespace Platform.Accounts.Host.Units;

/// <summary>A unit as the accounts service needs it: where it is (jurisdiction) in a fiscal year.</summary>
internal sealed record UnitInfo(string Id, string Name, string RegionCode, string? ParentId, string Status);

/// <summary>
/// What the accounts service asks the unit registry. The registry is the one source of units; the accounts service
/// asks it per command (returns are filed a few times a year per unit) instead of keeping a copy that could lag.
/// </summary>
internal interface IUnitDirectory
{
    /// <summary>The unit as of a fiscal year; NOT_FOUND from the registry becomes a field error on unit_id.</summary>
    Task<UnitInfo> GetAsync(string unitId, int fiscalYear, CancellationToken token);

    /// <summary>The unit with exactly this name in a fiscal year, or null.</summary>
    Task<UnitInfo?> FindByNameAsync(string name, int fiscalYear, CancellationToken token);

    /// <summary>The region's name, or null when the registry has no such region.</summary>
    Task<string?> RegionNameAsync(string regionCode, CancellationToken token);

    /// <summary>
    /// Registers units from a year on, all or none (parents may be among them, listed first). Registry field errors
    /// come back as <see cref="ValidationException"/> on <c>units[i].field</c>, i being the unit's position in the list.
    /// </summary>
    Task RegisterAsync(IReadOnlyList<UnitRegistration> units, int fromYear, CancellationToken token);

    /// <summary>Where a unit sits in a fiscal year: its department, parent and its department's regions (as of that year).</summary>
    Task<UnitPlacement> PlacementAsync(string unitId, int fiscalYear, CancellationToken token);

    /// <summary>Every unit of a region and the regions below it as of a fiscal year, streamed from the registry.</summary>
    IAsyncEnumerable<UnitPlacement> PlacementsAsync(string regionCode, int fiscalYear, CancellationToken token);

    /// <summary>Every active unit of a region and the regions below it as of a fiscal year, streamed from the registry.</summary>
    IAsyncEnumerable<UnitInfo> UnitsInAsync(string regionCode, int fiscalYear, CancellationToken token);

    /// <summary>The region and every region above it, nearest first.</summary>
    Task<IReadOnlyList<string>> RegionPathAsync(string regionCode, CancellationToken token);
}

/// <summary>A unit to register: what the registry requires.</summary>
internal sealed record UnitRegistration(string Id, string CreditCode, string Name, string RegionCode, string? ParentId, string Nature);

/// <summary>
/// The registry over gRPC (`Services:Registry`, or this process in the embedded default). The caller being served travels
/// with each call; work without one (consumers) calls as the accounts service.
/// </summary>
internal sealed class RegistryUnitDirectory(PeerClient<UnitRegistry.UnitRegistryClient> registry) : IUnitDirectory
{
    private UnitRegistry.UnitRegistryClient Client => registry.Client;

    public async Task<UnitInfo> GetAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        if (string.IsNullOrWhiteSpace(unitId))
        {
            throw new ValidationException("unit_id", Messages.Required, "REQUIRED");
        }
        try
        {
            var unit = await Client.GetUnitAsync(new GetUnitRequest { UnitId = unitId, AsOfYear = fiscalYear }, cancellationToken: token);
            return new UnitInfo(unit.Id, unit.Name, unit.RegionCode, unit.ParentId.Length > 0 ? unit.ParentId : null, unit.Status);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new ValidationException("unit_id", AccountsMessages.UnknownUnit(unitId, fiscalYear), "UNKNOWN_UNIT");
        }
    }

    public async Task<UnitInfo?> FindByNameAsync(string name, int fiscalYear, CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        var page = await Client.SearchUnitsAsync(new SearchUnitsRequest { Query = name, AsOfYear = fiscalYear, PageSize = 50 }, cancellationToken: token);
        var unit = page.Units.FirstOrDefault(u => Normalize(u.Name) == Normalize(name));
        return unit is null ? null : new UnitInfo(unit.Id, unit.Name, unit.RegionCode, unit.ParentId.Length > 0 ? unit.ParentId : null, unit.Status);
    }

    public async Task<string?> RegionNameAsync(string regionCode, CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        try
        {
            return (await Client.GetRegionAsync(new GetRegionRequest { Code = regionCode }, cancellationToken: token)).Name;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>
    /// Through the registry's ImportUnits (CSV), because that is the registry's all-or-nothing batch: a department
    /// and its units are registered together or not at all, parents resolved inside the file.
    /// </summary>
    public async Task RegisterAsync(IReadOnlyList<UnitRegistration> units, int fromYear, CancellationToken token)
    {
        using var asService = CallerContext.UseWhenAnonymous(ServiceCaller);
        var csv = new System.Text.StringBuilder("id,credit_code,name,region_code,parent_id,nature\n");
        foreach (var u in units)
        {
            csv.AppendJoin(',', new[] { u.Id, u.CreditCode, u.Name, u.RegionCode, u.ParentId ?? "", u.Nature }.Select(Quote)).Append('\n');
        }
        ImportUnitsResponse response;
        try
        {
            response = await Client.ImportUnitsAsync(new ImportUnitsRequest
            {
                Format = ImportFormat.Csv, Content = Google.Protobuf.ByteString.CopyFromUtf8(csv.ToString()), FromYear = fromYear,
            }, cancellationToken: token);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            throw new ForbiddenException(AccountsMessages.RegistryRefused(ex.Status.Detail));
        }
        if (response.Errors.Count > 0)
        {
            // Row 1 is the header, so file row r is units[r - 2].
            throw new ValidationException(response.Errors.Select(e => e.Row >= 2
                ? new FieldError($"units[{e.Row - 2}].{(e.Column is "id" ? "unit_id" : e.Column)}", AccountsMessages.AtUnit(units[e.Row - 2].Name, e.Message), "REGISTRY_REJECTED")
                : new FieldError("units", e.Message, "REGISTRY_REJECTED")).ToList());
        }
    }

    // RFC 4180: quote every field, double the quotes inside.
    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // Regions are only ever added, never re-parented: their chain is cached for the process's life.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _regionPaths = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> RegionPathAsync(string regionCode, CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        if (_regionPaths.TryGetValue(regionCode, out var cached))
        {
            return cached;
        }
        var path = new List<string>();
        for (var code = regionCode; code.Length > 0;)
        {
            path.Add(code);
            var region = await Client.GetRegionAsync(new GetRegionRequest { Code = code }, cancellationToken: token);
            code = region.ParentCode;
        }
        return _regionPaths[regionCode] = path;
    }

    public async Task<UnitPlacement> PlacementAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        var unit = await GetAsync(unitId, fiscalYear, token);
        var ancestors = await Client.GetAncestorsAsync(new GetUnitRequest { UnitId = unitId, AsOfYear = fiscalYear }, cancellationToken: token);
        // A unit counts where its department is: a county total is its departments' totals.
        var (department, region) = ancestors.Units.Count > 0 ? (ancestors.Units[^1].Id, ancestors.Units[^1].RegionCode) : (unit.Id, unit.RegionCode);
        return new UnitPlacement(unit.Id, department, unit.ParentId, await RegionPathAsync(region, token));
    }

    public async IAsyncEnumerable<UnitPlacement> PlacementsAsync(string regionCode, int fiscalYear, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        // The export streams units parent-first within each tree, but a department may sit in another region than
        // the root asked for: resolve departments after the whole (small: ids only) parent map is in.
        var parents = new Dictionary<string, (string? Parent, string Region)>(StringComparer.Ordinal);
        await foreach (var unit in UnitsInAsync(regionCode, fiscalYear, token))
        {
            parents[unit.Id] = (unit.ParentId, unit.RegionCode);
        }
        foreach (var (id, (parent, _)) in parents)
        {
            var department = id;
            while (parents.TryGetValue(department, out var up) && up.Parent is { } next && parents.ContainsKey(next))
            {
                department = next;
            }
            yield return new UnitPlacement(id, department, parent, await RegionPathAsync(parents[department].Region, token));
        }
    }

    public async IAsyncEnumerable<UnitInfo> UnitsInAsync(string regionCode, int fiscalYear, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        using var asService = CallerContext.Use(ServiceCaller);
        using var call = Client.ExportSubtree(new ExportSubtreeRequest { RegionCode = regionCode, AsOfYear = fiscalYear }, cancellationToken: token);
        await foreach (var unit in call.ResponseStream.ReadAllAsync(token))
        {
            if (unit.Status == "ACTIVE")
            {
                yield return new UnitInfo(unit.Id, unit.Name, unit.RegionCode, unit.ParentId.Length > 0 ? unit.ParentId : null, unit.Status);
            }
        }
    }

    internal static readonly CallerIdentity ServiceCaller = CallerIdentity.Service("accounts-service");

    /// <summary>Publications mix full-width and half-width brackets for the same name.</summary>
    internal static string Normalize(string s) => s.Replace('（', '(').Replace('）', ')').Trim();
}
