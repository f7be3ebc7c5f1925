using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Grpc;

/// <summary>
/// The services a host serves. Filled at start-up by MapGrpcService (which validates handlers);
/// frozen into a path lookup on the first request.
/// </summary>
public sealed class GrpcServiceRegistry
{
    private readonly List<(ServiceDescriptor Service, IReadOnlyList<ServerMethod> Methods)> _services = [];
    private FrozenDictionary<string, BoundMethod>? _lookup;
    private long _activeCalls;

    /// <summary>Calls being served right now; returns to zero when every stream has ended (no leaks).</summary>
    public long ActiveCalls => Interlocked.Read(ref _activeCalls);

    internal void CallStarted() => Interlocked.Increment(ref _activeCalls);

    internal void CallEnded() => Interlocked.Decrement(ref _activeCalls);

    public IReadOnlyList<ServiceDescriptor> Services => _services.Select(s => s.Service).ToList();

    internal void Add(Type handlerType, ServiceDescriptor service)
    {
        if (_lookup is not null)
        {
            throw new InvalidOperationException("Services must be mapped before the host starts serving.");
        }
        if (_services.Any(s => s.Service.FullName == service.FullName))
        {
            throw new InvalidOperationException($"Service {service.FullName} is mapped twice.");
        }
        _services.Add((service, ServiceBinder.Bind(handlerType, service)));
    }

    internal FrozenDictionary<string, BoundMethod> Freeze(IServiceProvider services)
    {
        if (_lookup is not null)
        {
            return _lookup;
        }
        var options = services.GetRequiredService<GrpcServerOptions>();
        var mapper = services.GetRequiredService<ExceptionStatusMapper>();
        var interceptors = services.GetServices<IServerInterceptor>().ToArray();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Grpc.Server");
        var lookup = new Dictionary<string, BoundMethod>(StringComparer.Ordinal);
        foreach (var (_, methods) in _services)
        {
            foreach (var method in methods)
            {
                ServerCallContinuation pipeline = method.RunAsync;
                for (var i = interceptors.Length - 1; i >= 0; i--)
                {
                    var interceptor = interceptors[i];
                    var next = pipeline;
                    pipeline = context => interceptor.InterceptAsync(context, next);
                }
                lookup[method.Path] = new BoundMethod(this, method.Descriptor, pipeline, options, mapper, logger);
            }
        }
        return _lookup = lookup.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>A method with its interceptor pipeline; runs one call and writes its status.</summary>
internal sealed class BoundMethod(
    GrpcServiceRegistry registry,
    MethodDescriptor descriptor, ServerCallContinuation pipeline, GrpcServerOptions options, ExceptionStatusMapper mapper, ILogger logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        registry.CallStarted();
        try
        {
            await HandleCoreAsync(http).ConfigureAwait(false);
        }
        finally
        {
            registry.CallEnded();
        }
    }

    private async Task HandleCoreAsync(HttpContext http)
    {
        using var call = new HttpServerCall(http, options, descriptor);
        Status status;
        Metadata? trailers = null;
        try
        {
            if (call.BadTimeout is not null)
            {
                throw new RpcException(StatusCode.Internal, $"Malformed grpc-timeout header '{call.BadTimeout}'.");
            }
            await pipeline(call.Context).ConfigureAwait(false);
            status = call.DeadlineExceeded ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded") : Status.DefaultSuccess;
        }
        catch (Exception ex) when (call.ClientAborted)
        {
            // The client reset the stream: there is nobody to send a status to.
            GrpcServerLog.CallAbortedByClient(logger, call.Context.Method, ex.GetType().Name);
            return;
        }
        catch (Exception ex) when (call.DeadlineExceeded && ex is OperationCanceledException or IOException)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (Exception ex)
        {
            (status, trailers) = mapper.Map(ex);
            if (status.Code == StatusCode.Unknown && ex is not RpcException)
            {
                GrpcServerLog.UnhandledException(logger, call.Context.Method, ex);
            }
        }
        if (call.ClientAborted)
        {
            return;
        }
        call.SetStatus(status, trailers);
    }
}

internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception in gRPC handler for {Method}")]
    public static partial void UnhandledException(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "gRPC call {Method} aborted by the client ({ExceptionType})")]
    public static partial void CallAbortedByClient(ILogger logger, string method, string exceptionType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "No gRPC method at {Path}: UNIMPLEMENTED")]
    public static partial void MethodNotFound(ILogger logger, string path);
}
