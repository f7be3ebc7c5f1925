namespace Platform.Grpc;

/// <summary>The rest of the pipeline: later interceptors, then reading, the handler and writing.</summary>
public delegate Task ServerCallContinuation(ServerCallContext context);

/// <summary>
/// Wraps every call on the server (logging, caller identity, authorization, metrics).
/// Registered in DI as singletons and run in registration order. An interceptor that throws ends
/// the call with the status the exception maps to (see <see cref="ExceptionStatusMapper"/>).
/// </summary>
public interface IServerInterceptor
{
    Task InterceptAsync(ServerCallContext context, ServerCallContinuation next);
}
