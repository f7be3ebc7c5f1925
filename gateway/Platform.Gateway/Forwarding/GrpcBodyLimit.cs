using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Forwarding;

/// <summary>
/// Middleware: the gateway's request body limit (Gateway:Limits:MaxRequestBodyBytes) held for gRPC requests too.
/// </summary>
/// <remarks>
/// YARP's forwarder takes every gRPC request over HTTP/2 for a possible stream and lifts Kestrel's body limit and minimum
/// data rate for it (HttpForwarder, "Step 0: disable ASP.NET Core limits for streaming requests"). Left alone, an
/// anonymous public call or a client stream — requests nothing reads before the forwarder — would pass with no size limit,
/// and where the jurisdiction check has already read the first frame the lift fails with a warning in the log on every
/// call. So for gRPC the gateway takes the limit over from Kestrel: a counting stream around the body enforces it (a body
/// over it fails as Kestrel's own would, 413 → RESOURCE_EXHAUSTED), and the feature the forwarder sees may change the
/// limit but not remove it. The platform has no client-streaming methods of its own, so one limit for the whole body is
/// the right unit; the lifted minimum data rate is kept lifted, since a stream may rightly pause.
/// </remarks>
internal sealed class GrpcBodyLimit(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var kestrel = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (!GatewayErrors.IsGrpc(context.Request) || kestrel is not { IsReadOnly: false, MaxRequestBodySize: { } limit })
        {
            return next(context);
        }
        var body = new LimitedBody(context.Request.Body, limit, context.Request.ContentLength);
        kestrel.MaxRequestBodySize = null;
        context.Request.Body = body;
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(body);
        return next(context);
    }

    /// <summary>The request body, read through a count; and the limit's feature, which declines to be lifted.</summary>
    private sealed class LimitedBody(Stream inner, long limit, long? declaredLength) : Stream, IHttpMaxRequestBodySizeFeature
    {
        private long _read;
        private long _limit = limit;

        bool IHttpMaxRequestBodySizeFeature.IsReadOnly => false;

        long? IHttpMaxRequestBodySizeFeature.MaxRequestBodySize
        {
            get => _limit;
            // null is the forwarder lifting the limit for a stream: declined. A new limit (a route's own) is taken.
            set
            {
                if (value is { } changed)
                {
                    _limit = changed;
                }
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(0);
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Check(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Check(0);
            var read = inner.Read(buffer, offset, count);
            Check(read);
            return read;
        }

        private void Check(int read)
        {
            _read += read;
            if (_read > _limit || declaredLength > _limit)
            {
                // What Kestrel throws for a body over its limit, so every reader's error path treats both alike.
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
