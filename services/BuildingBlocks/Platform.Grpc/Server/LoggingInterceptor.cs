using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Platform.Grpc;

/// <summary>
/// One structured log line per call: method, caller subject, duration and outcome. Metadata values
/// are never logged (they may hold credentials).
/// </summary>
public sealed partial class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : IServerInterceptor
{
    public async Task InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                CallCompleted(logger, context.Method, context.Caller.Subject, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            CallFailed(logger, context.Method, context.Caller.Subject, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name, ex.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "gRPC {Method} by '{Caller}' completed in {ElapsedMs:0.0} ms")]
    private static partial void CallCompleted(ILogger logger, string method, string caller, double elapsedMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "gRPC {Method} by '{Caller}' failed after {ElapsedMs:0.0} ms: {ExceptionType}: {Reason}")]
    private static partial void CallFailed(ILogger logger, string method, string caller, double elapsedMs, string exceptionType, string reason);
}
