using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Platform.Grpc.Client;

/// <summary>
/// A client's handle on one rpc, made from the protoc descriptor so that callers never spell
/// method paths and the message types are checked once, when the typed client is built.
/// </summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>, new()
{
    private Method(MethodDescriptor descriptor)
    {
        Descriptor = descriptor;
        Path = $"/{descriptor.Service.FullName}/{descriptor.Name}";
        // descriptor.proto: idempotency_level; only NO_SIDE_EFFECTS and IDEMPOTENT calls are retried.
        IsIdempotent = descriptor.GetOptions()?.IdempotencyLevel is
            MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects;
    }

    public MethodDescriptor Descriptor { get; }
    public string Path { get; }
    public bool IsIdempotent { get; }
    internal MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());

    public static Method<TRequest, TResponse> Create(ServiceDescriptor service, string name)
    {
        var method = service.FindMethodByName(name)
            ?? throw new ArgumentException($"Service {service.FullName} has no rpc named {name}.", nameof(name));
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"rpc {service.FullName}.{name} is {method.InputType.ClrType.Name} → {method.OutputType.ClrType.Name}, not {typeof(TRequest).Name} → {typeof(TResponse).Name}.");
        }
        return new Method<TRequest, TResponse>(method);
    }
}

/// <summary>Per-call settings.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    bool? CompressRequest = null,
    Security.CallerIdentity? Caller = null)
{
    public CallOptions WithTimeout(TimeSpan timeout) => this with { Deadline = DateTime.UtcNow + timeout };
}

/// <summary>A unary response with the metadata the server sent around it.</summary>
public sealed record UnaryResult<TResponse>(TResponse Message, Metadata ResponseHeaders, Metadata Trailers);

/// <summary>Base of the platform's typed clients: one per service, methods named like the rpcs.</summary>
public abstract class GrpcClientBase(GrpcChannel channel)
{
    protected GrpcChannel Channel { get; } = channel;
}
