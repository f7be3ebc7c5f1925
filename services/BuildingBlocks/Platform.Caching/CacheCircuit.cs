using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Platform.Caching;

/// <summary>
/// Makes Redis optional (Polly's circuit breaker): a failed operation counts as a miss (reads) or is dropped (writes), and
/// once Redis has failed the circuit opens for <see cref="CacheOptions.RetryAfter"/>, during which every operation goes
/// straight to its fallback, so that callers do not pay a timeout on every request while Redis is down. Redis down means
/// slower, never failing. One circuit per process: the distributed cache and the output cache share the connection.
/// </summary>
internal sealed partial class CacheCircuit
{
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<CacheCircuit> _logger;

    public CacheCircuit(CacheOptions options, TimeProvider time, ILogger<CacheCircuit> logger)
    {
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Polly's smallest sample: two calls, and one failure among them is enough to open.
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, options.RetryAfter.TotalSeconds * 2)),
                BreakDuration = options.RetryAfter < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : options.RetryAfter,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnOpened = args =>
                {
                    CacheUnavailable(_logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.GetType().Name ?? "", args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The operation's result, or <paramref name="fallback"/> when Redis failed or the circuit is open.</summary>
    public async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> operation, T fallback, CancellationToken token)
    {
        try
        {
            return await _pipeline.ExecuteAsync(operation, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            if (ex is not BrokenCircuitException)
            {
                OperationFailed(_logger, ex.GetType().Name, ex.Message);
            }
            return fallback;
        }
    }

    public T Run<T>(Func<T> operation, T fallback) => RunAsync(_ => ValueTask.FromResult(operation()), fallback, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache unavailable, bypassing it for {Seconds} s: {ExceptionType}: {Reason}")]
    private static partial void CacheUnavailable(ILogger logger, double seconds, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cache operation failed, served without the cache: {ExceptionType}: {Reason}")]
    private static partial void OperationFailed(ILogger logger, string exceptionType, string reason);
}
