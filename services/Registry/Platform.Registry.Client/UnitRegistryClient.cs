using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Grpc.Client;
using Platform.Registry.V1;

namespace Platform.Registry.Client;

/// <summary>Typed client of platform.registry.v1.UnitRegistry: one method per rpc, no method paths spelled by callers.</summary>
public sealed class UnitRegistryClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = RegistryReflection.Descriptor.FindTypeByName<ServiceDescriptor>("UnitRegistry");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<AddRegionRequest, Region> AddRegionMethod = M<AddRegionRequest, Region>("AddRegion");
    private static readonly Method<GetRegionRequest, Region> GetRegionMethod = M<GetRegionRequest, Region>("GetRegion");
    private static readonly Method<RegisterUnitRequest, Unit> RegisterUnitMethod = M<RegisterUnitRequest, Unit>("RegisterUnit");
    private static readonly Method<UpdateUnitRequest, Unit> UpdateUnitMethod = M<UpdateUnitRequest, Unit>("UpdateUnit");
    private static readonly Method<GetUnitRequest, Unit> GetUnitMethod = M<GetUnitRequest, Unit>("GetUnit");
    private static readonly Method<GetUnitRequest, UnitList> GetAncestorsMethod = M<GetUnitRequest, UnitList>("GetAncestors");
    private static readonly Method<ExportSubtreeRequest, Unit> ExportSubtreeMethod = M<ExportSubtreeRequest, Unit>("ExportSubtree");
    private static readonly Method<SearchUnitsRequest, SearchUnitsResponse> SearchUnitsMethod = M<SearchUnitsRequest, SearchUnitsResponse>("SearchUnits");
    private static readonly Method<JurisdictionRequest, JurisdictionResponse> IsWithinJurisdictionMethod = M<JurisdictionRequest, JurisdictionResponse>("IsWithinJurisdiction");
    private static readonly Method<ReorganizeRequest, ReorganizeResponse> ReorganizeMethod = M<ReorganizeRequest, ReorganizeResponse>("Reorganize");
    private static readonly Method<ReportStaffingRequest, Staffing> ReportStaffingMethod = M<ReportStaffingRequest, Staffing>("ReportStaffing");
    private static readonly Method<GetStaffingRequest, Staffing> GetStaffingMethod = M<GetStaffingRequest, Staffing>("GetStaffing");
    private static readonly Method<DefineScopeRequest, Scope> DefineScopeMethod = M<DefineScopeRequest, Scope>("DefineScope");
    private static readonly Method<GetScopeRequest, Scope> GetScopeMethod = M<GetScopeRequest, Scope>("GetScope");
    private static readonly Method<ImportUnitsRequest, ImportUnitsResponse> ImportUnitsMethod = M<ImportUnitsRequest, ImportUnitsResponse>("ImportUnits");
    private static readonly Method<CloseFiscalYearsRequest, CloseFiscalYearsResponse> CloseFiscalYearsMethod = M<CloseFiscalYearsRequest, CloseFiscalYearsResponse>("CloseFiscalYears");

    public Task<Region> AddRegionAsync(AddRegionRequest request, CallOptions options = default) => Channel.UnaryAsync(AddRegionMethod, request, options);
    public Task<Region> GetRegionAsync(GetRegionRequest request, CallOptions options = default) => Channel.UnaryAsync(GetRegionMethod, request, options);
    public Task<Unit> RegisterUnitAsync(RegisterUnitRequest request, CallOptions options = default) => Channel.UnaryAsync(RegisterUnitMethod, request, options);
    public Task<Unit> UpdateUnitAsync(UpdateUnitRequest request, CallOptions options = default) => Channel.UnaryAsync(UpdateUnitMethod, request, options);
    public Task<Unit> GetUnitAsync(GetUnitRequest request, CallOptions options = default) => Channel.UnaryAsync(GetUnitMethod, request, options);
    public Task<UnitList> GetAncestorsAsync(GetUnitRequest request, CallOptions options = default) => Channel.UnaryAsync(GetAncestorsMethod, request, options);
    public ServerStreamingCall<Unit> ExportSubtree(ExportSubtreeRequest request, CallOptions options = default) => Channel.ServerStreaming(ExportSubtreeMethod, request, options);
    public Task<SearchUnitsResponse> SearchUnitsAsync(SearchUnitsRequest request, CallOptions options = default) => Channel.UnaryAsync(SearchUnitsMethod, request, options);
    public Task<JurisdictionResponse> IsWithinJurisdictionAsync(JurisdictionRequest request, CallOptions options = default) => Channel.UnaryAsync(IsWithinJurisdictionMethod, request, options);
    public Task<ReorganizeResponse> ReorganizeAsync(ReorganizeRequest request, CallOptions options = default) => Channel.UnaryAsync(ReorganizeMethod, request, options);
    public Task<Staffing> ReportStaffingAsync(ReportStaffingRequest request, CallOptions options = default) => Channel.UnaryAsync(ReportStaffingMethod, request, options);
    public Task<Staffing> GetStaffingAsync(GetStaffingRequest request, CallOptions options = default) => Channel.UnaryAsync(GetStaffingMethod, request, options);
    public Task<Scope> DefineScopeAsync(DefineScopeRequest request, CallOptions options = default) => Channel.UnaryAsync(DefineScopeMethod, request, options);
    public Task<Scope> GetScopeAsync(GetScopeRequest request, CallOptions options = default) => Channel.UnaryAsync(GetScopeMethod, request, options);
    public Task<ImportUnitsResponse> ImportUnitsAsync(ImportUnitsRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportUnitsMethod, request, options);
    public Task<CloseFiscalYearsResponse> CloseFiscalYearsAsync(CloseFiscalYearsRequest request, CallOptions options = default) => Channel.UnaryAsync(CloseFiscalYearsMethod, request, options);
}
