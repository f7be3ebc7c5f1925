using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace Platform.Gateway.Forwarding;

/// <summary>The proto files whose services the gateway fronts; hosts add theirs (tests add the interop service).</summary>
public sealed record GrpcDescriptorSource(FileDescriptor File);

/// <summary>
/// Every gRPC method behind the gateway by its path ("/platform.registry.v1.UnitRegistry/GetUnit"), from the compiled
/// descriptors: what the gateway needs to know about a call without a line of per-service code — whether it may be
/// retried (the proto's idempotency_level, descriptor.proto MethodOptions), and the request message, for the
/// jurisdiction check and for JSON transcoding.
/// </summary>
internal sealed class GrpcMethodCatalog
{
    private readonly FrozenDictionary<string, MethodDescriptor> _methods;

    public GrpcMethodCatalog(IEnumerable<GrpcDescriptorSource> sources)
    {
        var methods = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var service in source.File.Services)
            {
                foreach (var method in service.Methods)
                {
                    methods[$"/{service.FullName}/{method.Name}"] = method;
                }
            }
        }
        _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static IEnumerable<GrpcDescriptorSource> Platform() =>
    [
        new(global::Platform.Registry.V1.RegistryReflection.Descriptor),
        new(global::Platform.Accounts.V1.AccountsReflection.Descriptor),
        new(global::Platform.Performance.V1.PerformanceReflection.Descriptor),
        new(global::Platform.Assets.V1.AssetsReflection.Descriptor),
        new(global::Platform.Publication.V1.PublicationReflection.Descriptor),
    ];

    public MethodDescriptor? Find(string path) => _methods.GetValueOrDefault(path);

    /// <summary>Declared NO_SIDE_EFFECTS or IDEMPOTENT in the proto: safe to send again after a failure.</summary>
    public bool IsIdempotent(string path) =>
        Find(path)?.GetOptions()?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;

    public int Count => _methods.Count;
}
