using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

public static class LifetimeExtensions
{
    /// <summary>
    /// Completes once the host listens (work that calls this process's own gRPC endpoint, such as the demo seeders,
    /// needs its address); cancelled with <paramref name="token"/>.
    /// </summary>
    public static async Task WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken token)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (token.Register(() => started.TrySetCanceled(token)))
        {
            await started.Task;
        }
    }
}
