using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Assets.V1;
using Platform.Grpc.Client;

namespace Platform.Assets.Client;

/// <summary>Typed client of platform.assets.v1.AssetInventory.</summary>
public sealed class AssetInventoryClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = AssetsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("AssetInventory");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<ListCategoriesRequest, Categories> ListCategoriesMethod = M<ListCategoriesRequest, Categories>("ListCategories");
    private static readonly Method<AcquireVehicleRequest, Vehicle> AcquireVehicleMethod = M<AcquireVehicleRequest, Vehicle>("AcquireVehicle");
    private static readonly Method<DisposeVehicleRequest, Vehicle> DisposeVehicleMethod = M<DisposeVehicleRequest, Vehicle>("DisposeVehicle");
    private static readonly Method<TransferVehicleRequest, Vehicle> TransferVehicleMethod = M<TransferVehicleRequest, Vehicle>("TransferVehicle");
    private static readonly Method<GetVehicleRequest, Vehicle> GetVehicleMethod = M<GetVehicleRequest, Vehicle>("GetVehicle");
    private static readonly Method<ListVehiclesRequest, VehicleList> ListVehiclesMethod = M<ListVehiclesRequest, VehicleList>("ListVehicles");
    private static readonly Method<ReportInventoryRequest, Inventory> ReportInventoryMethod = M<ReportInventoryRequest, Inventory>("ReportInventory");
    private static readonly Method<InventoryRef, Inventory> GetInventoryMethod = M<InventoryRef, Inventory>("GetInventory");
    private static readonly Method<ReconcileRequest, Findings> ReconcileMethod = M<ReconcileRequest, Findings>("Reconcile");
    private static readonly Method<InventoryRef, Findings> GetFindingsMethod = M<InventoryRef, Findings>("GetFindings");
    private static readonly Method<ImportWorkbookRequest, ImportWorkbookResponse> ImportWorkbookMethod = M<ImportWorkbookRequest, ImportWorkbookResponse>("ImportWorkbook");
    private static readonly Method<ImportDisclosureRequest, ImportDisclosureResponse> ImportDisclosureMethod = M<ImportDisclosureRequest, ImportDisclosureResponse>("ImportDisclosure");

    public Task<Categories> ListCategoriesAsync(ListCategoriesRequest request, CallOptions options = default) => Channel.UnaryAsync(ListCategoriesMethod, request, options);

    public Task<Vehicle> AcquireVehicleAsync(AcquireVehicleRequest request, CallOptions options = default) => Channel.UnaryAsync(AcquireVehicleMethod, request, options);

    public Task<Vehicle> DisposeVehicleAsync(DisposeVehicleRequest request, CallOptions options = default) => Channel.UnaryAsync(DisposeVehicleMethod, request, options);

    public Task<Vehicle> TransferVehicleAsync(TransferVehicleRequest request, CallOptions options = default) => Channel.UnaryAsync(TransferVehicleMethod, request, options);

    public Task<Vehicle> GetVehicleAsync(GetVehicleRequest request, CallOptions options = default) => Channel.UnaryAsync(GetVehicleMethod, request, options);

    public Task<VehicleList> ListVehiclesAsync(ListVehiclesRequest request, CallOptions options = default) => Channel.UnaryAsync(ListVehiclesMethod, request, options);

    public Task<Inventory> ReportInventoryAsync(ReportInventoryRequest request, CallOptions options = default) => Channel.UnaryAsync(ReportInventoryMethod, request, options);

    public Task<Inventory> GetInventoryAsync(InventoryRef request, CallOptions options = default) => Channel.UnaryAsync(GetInventoryMethod, request, options);

    public Task<Findings> ReconcileAsync(ReconcileRequest request, CallOptions options = default) => Channel.UnaryAsync(ReconcileMethod, request, options);

    public Task<Findings> GetFindingsAsync(InventoryRef request, CallOptions options = default) => Channel.UnaryAsync(GetFindingsMethod, request, options);

    public Task<ImportWorkbookResponse> ImportWorkbookAsync(ImportWorkbookRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportWorkbookMethod, request, options);

    public Task<ImportDisclosureResponse> ImportDisclosureAsync(ImportDisclosureRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportDisclosureMethod, request, options);
}
