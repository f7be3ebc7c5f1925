using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Platform.Grpc.Security;

namespace Platform.Grpc;

/// <summary>
/// The platform's server pipeline, one interceptor around every call of every kind (gRPC, gRPC-Web and JSON-transcoded
/// alike, since they share Grpc.AspNetCore's pipeline):
/// 1. caller identity — the signed x-platform-caller is verified before any handler runs (none: anonymous; forged or
///    expired: UNAUTHENTICATED), kept on the call (<see cref="CallerAccess"/>) and made ambient for the calls it makes;
/// 2. exceptions → statuses in one place (<see cref="ExceptionStatusMapper"/>);
/// 3. one log line per failed call (method, caller subject, duration, outcome) — metadata values are never logged;
/// 4. the platform-wide ceiling on request text (<see cref="RequestStringLimit"/>) and, for rpcs the contract declares
///    idempotent, one more run when an optimistic-concurrency race was lost (<see cref="RepeatOnConflictAsync"/>).
/// </summary>
public sealed partial class PlatformServerInterceptor(CallerTokenCodec codec, TimeProvider time, ILogger<PlatformServerInterceptor> logger) : Interceptor
{
    // Static lambdas over a state tuple: no closure or delegate is allocated per call.
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation) =>
        IdempotentMethods.IsIdempotent(context)
            ? AroundAsync(context, (continuation, request, context), static s => { RequestStringLimit.Check(s.request); return RepeatOnConflictAsync(s.continuation, s.request, s.context); })
            : AroundAsync(context, (continuation, request, context), static s => { RequestStringLimit.Check(s.request); return s.continuation(s.request, s.context); });

    /// <summary>How often an idempotent rpc is run when it loses an optimistic-concurrency race.</summary>
    internal const int ConflictAttempts = 3;

    /// <summary>
    /// An idempotent rpc gives a concurrent duplicate the same answer as the original: when it loses the race for the row
    /// (ConcurrencyConflictException; the failed save has discarded its unit of work), it runs again on what the winner
    /// committed — and, being idempotent, finds its work done. A non-idempotent rpc's conflict reaches the caller (ABORTED).
    /// </summary>
    private static async Task<TResponse> RepeatOnConflictAsync<TRequest, TResponse>(UnaryServerMethod<TRequest, TResponse> continuation, TRequest request,
        ServerCallContext context)
        where TRequest : class
        where TResponse : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await continuation(request, context).ConfigureAwait(false);
            }
            catch (Platform.Domain.ConcurrencyConflictException) when (attempt < ConflictAttempts && !context.CancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        AroundAsync(context, (continuation, requestStream, context), static s => s.continuation(s.requestStream, s.context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        AroundAsync(context, (continuation, request, responseStream, context),
            static async s => { RequestStringLimit.Check(s.request); await s.continuation(s.request, s.responseStream, s.context).ConfigureAwait(false); return true; });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        AroundAsync(context, (continuation, requestStream, responseStream, context),
            static async s => { await s.continuation(s.requestStream, s.responseStream, s.context).ConfigureAwait(false); return true; });

    private async Task<T> AroundAsync<TState, T>(ServerCallContext context, TState state, Func<TState, Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var caller = Authenticate(context);
            if (!caller.IsAnonymous)
            {
                // Ends with this method (see EnterForThisAsyncMethod): the handler and every call it makes act for the caller.
                CallerContext.EnterForThisAsyncMethod(caller);
            }
            return await call(state).ConfigureAwait(false);
        }
        catch (Exception ex) when (ExceptionStatusMapper.Map(ex) is { } mapped)
        {
            CallFailed(logger, context.Method, context.Caller.Subject, Stopwatch.GetElapsedTime(started).TotalMilliseconds, mapped.StatusCode, ex.Message);
            throw mapped;
        }
        catch (RpcException ex)
        {
            CallFailed(logger, context.Method, context.Caller.Subject, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.StatusCode, ex.Status.Detail);
            throw;
        }
    }

    private CallerIdentity Authenticate(ServerCallContext context)
    {
        // Straight from the request's headers: ServerCallContext.RequestHeaders would copy every header of every call into
        // a Metadata collection to read this one.
        string? token = context.GetHttpContext().Request.Headers[CallerSigningOptions.MetadataKey];
        if (string.IsNullOrEmpty(token))
        {
            return CallerIdentity.Anonymous;
        }
        if (!codec.TryVerify(token, time.GetUtcNow(), out var caller, out var reason))
        {
            throw new UnauthenticatedException(GrpcMessages.CredentialsRejected(reason));
        }
        context.UserState[CallerAccess.UserStateKey] = caller;
        return caller;
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "gRPC {Method} by '{Caller}' failed after {ElapsedMs:0.0} ms: {StatusCode}: {Reason}")]
    private static partial void CallFailed(ILogger logger, string method, string caller, double elapsedMs, StatusCode statusCode, string reason);
}
