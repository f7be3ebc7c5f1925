using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Persistence;

namespace Platform.Testing;

/// <summary>Waits for what an event consumer does eventually: polls a condition until it holds, or fails naming what never happened.</summary>
public static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> holds, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Waited {seconds} s for {what}; last seen: {value}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the service's outbox has published an event of each named type (by its short name).</summary>
    public static Task PublishedAsync<TContext>(IServiceProvider services, params string[] types) where TContext : PlatformDbContext =>
        UntilAsync(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<TContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.PublishedAt != null).Select(m => m.Type).ToListAsync();
        }, published => types.All(t => published.Any(p => p.EndsWith("." + t, StringComparison.Ordinal))), "events published: " + string.Join(", ", types));
}
