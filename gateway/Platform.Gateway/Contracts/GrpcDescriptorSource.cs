using Google.Protobuf.Reflection;

namespace Platform.Gateway.Contracts;

/// <summary>A proto file whose services the gateway fronts; hosts add theirs (tests add their test services).</summary>
public sealed record GrpcDescriptorSource(FileDescriptor File)
{
    public static IEnumerable<GrpcDescriptorSource> Platform() =>
    [
        new(global::Platform.Registry.V1.RegistryReflection.Descriptor),
        new(global::Platform.Accounts.V1.AccountsReflection.Descriptor),
        new(global::Platform.Performance.V1.PerformanceReflection.Descriptor),
        new(global::Platform.Assets.V1.AssetsReflection.Descriptor),
        new(global::Platform.Publication.V1.PublicationReflection.Descriptor),
        new(global::Platform.Identity.V1.IdentityReflection.Descriptor),
    ];
}
