using System.Collections.Frozen;

using Google.Protobuf.Reflection;
using Platform.Api;

namespace Platform.Gateway.Contracts;

/// <summary>
/// Every rpc behind the gateway, read from the compiled descriptors, with what the contract declares about it: the cluster
/// that serves it (the service's package, platform.{cluster}.v1), whether it may be retried (descriptor.proto
/// idempotency_level), whether it is public (platform.api.access), its JSON routes (google.api.http) and the request fields
/// whose values the caller's jurisdiction must cover (platform.api.scope). Nothing here is per service: a new rpc or
/// service is a change to its .proto only.
/// </summary>
internal sealed class ContractCatalog
{
    private readonly FrozenDictionary<string, Rpc> _rpcs;

    public ContractCatalog(IEnumerable<GrpcDescriptorSource> sources)
    {
        var rpcs = new Dictionary<string, Rpc>(StringComparer.Ordinal);
        foreach (var service in sources.Select(s => s.File).Distinct().SelectMany(f => f.Services))
        {
            foreach (var method in service.Methods)
            {
                var rpc = Rpc.Of(method);
                rpcs[rpc.Path] = rpc;
            }
        }
        _rpcs = rpcs.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<Rpc> All => _rpcs.Values.OrderBy(r => r.Path, StringComparer.Ordinal);

    /// <summary>The rpc at a gRPC path ("/platform.registry.v1.UnitRegistry/GetUnit"), or null.</summary>
    public Rpc? Find(string path) => _rpcs.GetValueOrDefault(path);

    public bool IsIdempotent(string path) => Find(path)?.Idempotent == true;
}

/// <summary>One rpc as the gateway needs it.</summary>
internal sealed record Rpc(
    MethodDescriptor Method,
    string Path,
    string Cluster,
    bool Idempotent,
    bool Public,
    int CacheSeconds,
    IReadOnlyList<HttpBinding> Bindings,
    IReadOnlyList<ScopedField> Scopes)
{
    /// <summary>Scoped fields are looked for this deep into message fields (ref.unit_id is one level down).</summary>
    private const int MaxScopeDepth = 3;

    public static Rpc Of(MethodDescriptor method)
    {
        var options = method.GetOptions();
        var access = options?.GetExtension(Platform.Api.AnnotationsExtensions.Access);
        var rule = options?.GetExtension(Google.Api.AnnotationsExtensions.Http);
        var bindings = new List<HttpBinding>();
        if (rule is not null)
        {
            bindings.Add(HttpBinding.Of(method, rule, 0));
            bindings.AddRange(rule.AdditionalBindings.Select((r, i) => HttpBinding.Of(method, r, i + 1)));
        }
        var package = method.Service.File.Package.Split('.');
        return new Rpc(
            method,
            $"/{method.Service.FullName}/{method.Name}",
            package.Length >= 2 ? package[1] : method.Service.File.Package,
            options?.IdempotencyLevel is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects,
            access?.Public == true,
            access?.CacheSeconds ?? 0,
            bindings,
            ScopesOf(method.InputType, [], 0));
    }

    private static List<ScopedField> ScopesOf(MessageDescriptor message, IReadOnlyList<FieldDescriptor> prefix, int depth)
    {
        var scoped = new List<ScopedField>();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var path = prefix.Append(field).ToList();
            if (field.GetOptions()?.GetExtension(Platform.Api.AnnotationsExtensions.Scope) is { } scope and not Scope.Unspecified)
            {
                scoped.Add(new ScopedField(path, scope));
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && depth < MaxScopeDepth)
            {
                scoped.AddRange(ScopesOf(field.MessageType, path, depth + 1));
            }
        }
        return scoped;
    }
}

/// <summary>A request field the caller's jurisdiction must cover (or, for FISCAL_YEAR, the year units are placed in).</summary>
internal sealed record ScopedField(IReadOnlyList<FieldDescriptor> Path, Scope Scope)
{
    /// <summary>"ref.unit_id", as google.api.http and JSON transcoding's query parameters name it.</summary>
    public string ProtoPath { get; } = string.Join('.', Path.Select(f => f.Name));
}
