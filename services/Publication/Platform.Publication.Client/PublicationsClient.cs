using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Grpc.Client;
using Platform.Publication.V1;

namespace Platform.Publication.Client;

/// <summary>Typed client of platform.publication.v1.Publications.</summary>
public sealed class PublicationsClient(GrpcChannel channel) : GrpcClientBase(channel)
{
    private static readonly ServiceDescriptor Service = PublicationReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Publications");

    private static Method<TRequest, TResponse> M<TRequest, TResponse>(string name)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() => Method<TRequest, TResponse>.Create(Service, name);

    private static readonly Method<ListDocumentsRequest, DocumentPage> ListDocumentsMethod = M<ListDocumentsRequest, DocumentPage>("ListDocuments");
    private static readonly Method<GetDocumentRequest, Document> GetDocumentMethod = M<GetDocumentRequest, Document>("GetDocument");
    private static readonly Method<GetTableRequest, Table> GetTableMethod = M<GetTableRequest, Table>("GetTable");
    private static readonly Method<GetFeedRequest, Feed> GetFeedMethod = M<GetFeedRequest, Feed>("GetFeed");
    private static readonly Method<GetBulkRequest, Bulk> GetBulkMethod = M<GetBulkRequest, Bulk>("GetBulk");
    private static readonly Method<GetStatusRequest, PublicationStatus> GetStatusMethod = M<GetStatusRequest, PublicationStatus>("GetStatus");
    private static readonly Method<ListOverdueRequest, OverdueList> ListOverdueMethod = M<ListOverdueRequest, OverdueList>("ListOverdue");

    public Task<DocumentPage> ListDocumentsAsync(ListDocumentsRequest request, CallOptions options = default) => Channel.UnaryAsync(ListDocumentsMethod, request, options);

    public Task<Document> GetDocumentAsync(GetDocumentRequest request, CallOptions options = default) => Channel.UnaryAsync(GetDocumentMethod, request, options);

    public Task<Table> GetTableAsync(GetTableRequest request, CallOptions options = default) => Channel.UnaryAsync(GetTableMethod, request, options);

    public Task<Feed> GetFeedAsync(GetFeedRequest request, CallOptions options = default) => Channel.UnaryAsync(GetFeedMethod, request, options);

    public Task<Bulk> GetBulkAsync(GetBulkRequest request, CallOptions options = default) => Channel.UnaryAsync(GetBulkMethod, request, options);

    public Task<PublicationStatus> GetStatusAsync(GetStatusRequest request, CallOptions options = default) => Channel.UnaryAsync(GetStatusMethod, request, options);

    public Task<OverdueList> ListOverdueAsync(ListOverdueRequest request, CallOptions options = default) => Channel.UnaryAsync(ListOverdueMethod, request, options);
}
