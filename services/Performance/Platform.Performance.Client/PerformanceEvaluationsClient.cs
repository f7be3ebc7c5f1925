using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Grpc.Client;
using Platform.Performance.V1;

namespace Platform.Performance.Client;

/// <summary>Typed client of platform.performance.v1.PerformanceEvaluations.</summary>
public sealed class PerformanceEvaluationsClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = PerformanceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("PerformanceEvaluations");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<ListPoliciesRequest, PolicyCatalogue> ListPoliciesMethod = M<ListPoliciesRequest, PolicyCatalogue>("ListPolicies");
    private static readonly Method<SaveDraftRequest, Evaluation> SaveDraftMethod = M<SaveDraftRequest, Evaluation>("SaveDraft");
    private static readonly Method<EvaluationRef, Evaluation> GetEvaluationMethod = M<EvaluationRef, Evaluation>("GetEvaluation");
    private static readonly Method<ListUnitEvaluationsRequest, EvaluationList> ListUnitEvaluationsMethod = M<ListUnitEvaluationsRequest, EvaluationList>("ListUnitEvaluations");
    private static readonly Method<SubmitEvaluationRequest, Evaluation> SubmitEvaluationMethod = M<SubmitEvaluationRequest, Evaluation>("SubmitEvaluation");
    private static readonly Method<ReturnEvaluationRequest, Evaluation> ReturnEvaluationMethod = M<ReturnEvaluationRequest, Evaluation>("ReturnEvaluation");
    private static readonly Method<ScoreFormRequest, Score> ScoreFormMethod = M<ScoreFormRequest, Score>("ScoreForm");
    private static readonly Method<GetReviewQueueRequest, ReviewQueue> GetReviewQueueMethod = M<GetReviewQueueRequest, ReviewQueue>("GetReviewQueue");
    private static readonly Method<GetRankingRequest, Ranking> GetRankingMethod = M<GetRankingRequest, Ranking>("GetRanking");
    private static readonly Method<GetTrendRequest, Trend> GetTrendMethod = M<GetTrendRequest, Trend>("GetTrend");
    private static readonly Method<ImportDisclosureRequest, ImportDisclosureResponse> ImportDisclosureMethod = M<ImportDisclosureRequest, ImportDisclosureResponse>("ImportDisclosure");
    private static readonly Method<ImportWorkbookRequest, ImportWorkbookResponse> ImportWorkbookMethod = M<ImportWorkbookRequest, ImportWorkbookResponse>("ImportWorkbook");

    public Task<PolicyCatalogue> ListPoliciesAsync(ListPoliciesRequest request, CallOptions options = default) => Channel.UnaryAsync(ListPoliciesMethod, request, options);

    public Task<Evaluation> SaveDraftAsync(SaveDraftRequest request, CallOptions options = default) => Channel.UnaryAsync(SaveDraftMethod, request, options);

    public Task<Evaluation> GetEvaluationAsync(EvaluationRef request, CallOptions options = default) => Channel.UnaryAsync(GetEvaluationMethod, request, options);

    public Task<EvaluationList> ListUnitEvaluationsAsync(ListUnitEvaluationsRequest request, CallOptions options = default) => Channel.UnaryAsync(ListUnitEvaluationsMethod, request, options);

    public Task<Evaluation> SubmitEvaluationAsync(SubmitEvaluationRequest request, CallOptions options = default) => Channel.UnaryAsync(SubmitEvaluationMethod, request, options);

    public Task<Evaluation> ReturnEvaluationAsync(ReturnEvaluationRequest request, CallOptions options = default) => Channel.UnaryAsync(ReturnEvaluationMethod, request, options);

    public Task<Score> ScoreFormAsync(ScoreFormRequest request, CallOptions options = default) => Channel.UnaryAsync(ScoreFormMethod, request, options);

    public Task<ReviewQueue> GetReviewQueueAsync(GetReviewQueueRequest request, CallOptions options = default) => Channel.UnaryAsync(GetReviewQueueMethod, request, options);

    public Task<Ranking> GetRankingAsync(GetRankingRequest request, CallOptions options = default) => Channel.UnaryAsync(GetRankingMethod, request, options);

    public Task<Trend> GetTrendAsync(GetTrendRequest request, CallOptions options = default) => Channel.UnaryAsync(GetTrendMethod, request, options);

    public Task<ImportDisclosureResponse> ImportDisclosureAsync(ImportDisclosureRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportDisclosureMethod, request, options);

    public Task<ImportWorkbookResponse> ImportWorkbookAsync(ImportWorkbookRequest request, CallOptions options = default) => Channel.UnaryAsync(ImportWorkbookMethod, request, options);
}
