namespace Platform.Grpc;

public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression); larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent; larger → RESOURCE_EXHAUSTED. Null: unlimited.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress every response with gzip when the client accepts it.</summary>
    public bool CompressResponses { get; set; }

    /// <summary>Put exception messages of unexpected errors into grpc-message. Off in production: they may hold internals.</summary>
    public bool EnableDetailedErrors { get; set; }
}
