using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Accounts.V1;
using Platform.Grpc.Client;

namespace Platform.Accounts.Client;

/// <summary>Typed client of platform.accounts.v1.FinalAccounts: one method per rpc, no method paths spelled by callers.</summary>
public sealed class FinalAccountsClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = AccountsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FinalAccounts");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<GetTemplateRequest, Template> GetTemplateMethod = M<GetTemplateRequest, Template>("GetTemplate");
    private static readonly Method<ListRulesRequest, RuleCatalogue> ListRulesMethod = M<ListRulesRequest, RuleCatalogue>("ListRules");
    private static readonly Method<OpenReturnRequest, Return> OpenReturnMethod = M<OpenReturnRequest, Return>("OpenReturn");
    private static readonly Method<ReturnRef, Return> GetReturnMethod = M<ReturnRef, Return>("GetReturn");
    private static readonly Method<SaveDraftRequest, Return> SaveDraftMethod = M<SaveDraftRequest, Return>("SaveDraft");
    private static readonly Method<ReturnRef, ValidationReport> ValidateReturnMethod = M<ReturnRef, ValidationReport>("ValidateReturn");
    private static readonly Method<SubmitReturnRequest, Return> SubmitReturnMethod = M<SubmitReturnRequest, Return>("SubmitReturn");
    private static readonly Method<ReviewReturnRequest, Return> ReviewReturnMethod = M<ReviewReturnRequest, Return>("ReviewReturn");
    private static readonly Method<OpenCorrectionRequest, Return> OpenCorrectionMethod = M<OpenCorrectionRequest, Return>("OpenCorrection");
    private static readonly Method<ReturnRef, AuditTrail> GetAuditTrailMethod = M<ReturnRef, AuditTrail>("GetAuditTrail");
    private static readonly Method<ImportDisclosureRequest, ImportDisclosureResponse> ImportDisclosureMethod = M<ImportDisclosureRequest, ImportDisclosureResponse>("ImportDisclosure");
    private static readonly Method<ImportWorkbookRequest, Return> ImportWorkbookMethod = M<ImportWorkbookRequest, Return>("ImportWorkbook");

    public Task<Template> GetTemplateAsync(GetTemplateRequest request, CallOptions options = default) => Channel.UnaryAsync(GetTemplateMethod, request, options);
    public Task<RuleCatalogue> ListRulesAsync(ListRulesRequest request, CallOptions options = default) => Channel.UnaryAsync(ListRulesMethod, request, options);
    public Task<Return> OpenReturnAsync(OpenReturnRequest request, CallOptions options = default) => Channel.UnaryAsync(OpenReturnMethod, request, options);
    public Task<Return> GetReturnAsync(ReturnRef request, CallOptions options = default) => Channel.UnaryAsync(GetReturnMethod, request, options);
    public Task<Return> SaveDraftAsync(SaveDraftRequest request, CallOptions options = default) => Channel.UnaryAsync(SaveDraftMethod, request, options);
    public Task<ValidationReport> ValidateReturnAsync(ReturnRef request, CallOptions options = default) => Channel.UnaryAsync(ValidateReturnMethod, request, options);
    public Task<Return> SubmitReturnAsync(SubmitReturnRequest request, CallOptions options = default) => Channel.UnaryAsync(SubmitReturnMethod, request, options);
    public Task<Return> ReviewReturnAsync(ReviewReturnRequest request, CallOptions options = default) => Channel.UnaryAsync(ReviewReturnMethod, request, options);
    public Task<Return> OpenCorrectionAsync(OpenCorrectionRequest request, CallOptions options = default) => Channel.UnaryAsync(OpenCorrectionMethod, request, options);
    public Task<AuditTrail> GetAuditTrailAsync(ReturnRef request, CallOptions options = default) => Channel.UnaryAsync(GetAuditTrailMethod, request, options);
    public Task<ImportDisclosureResponse> ImportDisclosureAsync(ImportDisclosureRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportDisclosureMethod, request, options);
    public Task<Return> ImportWorkbookAsync(ImportWorkbookRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportWorkbookMethod, request, options);
}
