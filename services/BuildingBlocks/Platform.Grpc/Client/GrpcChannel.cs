using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Platform.Grpc.Security;

namespace Platform.Grpc.Client;

/// <summary>
/// A connection to one gRPC server over HTTP/2 (h2c or TLS) on HttpClient. One channel per target,
/// shared by all its typed clients: the underlying SocketsHttpHandler reuses connections and opens
/// more HTTP/2 connections when streams run out.
/// Protocol notes: PROTOCOL-HTTP2.md and ../shared/platform-notes.md §"The gRPC wire protocol".
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private static readonly string UserAgent = $"platform-grpc-dotnet/{typeof(GrpcChannel).Assembly.GetName().Version}";
    private readonly HttpClient _http;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler, disposeHandler: options.HttpHandler is null)
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) => new(address, options ?? new GrpcChannelOptions());

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
        => (await UnaryCallAsync(method, request, options).ConfigureAwait(false)).Message;

    /// <summary>Unary call; idempotent methods are retried on UNAVAILABLE with exponential backoff within the deadline.</summary>
    public async Task<UnaryResult<TResponse>> UnaryCallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        var frame = EncodeRequest(request, options);
        var attempts = method.IsIdempotent ? Math.Max(1, Options.MaxAttempts) : 1;
        var backoff = Options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await UnaryOnceAsync(method, frame, options).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < attempts)
            {
                // Full jitter (AWS architecture blog "Exponential Backoff And Jitter"), bounded by the deadline.
                var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * backoff.TotalMilliseconds);
                if (options.Deadline is { } deadline && Options.TimeProvider.GetUtcNow().UtcDateTime + delay >= deadline)
                {
                    throw;
                }
                await Task.Delay(delay, Options.TimeProvider, options.CancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(Options.MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    /// <summary>Starts a server-streaming call. Dispose the call to cancel it (sends RST_STREAM).</summary>
    public ServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        var frame = EncodeRequest(request, options);
        var scope = new CallScope(options, Options.TimeProvider);
        var responseTask = SendAsync(method.Path, frame, options, scope);
        return new ServerStreamingCall<TResponse>(responseTask, scope, method.ResponseParser, Options.MaxReceiveMessageSize);
    }

    private async Task<UnaryResult<TResponse>> UnaryOnceAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, byte[] frame, CallOptions options)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var scope = new CallScope(options, Options.TimeProvider);
        using var response = await SendAsync(method.Path, frame, options, scope).ConfigureAwait(false);
        var headers = ResponseReader.ReadHeaders(response);
        if (ResponseReader.TrailersOnlyStatus(response) is { } early)
        {
            if (early.Status.Code == StatusCode.OK)
            {
                throw new RpcException(StatusCode.Internal, "The server returned OK with no response message.");
            }
            throw new RpcException(early.Status, early.Trailers);
        }
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
            var encoding = ResponseReader.Encoding(response);
            var message = await ResponseReader.ReadMessageAsync(stream, method.ResponseParser, encoding, Options.MaxReceiveMessageSize, scope.Token).ConfigureAwait(false);
            if (message is not null
                && await ResponseReader.ReadMessageAsync(stream, method.ResponseParser, encoding, Options.MaxReceiveMessageSize, scope.Token).ConfigureAwait(false) is not null)
            {
                throw new RpcException(StatusCode.Internal, "The server sent more than one message for a unary call.");
            }
            var (status, trailers) = ResponseReader.ReadTrailers(response);
            if (status.Code != StatusCode.OK)
            {
                throw new RpcException(status, trailers);
            }
            if (message is null)
            {
                throw new RpcException(StatusCode.Internal, "The server returned OK with no response message.");
            }
            return new UnaryResult<TResponse>(message, headers, trailers);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw scope.Translate(ex);
        }
    }

    private byte[] EncodeRequest(IMessage request, CallOptions options)
    {
        var compress = options.CompressRequest ?? Options.CompressRequests;
        var frame = MessageFraming.EncodeFrame(request, compress);
        if (Options.MaxSendMessageSize is { } max && frame.Length - GrpcProtocol.FrameHeaderSize > max)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({frame.Length - GrpcProtocol.FrameHeaderSize} vs. {max})");
        }
        return frame;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, byte[] frame, CallOptions options, CallScope scope)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        request.Content = content;
        var h = request.Headers;
        h.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        h.TryAddWithoutValidation(GrpcProtocol.UserAgentHeader, UserAgent);
        h.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (frame[0] == 1)
        {
            h.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.GzipEncoding);
        }
        if (scope.Remaining is { } remaining)
        {
            h.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }
        if (options.Headers is not null)
        {
            foreach (var entry in options.Headers)
            {
                h.TryAddWithoutValidation(entry.Key, entry.HeaderValue);
            }
        }
        var caller = options.Caller ?? CallerContext.Current;
        if (Options.CallerCodec is { } codec && !caller.IsAnonymous)
        {
            h.TryAddWithoutValidation(CallerSigningOptions.MetadataKey, codec.Sign(caller, Options.TimeProvider.GetUtcNow()));
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            request.Dispose();
            throw scope.Translate(ex);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = GrpcProtocol.FromHttpStatus((int)response.StatusCode);
            response.Dispose();
            throw new RpcException(code, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            response.Dispose();
            throw new RpcException(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}");
        }
        return response;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Deadline and cancellation of one call attempt; turns low-level failures into statuses.</summary>
internal sealed class CallScope : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _callerToken;
    private readonly bool _hasDeadline;

    public CallScope(CallOptions options, TimeProvider time)
    {
        _callerToken = options.CancellationToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        if (options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            _hasDeadline = true;
            var remaining = deadline - time.GetUtcNow().UtcDateTime;
            Remaining = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
            if (Remaining.Value.TotalMilliseconds < int.MaxValue)
            {
                _cts.CancelAfter(Remaining.Value);
            }
        }
    }

    public TimeSpan? Remaining { get; }

    public CancellationToken Token => _cts.Token;

    public RpcException Translate(Exception ex)
    {
        if (ex is RpcException rpc)
        {
            return rpc;
        }
        if (_callerToken.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."), null, ex);
        }
        if (_hasDeadline && _cts.IsCancellationRequested)
        {
            return new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), null, ex);
        }
        return ex switch
        {
            HttpRequestException or IOException => new RpcException(new Status(StatusCode.Unavailable, "Error talking to the server: " + ex.Message), null, ex),
            _ => new RpcException(new Status(StatusCode.Internal, "Error reading the response: " + ex.Message), null, ex),
        };
    }

    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    public void Dispose() => _cts.Dispose();
}

/// <summary>Reads frames, headers and trailers of a gRPC response.</summary>
internal static class ResponseReader
{
    public static string? Encoding(HttpResponseMessage response) =>
        response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;

    public static Metadata ReadHeaders(HttpResponseMessage response)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in response.Headers)
        {
            if (GrpcProtocol.IsReservedHeader(key) || key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                metadata.AddDecoded(key, value);
            }
        }
        return metadata;
    }

    /// <summary>The status of a Trailers-Only response (grpc-status among the headers), if it is one.</summary>
    public static (Status Status, Metadata Trailers)? TrailersOnlyStatus(HttpResponseMessage response) =>
        response.Headers.Contains(GrpcProtocol.StatusTrailer) ? StatusFrom(response.Headers) : null;

    public static (Status Status, Metadata Trailers) ReadTrailers(HttpResponseMessage response)
    {
        if (!response.TrailingHeaders.Contains(GrpcProtocol.StatusTrailer))
        {
            return (new Status(StatusCode.Internal, "No grpc-status found on response."), new Metadata());
        }
        return StatusFrom(response.TrailingHeaders);
    }

    private static (Status, Metadata) StatusFrom(HttpHeaders headers)
    {
        var raw = headers.GetValues(GrpcProtocol.StatusTrailer).First();
        var code = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? (StatusCode)c : StatusCode.Unknown;
        var message = headers.TryGetValues(GrpcProtocol.MessageTrailer, out var m) ? PercentEncoding.Decode(m.First()) : "";
        var trailers = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (key.Equals(GrpcProtocol.StatusTrailer, StringComparison.OrdinalIgnoreCase)
                || key.Equals(GrpcProtocol.MessageTrailer, StringComparison.OrdinalIgnoreCase)
                || GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            foreach (var value in values)
            {
                trailers.AddDecoded(key, value);
            }
        }
        return (new Status(code, message), trailers);
    }

    /// <summary>Next message, or null at a clean end of the body.</summary>
    public static async Task<T?> ReadMessageAsync<T>(Stream stream, MessageParser<T> parser, string? encoding, int maxSize, CancellationToken token)
        where T : class, IMessage<T>
    {
        var header = new byte[GrpcProtocol.FrameHeaderSize];
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, token).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }
        if (read < header.Length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message frame in response.");
        }
        if (header[0] > 1)
        {
            throw new RpcException(StatusCode.Internal, $"Invalid compressed-flag {header[0]} in response frame.");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({length} vs. {maxSize}).");
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            await stream.ReadExactlyAsync(buffer.AsMemory(0, (int)length), token).ConfigureAwait(false);
            return MessageFraming.ParsePayload(parser, new ReadOnlySequence<byte>(buffer, 0, (int)length), header[0] == 1, encoding, maxSize);
        }
        catch (EndOfStreamException)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message frame in response.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
