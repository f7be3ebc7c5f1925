using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Platform.Grpc;

/// <summary>
/// One gRPC call on one HTTP/2 stream: reads request frames, writes response frames and the final
/// status, and owns the deadline. Not thread-safe, like the stream it wraps.
/// </summary>
internal sealed class HttpServerCall : IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcServerOptions _options;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly CancellationTokenSource? _linkedCts;
    private readonly string? _requestEncoding;
    private bool _headersSent;
    private bool _messageWritten;
    private bool _compressResolved;
    private bool _compress;

    public HttpServerCall(HttpContext http, GrpcServerOptions options, MethodDescriptor method)
    {
        _http = http;
        _options = options;

        var deadline = DateTime.MaxValue;
        var token = http.RequestAborted;
        var timeoutHeader = http.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                BadTimeout = timeoutHeader;
            }
            else
            {
                deadline = DateTime.UtcNow + timeout;
                // CancelAfter takes at most int.MaxValue ms (~24.8 days); longer means "no deadline" in practice.
                if (timeout.TotalMilliseconds < int.MaxValue)
                {
                    _deadlineCts = new CancellationTokenSource(timeout);
                    _linkedCts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _deadlineCts.Token);
                    token = _linkedCts.Token;
                }
            }
        }
        _requestEncoding = http.Request.Headers[GrpcProtocol.EncodingHeader].ToString() is { Length: > 0 } e ? e : null;

        // Streams may last long and carry many messages: lift Kestrel's per-request body limits and
        // enforce the platform's own per-message limit instead (platform-notes: "Streaming").
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }

        var response = http.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        Context = new ServerCallContext(this, http, method, deadline, token);
    }

    public ServerCallContext Context { get; }

    /// <summary>A grpc-timeout the server could not parse; the call fails with INTERNAL before any handler runs.</summary>
    public string? BadTimeout { get; }

    public bool DeadlineExceeded => _deadlineCts?.IsCancellationRequested == true;

    public bool ClientAborted => _http.RequestAborted.IsCancellationRequested;

    public async Task<T> ReadSingleMessageAsync<T>(MessageParser<T> parser) where T : class, IMessage<T>
    {
        var message = await ReadMessageAsync(parser).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, "Request did not include a message.");
        // A unary request holds exactly one message: read to END_STREAM to be sure.
        if (await ReadMessageAsync(parser).ConfigureAwait(false) is not null)
        {
            throw new RpcException(StatusCode.Internal, "Unary request included more than one message.");
        }
        return message;
    }

    /// <summary>Next request message, or null at the end of the request stream.</summary>
    public async Task<T?> ReadMessageAsync<T>(MessageParser<T> parser) where T : class, IMessage<T>
    {
        var reader = _http.Request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(Context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ClientAborted)
            {
                throw new OperationCanceledException("The client cancelled the call.", ex, _http.RequestAborted);
            }
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (MessageFraming.TryReadFrame(ref buffer, _options.MaxReceiveMessageSize, out var compressed, out var payload))
                {
                    var message = MessageFraming.ParsePayload(parser, payload, compressed, _requestEncoding, _options.MaxReceiveMessageSize);
                    consumed = buffer.Start;
                    return message;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new RpcException(StatusCode.Internal, "Incomplete message: the request ended inside a frame.");
                    }
                    consumed = buffer.End;
                    return null;
                }
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException();
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, result.Buffer.End);
            }
        }
    }

    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        if (_headersSent)
        {
            throw new InvalidOperationException("Response headers were already sent.");
        }
        foreach (var entry in headers)
        {
            _http.Response.Headers.Append(entry.Key, entry.HeaderValue);
        }
        ResolveCompression();
        _headersSent = true;
        await _http.Response.BodyWriter.FlushAsync(Context.CancellationToken).ConfigureAwait(false);
    }

    public async Task WriteMessageAsync(IMessage message, bool flush)
    {
        Context.CancellationToken.ThrowIfCancellationRequested();
        ResolveCompression();
        var writer = _http.Response.BodyWriter;
        var max = _options.MaxSendMessageSize;
        if (_compress)
        {
            var frame = MessageFraming.EncodeFrame(message, compress: true);
            CheckSendSize(frame.Length - GrpcProtocol.FrameHeaderSize, max);
            writer.Write(frame);
        }
        else
        {
            if (max is not null)
            {
                CheckSendSize(message.CalculateSize(), max);
            }
            MessageFraming.WriteFrame(writer, message);
        }
        _messageWritten = true;
        _headersSent = true;
        if (flush)
        {
            var result = await writer.FlushAsync(Context.CancellationToken).ConfigureAwait(false);
            if (result.IsCanceled || result.IsCompleted)
            {
                throw new OperationCanceledException("The client is gone.");
            }
        }
    }

    private static void CheckSendSize(int size, int? max)
    {
        if (max is { } limit && size > limit)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {limit})");
        }
    }

    private void ResolveCompression()
    {
        if (_compressResolved)
        {
            return;
        }
        _compressResolved = true;
        var wants = Context.CompressResponses || _options.CompressResponses;
        if (wants && ClientAccepts(GrpcProtocol.GzipEncoding))
        {
            _compress = true;
            _http.Response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.GzipEncoding;
        }
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var value in _http.Request.Headers[GrpcProtocol.AcceptEncodingHeader])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Ends the call with a status. Before any header or message was sent the status goes in the
    /// response headers ("Trailers-Only", PROTOCOL-HTTP2.md); otherwise in HTTP/2 trailers.
    /// </summary>
    public void SetStatus(Status status, Metadata? extraTrailers)
    {
        var response = _http.Response;
        var trailersOnly = !_headersSent && !_messageWritten && !response.HasStarted;
        var code = GrpcProtocol.StatusText(status.Code);

        void Put(string key, string value)
        {
            if (trailersOnly)
            {
                response.Headers.Append(key, value);
            }
            else
            {
                response.AppendTrailer(key, value);
            }
        }

        Put(GrpcProtocol.StatusTrailer, code);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            Put(GrpcProtocol.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }
        foreach (var entry in Context.ResponseTrailers)
        {
            Put(entry.Key, entry.HeaderValue);
        }
        if (extraTrailers is not null)
        {
            foreach (var entry in extraTrailers)
            {
                Put(entry.Key, entry.HeaderValue);
            }
        }
    }

    public void Dispose()
    {
        _linkedCts?.Dispose();
        _deadlineCts?.Dispose();
    }
}
