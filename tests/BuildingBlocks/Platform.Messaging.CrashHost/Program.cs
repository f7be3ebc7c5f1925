using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Messaging;
using Platform.Persistence;
using Platform.Testing.Events.V1;
using Platform.Testing.Ledger;

// Usage: crash-host write|dispatch <postgres connection string> <amqp uri> [count]
//   write:    commit <count> credits with their outbox rows, print "COMMITTED <count>", then wait to be killed
//   dispatch: publish whatever the outbox holds, print "DISPATCHING", run until killed
var mode = args[0];
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddPlatformDbContext<LedgerDbContext>(new DatabaseOptions(DatabaseProvider.PostgreSql, args[1]));
builder.Services.AddPlatformMessaging<LedgerDbContext>(
    new MessagingOptions(new Uri(args[2])),
    events => events.Add<AccountCredited>(),
    outbox: o => o.DispatchEnabled = mode == "dispatch");
using var host = builder.Build();
await host.StartAsync();

if (mode == "write")
{
    var count = int.Parse(args[3]);
    for (var i = 1; i <= count; i++)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        await db.CreditAsync($"acct-{i % 3}", 10.01m * i, i, DateTimeOffset.UtcNow);
    }
    Console.WriteLine($"COMMITTED {count}");
}
else
{
    Console.WriteLine("DISPATCHING");
}
await Task.Delay(Timeout.Infinite);
