using Platform.Grpc.Security;

namespace Platform.Grpc.Client;

public sealed class GrpcChannelOptions
{
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    public int? MaxSendMessageSize { get; set; }

    /// <summary>Gzip request messages by default (a call may override).</summary>
    public bool CompressRequests { get; set; }

    /// <summary>Attempts for idempotent calls that fail with UNAVAILABLE (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, the ambient or per-call caller is signed into every outgoing call.</summary>
    public CallerTokenCodec? CallerCodec { get; set; }

    /// <summary>Custom handler (tests, TLS settings). Default: one SocketsHttpHandler for the channel's lifetime.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
