using Grpc.Core;
using System.Text;
using Platform.Domain;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Domain;
using Platform.Registry.Host.Import;
using Platform.Registry.Host.Persistence;
using Platform.Registry.V1;
using DomainRegion = Platform.Registry.Domain.Region;
using DomainRegionKind = Platform.Registry.Domain.RegionKind;
using DomainStaffing = Platform.Registry.Domain.Staffing;
using ProtoRegion = Platform.Registry.V1.Region;
using ProtoRegionKind = Platform.Registry.V1.RegionKind;

namespace Platform.Registry.Host.Grpc;

/// <summary>Roles the registry checks (issued by the gateway, issue 9).</summary>
internal static class RegistryRoles
{
    /// <summary>Maintains regions and units within the admin's own region.</summary>
    public const string Admin = "registry-admin";
}

/// <summary>
/// platform.registry.v1.UnitRegistry: authorize, validate, map, call the domain, map back. The rule of each rpc is
/// declared in registry.proto (platform.api.access): reads answer a signed-in caller about units and regions their
/// jurisdiction covers (a platform service reads everything), and listings keep only those; changes need the
/// registry-admin role and jurisdiction over the region concerned.
/// </summary>
internal sealed class UnitRegistryHandler(RegistryState state, TimeProvider time)
    : Platform.Registry.V1.UnitRegistry.UnitRegistryBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    public override async Task<ProtoRegion> AddRegion(AddRegionRequest request, ServerCallContext context)
    {
        RequireAdminOver(context, request.ParentCode is { Length: > 0 } parent ? parent : request.Code);
        var kind = request.Kind switch
        {
            ProtoRegionKind.AutonomousRegion => DomainRegionKind.AutonomousRegion,
            ProtoRegionKind.Prefecture => DomainRegionKind.Prefecture,
            ProtoRegionKind.City => DomainRegionKind.City,
            ProtoRegionKind.County => DomainRegionKind.County,
            ProtoRegionKind.District => DomainRegionKind.District,
            ProtoRegionKind.DevelopmentZone => DomainRegionKind.DevelopmentZone,
            _ => throw new ValidationException("kind", Messages.Required),
        };
        await state.ExecuteAsync(r =>
        {
            var added = r.AddRegion(request.Code, request.Name, kind, request.ParentCode);
            return (added, (IReadOnlyList<object>)[added]);
        }, context.CancellationToken);
        return ToProto(state.Read(r => r.GetRegion(request.Code)));
    }

    public override Task<ProtoRegion> GetRegion(GetRegionRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        return Task.FromResult(ToProto(state.Read(r => r.GetRegion(request.Code))));
    }

    public override async Task<Unit> RegisterUnit(RegisterUnitRequest request, ServerCallContext context)
    {
        RequireYear(request.FromYear, "from_year");
        RequireAdminOver(context, request.RegionCode);
        var spec = ToNewUnit(request);
        await state.ExecuteAsync(r => (0, (IReadOnlyList<object>)[r.Register(spec, request.FromYear)]), context.CancellationToken);
        return state.Read(r => ToProto(r.Get(spec.Id.Trim(), request.FromYear), request.FromYear));
    }

    public override async Task<Unit> UpdateUnit(UpdateUnitRequest request, ServerCallContext context)
    {
        RequireYear(request.FromYear, "from_year");
        RequireAdminOverUnit(context, request.UnitId, request.FromYear);
        var update = new UnitUpdate(
            request.Name,
            request.Nature,
            request.SetFunctions ? request.Functions.ToList() : null,
            request.SetSections ? request.Sections.ToList() : null);
        await state.ExecuteAsync(r => (0, (IReadOnlyList<object>)[r.Update(request.UnitId, update, request.FromYear)]), context.CancellationToken);
        return state.Read(r => ToProto(r.Get(request.UnitId, request.FromYear), request.FromYear));
    }

    public override Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        RequireReaderOfUnit(context, request.UnitId, request.AsOfYear);
        RequireYear(request.AsOfYear, "as_of_year");
        return Task.FromResult(state.Read(r => ToProto(r.Get(request.UnitId, request.AsOfYear), request.AsOfYear)));
    }

    public override Task<UnitList> GetAncestors(GetUnitRequest request, ServerCallContext context)
    {
        // The chain above a unit one may read is that unit's own context (its department's name on its forms).
        RequireReaderOfUnit(context, request.UnitId, request.AsOfYear);
        RequireYear(request.AsOfYear, "as_of_year");
        var list = new UnitList();
        list.Units.AddRange(state.Read(r => r.Ancestors(request.UnitId, request.AsOfYear).Select(u => ToProto(u, request.AsOfYear)).ToList()));
        return Task.FromResult(list);
    }

    public override async Task ExportSubtree(ExportSubtreeRequest request, IServerStreamWriter<Unit> responseStream, ServerCallContext context)
    {
        switch (request.RootCase)
        {
            case ExportSubtreeRequest.RootOneofCase.UnitId:
                RequireReaderOfUnit(context, request.UnitId, request.AsOfYear);
                break;
            case ExportSubtreeRequest.RootOneofCase.RegionCode:
                RequireReaderOfRegion(context, request.RegionCode);
                break;
            default:
                context.Caller.RequireAuthenticated();
                throw new ValidationException("root", RegistryMessages.RootRequired);
        }
        RequireYear(request.AsOfYear, "as_of_year");
        // A subtree may reach into regions the caller does not cover (a department's units in other counties): kept out.
        var units = state.Read(r => (request.RootCase == ExportSubtreeRequest.RootOneofCase.UnitId
                ? r.Subtree(request.UnitId, request.AsOfYear)
                : r.UnitsInRegion(request.RegionCode, request.AsOfYear))
            .Where(u => MayRead(context.Caller, u.Version.RegionCode.Value))
            .Select(u => ToProto(u, request.AsOfYear))
            .ToList());
        foreach (var unit in units)
        {
            await responseStream.WriteAsync(unit, context.CancellationToken);
        }
    }

    public override Task<SearchUnitsResponse> SearchUnits(SearchUnitsRequest request, ServerCallContext context)
    {
        context.Caller.RequireAuthenticated();
        if (request.RegionCode.Length > 0)
        {
            RequireReaderOfRegion(context, request.RegionCode);
        }
        RequireYear(request.AsOfYear, "as_of_year");
        var pageSize = request.PageSize switch
        {
            0 => DefaultPageSize,
            < 0 or > MaxPageSize => throw new ValidationException("page_size", RegistryMessages.PageSizeRange(MaxPageSize)),
            var n => n,
        };
        var after = DecodePageToken(request.PageToken);
        var query = request.Query.Trim();
        var page = state.Read(r =>
        {
            // Without a region, a person searches their own jurisdiction; only a platform service searches everything.
            IEnumerable<UnitView> candidates = request.RegionCode is { Length: > 0 }
                ? r.UnitsInRegion(request.RegionCode, request.AsOfYear)
                : r.Units.Select(u => u.AsOf(request.AsOfYear) is { } v ? new UnitView(u, v) : null).OfType<UnitView>()
                    .Where(u => MayRead(context.Caller, u.Version.RegionCode.Value));
            return candidates
                .Where(u => query.Length == 0
                    || u.Version.Name.Contains(query, StringComparison.Ordinal)
                    || u.Unit.CreditCode.Value.StartsWith(query.ToUpperInvariant(), StringComparison.Ordinal))
                .Where(u => after is null || string.CompareOrdinal(u.Id, after) > 0)
                .OrderBy(u => u.Id, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .Select(u => ToProto(u, request.AsOfYear))
                .ToList();
        });
        var response = new SearchUnitsResponse();
        response.Units.AddRange(page.Take(pageSize));
        if (page.Count > pageSize)
        {
            response.NextPageToken = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[pageSize - 1].Id));
        }
        return Task.FromResult(response);
    }

    public override Task<JurisdictionResponse> IsWithinJurisdiction(JurisdictionRequest request, ServerCallContext context)
    {
        RequireReaderOfUnit(context, request.UnitId, request.AsOfYear);
        RequireYear(request.AsOfYear, "as_of_year");
        return Task.FromResult(new JurisdictionResponse { Within = state.Read(r => r.IsWithinJurisdiction(request.UnitId, request.Scope, request.AsOfYear)) });
    }

    public override async Task<ReorganizeResponse> Reorganize(ReorganizeRequest request, ServerCallContext context)
    {
        var year = request.EffectiveYear;
        RequireYear(year, "effective_year");
        Reorganization result;
        switch (request.ChangeCase)
        {
            case ReorganizeRequest.ChangeOneofCase.Merge:
                RequireAdminOverUnit(context, request.Merge.SourceId, year);
                result = await state.ExecuteAsync(r => r.Merge(request.Merge.SourceId, request.Merge.TargetId, year), context.CancellationToken);
                break;
            case ReorganizeRequest.ChangeOneofCase.Split:
                RequireAdminOverUnit(context, request.Split.SourceId, year);
                var parts = request.Split.Parts.Select(ToNewUnit).ToList();
                result = await state.ExecuteAsync(r => r.Split(request.Split.SourceId, parts, year), context.CancellationToken);
                break;
            case ReorganizeRequest.ChangeOneofCase.Rename:
                RequireAdminOverUnit(context, request.Rename.UnitId, year);
                result = await state.ExecuteAsync(r => r.Rename(request.Rename.UnitId, request.Rename.Name, year), context.CancellationToken);
                break;
            case ReorganizeRequest.ChangeOneofCase.Transfer:
                RequireAdminOverUnit(context, request.Transfer.UnitId, year);
                if (request.Transfer.RegionCode is { Length: > 0 } destination)
                {
                    context.Caller.RequireRegion(destination);
                }
                result = await state.ExecuteAsync(r => r.Transfer(request.Transfer.UnitId, request.Transfer.ParentId, request.Transfer.RegionCode, year), context.CancellationToken);
                break;
            case ReorganizeRequest.ChangeOneofCase.Dissolve:
                RequireAdminOverUnit(context, request.Dissolve.UnitId, year);
                result = await state.ExecuteAsync(r => r.Dissolve(request.Dissolve.UnitId, year), context.CancellationToken);
                break;
            default:
                throw new ValidationException("change", RegistryMessages.ChangeRequired);
        }
        var response = new ReorganizeResponse { Kind = result.Kind.ToString(), EffectiveYear = result.EffectiveYear, Note = result.Note };
        response.Before.AddRange(result.Before);
        response.After.AddRange(result.After);
        return response;
    }

    public override async Task<V1.Staffing> ReportStaffing(ReportStaffingRequest request, ServerCallContext context)
    {
        RequireYear(request.FiscalYear, "fiscal_year");
        RequireAdminOverUnit(context, request.UnitId, request.FiscalYear);
        var staffing = new DomainStaffing(request.AuthorizedPosts, request.ActualTotal, request.InService, request.RetiredLixiu, request.Retired);
        await state.ExecuteAsync(r =>
        {
            var e = r.ReportStaffing(request.UnitId, request.FiscalYear, staffing);
            return (e, (IReadOnlyList<object>)[e]);
        }, context.CancellationToken);
        return ToProto(request.UnitId, request.FiscalYear, staffing);
    }

    public override Task<V1.Staffing> GetStaffing(GetStaffingRequest request, ServerCallContext context)
    {
        RequireReaderOfUnit(context, request.UnitId, request.FiscalYear);
        RequireYear(request.FiscalYear, "fiscal_year");
        var staffing = state.Read(r => r.Find(request.UnitId).Staffing.GetValueOrDefault(request.FiscalYear))
            ?? throw new NotFoundException("Staffing", request.UnitId, request.FiscalYear);
        return Task.FromResult(ToProto(request.UnitId, request.FiscalYear, staffing));
    }

    private static V1.Staffing ToProto(string unitId, int year, DomainStaffing staffing)
    {
        return new V1.Staffing
        {
            UnitId = unitId,
            FiscalYear = year,
            ActualTotal = staffing.ActualTotal,
            AuthorizedPosts = staffing.AuthorizedPosts,
            InService = staffing.InService,
            RetiredLixiu = staffing.RetiredLixiu,
            Retired = staffing.Retired,
        };
    }

    public override async Task<Scope> DefineScope(DefineScopeRequest request, ServerCallContext context)
    {
        RequireYear(request.FiscalYear, "fiscal_year");
        RequireAdminOverUnit(context, request.DepartmentId, request.FiscalYear);
        var ids = request.UnitIds.ToList();
        var defined = await state.ExecuteAsync(r =>
        {
            var e = r.DefineScope(request.DepartmentId, request.FiscalYear, ids);
            return (e, (IReadOnlyList<object>)[e]);
        }, context.CancellationToken);
        var scope = new Scope { DepartmentId = defined.DepartmentId, FiscalYear = defined.FiscalYear };
        scope.UnitIds.AddRange(defined.UnitIds);
        return scope;
    }

    public override Task<Scope> GetScope(GetScopeRequest request, ServerCallContext context)
    {
        RequireReaderOfUnit(context, request.DepartmentId, request.FiscalYear);
        RequireYear(request.FiscalYear, "fiscal_year");
        var ids = state.Read(r => r.Scope(request.DepartmentId, request.FiscalYear))
            ?? throw new NotFoundException("Scope", request.DepartmentId, request.FiscalYear);
        var scope = new Scope { DepartmentId = request.DepartmentId, FiscalYear = request.FiscalYear };
        scope.UnitIds.AddRange(ids);
        return Task.FromResult(scope);
    }

    public override async Task<ImportUnitsResponse> ImportUnits(ImportUnitsRequest request, ServerCallContext context)
    {
        RequireYear(request.FromYear, "from_year");
        context.Caller.RequireAnyRole(RegistryRoles.Admin);
        var (rows, errors) = UnitFileReader.Read(request.Format, request.Content.ToByteArray());
        var response = new ImportUnitsResponse();
        foreach (var row in rows.Where(r => r["region_code"].Length > 0 && !context.Caller.CoversRegion(r["region_code"])))
        {
            errors.Add(new ImportError { Row = row.FileRow, Column = "region_code", Value = row["region_code"], Message = Messages.RegionOutsideJurisdiction(row["region_code"]) });
        }
        if (errors.Count == 0)
        {
            var specs = rows.Select(r => new NewUnit(r["id"], r["credit_code"], r["name"], r["region_code"], r["parent_id"], r["nature"],
                Split(r["functions"]), Split(r["sections"]))).ToList();
            try
            {
                var registered = await state.ExecuteAsync(r =>
                {
                    var events = r.RegisterBatch(specs, request.FromYear);
                    return (events.Count, (IReadOnlyList<object>)events);
                }, context.CancellationToken);
                response.Imported = registered;
                return response;
            }
            catch (ValidationException ex)
            {
                foreach (var error in ex.Errors)
                {
                    // Domain fields are "rows[i].column": point at the file's row and cell.
                    var close = error.Field.IndexOf(']', StringComparison.Ordinal);
                    var index = int.Parse(error.Field.AsSpan(5, close - 5), System.Globalization.CultureInfo.InvariantCulture);
                    var column = error.Field[(close + 2)..];
                    errors.Add(new ImportError { Row = rows[index].FileRow, Column = column, Value = rows[index][column], Message = error.Reason });
                }
            }
        }
        response.Errors.AddRange(errors.OrderBy(e => e.Row));
        return response;
    }

    private static List<string> Split(string cell) =>
        cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    public override async Task<CloseFiscalYearsResponse> CloseFiscalYears(CloseFiscalYearsRequest request, ServerCallContext context)
    {
        RequireYear(request.FiscalYear, "fiscal_year");
        context.Caller.RequireAnyRole(RegistryRoles.Admin);
        // Closing years affects the whole registry: only an admin of a province-level region may do it.
        if (context.Caller.RegionCode is not { } own || !own.EndsWith("0000", StringComparison.Ordinal))
        {
            throw new ForbiddenException(RegistryMessages.CloseYearsNeedsRegionAdmin);
        }
        var closed = await state.ExecuteAsync(r =>
        {
            var e = r.CloseThrough(request.FiscalYear, ChinaTime.DateOf(time.GetUtcNow()));
            return (e.ThroughYear, (IReadOnlyList<object>)[e]);
        }, context.CancellationToken);
        return new CloseFiscalYearsResponse { ClosedThroughYear = closed };
    }

    // ------------------------------------------------------------ mapping and checks

    private void RequireAdminOverUnit(ServerCallContext context, string unitId, int year)
    {
        context.Caller.RequireAnyRole(RegistryRoles.Admin);
        context.Caller.RequireRegion(RegionOf(unitId, year));
    }

    /// <summary>
    /// A read about a unit: a platform service, a signed-in caller whose jurisdiction covers the unit's region that year,
    /// or the unit's own staff in any year when one of its versions sits in their jurisdiction (a unit transferred to
    /// another region: its clerk's account names one side of the move; the gateway lets them through alike).
    /// </summary>
    private void RequireReaderOfUnit(ServerCallContext context, string unitId, int year)
    {
        context.Caller.RequireAuthenticated();
        if (IsPlatformService(context.Caller) || IsOwnUnitStaff(context.Caller, unitId))
        {
            return;
        }
        context.Caller.RequireRegion(RegionOf(unitId, year));
    }

    private bool IsOwnUnitStaff(CallerIdentity caller, string unitId) =>
        string.Equals(caller.UnitId, unitId, StringComparison.Ordinal)
        && caller.Roles.Any(r => r is PlatformRoles.Clerk or PlatformRoles.UnitHead)
        && caller.RegionCode is { } own
        && state.Read(r => r.Find(unitId).Versions.Any(v => Jurisdiction.Covers(own, v.RegionCode.Value)));

    private static void RequireReaderOfRegion(ServerCallContext context, string regionCode)
    {
        context.Caller.RequireAuthenticated();
        if (!IsPlatformService(context.Caller))
        {
            context.Caller.RequireRegion(regionCode);
        }
    }

    private static bool MayRead(CallerIdentity caller, string regionCode) => IsPlatformService(caller) || caller.CoversRegion(regionCode);

    private static bool IsPlatformService(CallerIdentity caller) => caller.IsInRole(PlatformRoles.Service);

    /// <summary>The unit's region in <paramref name="year"/> (its first version's before it existed); NOT_FOUND for an unknown id.</summary>
    private string RegionOf(string unitId, int year) => state.Read(r =>
    {
        var unit = r.Find(unitId);
        return (unit.AsOf(year) ?? unit.Versions[0]).RegionCode.Value;
    });

    private static void RequireAdminOver(ServerCallContext context, string regionCode)
    {
        context.Caller.RequireAnyRole(RegistryRoles.Admin);
        context.Caller.RequireRegion(regionCode);
    }

    private static void RequireYear(int year, string field)
    {
        if (year is < 1949 or > 2200)
        {
            throw new ValidationException(field, year == 0 ? Messages.Required : RegistryMessages.NotAFiscalYear(year));
        }
    }

    private static string? DecodePageToken(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ValidationException("page_token", RegistryMessages.PageTokenNotIssued);
        }
    }

    private static NewUnit ToNewUnit(RegisterUnitRequest r) =>
        new(r.Id, r.CreditCode, r.Name, r.RegionCode, r.ParentId is { Length: > 0 } p ? p : null, r.Nature, r.Functions.ToList(), r.Sections.ToList());

    private static ProtoRegion ToProto(DomainRegion region) => new()
    {
        Code = region.Code.Value,
        Name = region.Name,
        Kind = region.Kind switch
        {
            DomainRegionKind.AutonomousRegion => ProtoRegionKind.AutonomousRegion,
            DomainRegionKind.Prefecture => ProtoRegionKind.Prefecture,
            DomainRegionKind.City => ProtoRegionKind.City,
            DomainRegionKind.County => ProtoRegionKind.County,
            DomainRegionKind.District => ProtoRegionKind.District,
            _ => ProtoRegionKind.DevelopmentZone,
        },
        ParentCode = region.ParentCode?.Value ?? "",
    };

    private static Unit ToProto(UnitView view, int asOfYear)
    {
        var v = view.Version;
        var unit = new Unit
        {
            Id = view.Id,
            CreditCode = view.Unit.CreditCode.Value,
            Name = v.Name,
            RegionCode = v.RegionCode.Value,
            ParentId = v.ParentId ?? "",
            Nature = v.Nature.ToChinese(),
            Status = v.Status.ToString().ToUpperInvariant(),
            AsOfYear = asOfYear,
            VersionFromYear = v.FromYear,
        };
        unit.Functions.AddRange(v.Functions);
        unit.Sections.AddRange(v.Sections);
        unit.SuccessorIds.AddRange(v.SuccessorIds ?? []);
        return unit;
    }
}
