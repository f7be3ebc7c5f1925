using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Testing.Events.V1;
using Platform.Testing.Ledger;

namespace Platform.Messaging.Tests;

/// <summary>Counts every delivery of AccountCredited to the projector, duplicates included.</summary>
internal sealed class DeliveryCounter : IConsumeObserver
{
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();

    public int Total => Deliveries.Values.Sum();

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is AccountCredited && context.MessageId is { } id)
        {
            Deliveries.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

internal static class MessagingHarness
{
    /// <summary>A consumer host: the projection database fed by AccountCredited through the inbox.</summary>
    public static async Task<(IHost Host, DeliveryCounter Counter)> StartProjectionAsync(DatabaseOptions database, MessagingOptions messaging)
    {
        var counter = new DeliveryCounter();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformDbContext<ProjectionDbContext>(database);
        builder.Services.AddPlatformMessaging<ProjectionDbContext>(messaging, _ => { },
            consumers: x => x.AddConsumer<AccountCreditedProjector, AccountCreditedProjectorDefinition>());
        // MassTransit attaches every IConsumeObserver registered in the container.
        builder.Services.AddSingleton<IConsumeObserver>(counter);
        var host = builder.Build();
        await host.StartAsync();
        return (host, counter);
    }

    public static async Task<List<CreditTotal>> TotalsAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProjectionDbContext>().Totals.AsNoTracking().OrderBy(t => t.AccountId).ToListAsync();
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(seconds),
                $"{what}: not reached within {seconds} s. Crash host said: {string.Join(Environment.NewLine, CrashHostErrors.TakeLast(3).Select(l => l.Length > 400 ? l[..400] : l))}");
            await Task.Delay(25);
        }
    }

    /// <summary>Runs the crash host in its own process and waits for its first line.</summary>
    public static readonly ConcurrentQueue<string> CrashHostErrors = new();

    public static async Task<Process> StartCrashHostAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Platform.Messaging.CrashHost.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) CrashHostErrors.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            await process.WaitForExitAsync();
            throw new InvalidOperationException("crash host exited: " + string.Join(Environment.NewLine, CrashHostErrors));
        }
        return process;
    }

    public static async Task<List<OutboxMessage>> OutboxAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new LedgerDbContext(options);
        return await db.OutboxMessages.AsNoTracking().ToListAsync();
    }
}
