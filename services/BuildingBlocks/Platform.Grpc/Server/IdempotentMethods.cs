using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Platform.Grpc.Client;

namespace Platform.Grpc;

/// <summary>
/// Which rpc being served its contract declares idempotent (descriptor.proto idempotency_level IDEMPOTENT or
/// NO_SIDE_EFFECTS), read from the generated service class behind the endpoint (its static Descriptor) once per method.
/// </summary>
internal static class IdempotentMethods
{
    private static readonly ConcurrentDictionary<string, bool> Known = new(StringComparer.Ordinal);

    public static bool IsIdempotent(ServerCallContext context)
    {
        if (Known.TryGetValue(context.Method, out var known))
        {
            return known;
        }
        var metadata = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>();
        if (metadata is null)
        {
            return false;
        }
        return Known.GetOrAdd(context.Method, static (_, m) => LookUp(m), metadata);
    }

    private static bool LookUp(GrpcMethodMetadata metadata)
    {
        // A handler derives from the generated Foo.FooBase, nested in the static class Foo that holds Foo.Descriptor.
        for (var type = metadata.ServiceType; type is not null; type = type.BaseType)
        {
            if (type.DeclaringType?.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is ServiceDescriptor service)
            {
                return service.FindMethodByName(metadata.Method.Name) is { } method && IdempotentRetries.IsIdempotent(method);
            }
        }
        return false;
    }
}
