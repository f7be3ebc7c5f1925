using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Grpc;

/// <summary>One bound rpc: reads requests, invokes the handler's method, writes responses.</summary>
internal abstract class ServerMethod(MethodDescriptor descriptor)
{
    public MethodDescriptor Descriptor { get; } = descriptor;

    public string Path { get; } = $"/{descriptor.Service.FullName}/{descriptor.Name}";

    public abstract Task RunAsync(ServerCallContext context);
}

/// <summary>Creates handler instances per call: from DI when registered there, else by constructor injection.</summary>
internal sealed class HandlerActivator<THandler> where THandler : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(THandler), Type.EmptyTypes);
    private bool? _registered;

    public (THandler Handler, bool Owned) Create(IServiceProvider services)
    {
        // Whether DI knows the handler never changes after start-up: ask once, not per call.
        _registered ??= services.GetService<IServiceProviderIsService>()?.IsService(typeof(THandler)) == true;
        return _registered.Value
            ? (services.GetRequiredService<THandler>(), false)
            : ((THandler)_factory(services, null), true);
    }

    public static async ValueTask ReleaseAsync(THandler handler, bool owned)
    {
        if (!owned)
        {
            return;
        }
        if (handler is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (handler is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}

internal sealed class UnaryServerMethod<THandler, TRequest, TResponse>(
    MethodDescriptor descriptor, Func<THandler, TRequest, ServerCallContext, Task<TResponse>> invoke) : ServerMethod(descriptor)
    where THandler : class
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());
    private readonly HandlerActivator<THandler> _activator = new();

    public override async Task RunAsync(ServerCallContext context)
    {
        var request = await context.Call.ReadSingleMessageAsync(Parser).ConfigureAwait(false);
        var (handler, owned) = _activator.Create(context.Services);
        try
        {
            var response = await invoke(handler, request, context).ConfigureAwait(false)
                ?? throw new RpcException(StatusCode.Internal, "The handler returned no response message.");
            await context.Call.WriteMessageAsync(response, flush: false).ConfigureAwait(false);
        }
        finally
        {
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned).ConfigureAwait(false);
        }
    }
}

internal sealed class ServerStreamingServerMethod<THandler, TRequest, TResponse>(
    MethodDescriptor descriptor, Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoke) : ServerMethod(descriptor)
    where THandler : class
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());
    private readonly HandlerActivator<THandler> _activator = new();

    public override async Task RunAsync(ServerCallContext context)
    {
        var request = await context.Call.ReadSingleMessageAsync(Parser).ConfigureAwait(false);
        var (handler, owned) = _activator.Create(context.Services);
        try
        {
            await invoke(handler, request, new ResponseStreamWriter<TResponse>(context.Call), context).ConfigureAwait(false);
        }
        finally
        {
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned).ConfigureAwait(false);
        }
    }
}

internal sealed class ClientStreamingServerMethod<THandler, TRequest, TResponse>(
    MethodDescriptor descriptor, Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> invoke) : ServerMethod(descriptor)
    where THandler : class
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private readonly HandlerActivator<THandler> _activator = new();

    public override async Task RunAsync(ServerCallContext context)
    {
        var (handler, owned) = _activator.Create(context.Services);
        try
        {
            var response = await invoke(handler, new RequestStreamReader<TRequest>(context.Call), context).ConfigureAwait(false)
                ?? throw new RpcException(StatusCode.Internal, "The handler returned no response message.");
            await context.Call.WriteMessageAsync(response, flush: false).ConfigureAwait(false);
        }
        finally
        {
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned).ConfigureAwait(false);
        }
    }
}

internal sealed class DuplexStreamingServerMethod<THandler, TRequest, TResponse>(
    MethodDescriptor descriptor, Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoke) : ServerMethod(descriptor)
    where THandler : class
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>
{
    private readonly HandlerActivator<THandler> _activator = new();

    public override async Task RunAsync(ServerCallContext context)
    {
        var (handler, owned) = _activator.Create(context.Services);
        try
        {
            await invoke(handler, new RequestStreamReader<TRequest>(context.Call), new ResponseStreamWriter<TResponse>(context.Call), context).ConfigureAwait(false);
        }
        finally
        {
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned).ConfigureAwait(false);
        }
    }
}

internal sealed class RequestStreamReader<T>(HttpServerCall call) : IAsyncStreamReader<T>
    where T : class, IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(() => new T());
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _current = await call.ReadMessageAsync(Parser).ConfigureAwait(false);
        return _current is not null;
    }
}

internal sealed class ResponseStreamWriter<T>(HttpServerCall call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        return call.WriteMessageAsync(message, flush: true);
    }
}
