using Google.Protobuf.Reflection;
using Grpc.Net.Client.Configuration;

namespace Platform.Grpc.Client;

/// <summary>
/// The retry policy of a peer's channel, as a gRPC service config (gRFC A6): only rpcs whose proto declares
/// idempotency_level NO_SIDE_EFFECTS or IDEMPOTENT (descriptor.proto MethodOptions) are retried, on UNAVAILABLE, with
/// exponential backoff and jitter within the call's deadline; anything else is never sent twice.
/// </summary>
public static class IdempotentRetries
{
    public static ServiceConfig For(params ServiceDescriptor[] services)
    {
        var idempotent = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 3,
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(2),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { global::Grpc.Core.StatusCode.Unavailable },
            },
        };
        foreach (var method in services.SelectMany(s => s.Methods).Where(IsIdempotent))
        {
            idempotent.Names.Add(new MethodName { Service = method.Service.FullName, Method = method.Name });
        }
        var config = new ServiceConfig();
        if (idempotent.Names.Count > 0)
        {
            config.MethodConfigs.Add(idempotent);
        }
        return config;
    }

    public static bool IsIdempotent(MethodDescriptor method) =>
        method.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;
}
