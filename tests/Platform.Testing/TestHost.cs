using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc.Security;
using Platform.ServiceDefaults;

namespace Platform.Testing;

/// <summary>A real Kestrel host on 127.0.0.1, port 0, with the service defaults and the interop service.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public static readonly byte[] SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly WebApplication _app;

    private TestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestHost> StartAsync(
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        IDictionary<string, string?>? settings = null,
        bool mapInteropService = true,
        CapturingLoggerProvider? logSink = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:GrpcPort"] = "0",
            ["Platform:HttpPort"] = "-1",
            ["Platform:CallerSigningKey"] = Convert.ToBase64String(SigningKey),
            ["Platform:ShutdownTimeoutSeconds"] = "5",
            ["Logging:Format"] = "simple",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddServiceDefaults("test");
        if (logSink is not null)
        {
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
            builder.Logging.AddFilter((_, _) => true);
            builder.Logging.AddProvider(logSink);
        }
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        var active = new RequestCounter();
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref active.Count);
            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref active.Count);
            }
        });
        app.MapDefaultEndpoints();
        if (mapInteropService)
        {
            app.MapGrpcService<InteropTestService>();
            app.MapGrpcService<JsonTestService>();
        }
        configureApp?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new Uri(address)) { _active = active };
    }

    private RequestCounter _active = new();

    /// <summary>Requests (calls) being served right now; back to zero when every stream has ended (no leaks).</summary>
    public long ActiveRequests => Interlocked.Read(ref _active.Count);

    private sealed class RequestCounter
    {
        public long Count;
    }

    public static CallerTokenCodec Codec() => new(new CallerSigningOptions { Key = SigningKey });

    /// <summary>Call options carrying <paramref name="caller"/>, signed with the test key, as a platform peer would send it.</summary>
    public static CallOptions As(CallerIdentity caller, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
        new(headers: Codec().Headers(caller, DateTimeOffset.UtcNow), deadline: deadline, cancellationToken: cancellationToken);

    /// <summary>A channel to this host (HTTP/2 cleartext) with the official client.</summary>
    public GrpcChannel Channel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options ?? new GrpcChannelOptions());

    private int _disposed;

    /// <summary>Stops the host; safe to call again (tests stop a replica on purpose, then dispose it with the rest).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
