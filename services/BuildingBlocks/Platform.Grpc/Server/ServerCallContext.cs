using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Platform.Grpc.Security;

namespace Platform.Grpc;

/// <summary>What a handler knows about the call it serves: method, caller, metadata, deadline, cancellation.</summary>
public sealed class ServerCallContext
{
    private Metadata? _requestHeaders;

    internal ServerCallContext(HttpServerCall call, HttpContext httpContext, MethodDescriptor method, DateTime deadline, CancellationToken cancellationToken)
    {
        Call = call;
        HttpContext = httpContext;
        MethodDescriptor = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    internal HttpServerCall Call { get; }

    /// <summary>The underlying HTTP/2 request; for diagnostics and features the transport does not model.</summary>
    public HttpContext HttpContext { get; }

    public MethodDescriptor MethodDescriptor { get; }

    /// <summary>"/package.Service/Method".</summary>
    public string Method => HttpContext.Request.Path.Value ?? "";

    public string Peer => HttpContext.Connection.RemoteIpAddress is { } ip
        ? $"{ip}:{HttpContext.Connection.RemotePort}"
        : "unknown";

    /// <summary>UTC deadline from grpc-timeout; DateTime.MaxValue when the caller set none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM) or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    public IServiceProvider Services => HttpContext.RequestServices;

    /// <summary>Who is calling, verified from signed metadata; <see cref="CallerIdentity.Anonymous"/> if none was sent.</summary>
    public CallerIdentity Caller { get; internal set; } = CallerIdentity.Anonymous;

    public Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    /// <summary>Metadata sent with the final status.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>Compress response messages with gzip when the client accepts it. Set before the first write.</summary>
    public bool CompressResponses { get; set; }

    /// <summary>Sends response headers now (before any message). Allowed once.</summary>
    public Task WriteResponseHeadersAsync(Metadata headers) => Call.WriteResponseHeadersAsync(headers);

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in HttpContext.Request.Headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    metadata.AddDecoded(header.Key, value);
                }
            }
        }
        return metadata;
    }
}

/// <summary>Reads a stream of request messages (client and bidirectional streaming).</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}

/// <summary>Writes a stream of response messages; each write is flushed to the client.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public static class AsyncStreamReaderExtensions
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IAsyncStreamReader<T> reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
