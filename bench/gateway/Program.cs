using Grpc.Core;
using Grpc.Net.Client;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway;
using Platform.Gateway.Contracts;
using Platform.Gateway.Identity;
using Platform.Grpc;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Testing.V1;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

// Usage:
//   backend DOC.html APPLIED.log          a replica: InteropTest (gRPC) and JsonTest (gRPC and its JSON routes), GET
//                                         /public/v1/doc.html, POST /api/v1/apply/{id}; prints PORT (h2c) and HTTP (HTTP/1.1)
//   gateway BACKEND_URL...                the gateway in front of the replicas; prints GRPC, HTTP and TOKEN
//   failover DOC.html WORKDIR SECONDS     two replica processes behind an in-process gateway, one killed under load
return args[0] switch
{
    "backend" => await Backend(args[1], args[2]),
    "gateway" => await Gateway(args[1..]),
    "failover" => await Failover(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    _ => throw new ArgumentException($"unknown mode {args[0]}"),
};

static async Task<int> Backend(string document, string appliedLog)
{
    var html = await File.ReadAllBytesAsync(document);
    var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(html))[..16]}\"";
    var applied = new StreamWriter(appliedLog, append: true) { AutoFlush = true };
    var builder = WebApplication.CreateSlimBuilder();
    builder.Configuration["Platform:GrpcPort"] = "0";
    builder.Configuration["Platform:HttpPort"] = "0";
    builder.Configuration["Platform:CallerSigningKey"] = Convert.ToBase64String(TestHost.SigningKey);
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.AddServiceDefaults("bench-backend");
    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapGrpcService<InteropTestService>();
    app.MapGrpcService<JsonTestService>();
    app.MapGet("/public/v1/doc.html", (HttpContext http) =>
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.ETag = etag;
        return Results.Bytes(html, "text/html; charset=utf-8");
    });
    // Not idempotent: each arrival is one application, written down before the answer.
    app.MapPost("/api/v1/apply/{id}", (string id) =>
    {
        lock (applied)
        {
            applied.WriteLine(id);
        }
        return Results.Text("applied");
    });
    await app.StartAsync();
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
    Console.WriteLine($"PORT {addresses[0].Port}");
    Console.WriteLine($"HTTP {addresses[1].Port}");
    await app.WaitForShutdownAsync();
    return 0;
}

static WebApplication BuildGateway(IReadOnlyList<string> backends, IDictionary<string, string?>? extra = null)
{
    var builder = WebApplication.CreateSlimBuilder();
    var config = new Dictionary<string, string?>
    {
        ["Gateway:ShippedRoutes"] = "false",
        ["Platform:GrpcPort"] = "0",
        ["Platform:HttpPort"] = "0",
        ["Platform:CallerSigningKey"] = Convert.ToBase64String(TestHost.SigningKey),
        ["Gateway:Jwt:SigningKey"] = Convert.ToBase64String(BenchKey),
        // The benchmark measures forwarding, not the rate limiter.
        ["Gateway:RateLimits:Public:PerSecond"] = "1000000", ["Gateway:RateLimits:Public:Burst"] = "1000000",
        ["Gateway:RateLimits:Portal:PerSecond"] = "1000000", ["Gateway:RateLimits:Portal:Burst"] = "1000000",
        ["Logging:LogLevel:Default"] = "Warning",
        // Every request cut by the kill is logged by YARP as a warning; the summary counts them instead.
        ["Logging:LogLevel:Yarp"] = "Error",
        // The gRPC and JSON routes of InteropTest and JsonTest are the gateway's own, generated from their contracts for the
        // cluster named after their package (platform.testing → "testing"), as the shipped gateway does for the services.
        // Configured beside them, as a deployment could: an anonymous gRPC route, the plain-HTTP document and a write.
        ["ReverseProxy:Routes:grpc-public:ClusterId"] = "testing",
        ["ReverseProxy:Routes:grpc-public:Match:Path"] = "/platform.testing.v1.InteropTest/IdempotentCall",
        ["ReverseProxy:Routes:grpc-public:AuthorizationPolicy"] = "Anonymous",
        ["ReverseProxy:Routes:grpc-public:RateLimiterPolicy"] = "public",
        ["ReverseProxy:Routes:doc:ClusterId"] = "testing",
        ["ReverseProxy:Routes:doc:Match:Path"] = "/public/v1/{**rest}",
        ["ReverseProxy:Routes:doc:AuthorizationPolicy"] = "Anonymous",
        ["ReverseProxy:Routes:doc:RateLimiterPolicy"] = "public",
        ["ReverseProxy:Routes:doc:OutputCachePolicy"] = "public",
        ["ReverseProxy:Routes:apply:ClusterId"] = "testing",
        ["ReverseProxy:Routes:apply:Match:Path"] = "/api/v1/apply/{id}",
        ["ReverseProxy:Routes:apply:AuthorizationPolicy"] = "Anonymous",
        ["ReverseProxy:Clusters:testing:LoadBalancingPolicy"] = "PowerOfTwoChoices",
        ["ReverseProxy:Clusters:testing:HttpRequest:Version"] = "2",
        ["ReverseProxy:Clusters:testing:HttpRequest:VersionPolicy"] = "RequestVersionExact",
        ["ReverseProxy:Clusters:testing:HealthCheck:Active:Enabled"] = "true",
        ["ReverseProxy:Clusters:testing:HealthCheck:Active:Interval"] = "00:00:01",
        ["ReverseProxy:Clusters:testing:HealthCheck:Active:Timeout"] = "00:00:01",
        ["ReverseProxy:Clusters:testing:HealthCheck:Active:Policy"] = "ConsecutiveFailures",
        ["ReverseProxy:Clusters:testing:HealthCheck:Active:Path"] = "/health/ready",
        ["ReverseProxy:Clusters:testing:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
        ["ReverseProxy:Clusters:testing:HealthCheck:Passive:Enabled"] = "true",
        ["ReverseProxy:Clusters:testing:HealthCheck:Passive:Policy"] = "TransportFailureRate",
        ["ReverseProxy:Clusters:testing:HealthCheck:Passive:ReactivationPeriod"] = "00:00:30",
    };
    for (var i = 0; i < backends.Count; i++)
    {
        config[$"ReverseProxy:Clusters:testing:Destinations:r{i}:Address"] = backends[i];
    }
    builder.Configuration.AddInMemoryCollection(config);
    if (extra is not null)
    {
        builder.Configuration.AddInMemoryCollection(extra);
    }
    builder.AddGateway();
    builder.Services.AddSingleton(new GrpcDescriptorSource(InteropReflection.Descriptor));
    builder.Services.AddSingleton(new GrpcDescriptorSource(JsonTestReflection.Descriptor));
    return builder.Build().MapGateway();
}

static async Task<int> Gateway(string[] backends)
{
    var app = BuildGateway(backends);
    await app.StartAsync();
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
    Console.WriteLine($"GRPC {addresses[0].Port}");
    Console.WriteLine($"HTTP {addresses[1].Port}");
    Console.WriteLine($"TOKEN {DevelopmentTokens.Issue(BenchKey, "bench", ["reviewer"], "650000", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(4))}");
    await app.WaitForShutdownAsync();
    return 0;
}

static async Task<int> Failover(string document, string work, int seconds)
{
    var self = Environment.ProcessPath!;
    var dll = typeof(TestHost).Assembly.Location.Replace("Platform.Testing.dll", "Platform.Bench.Gateway.dll", StringComparison.Ordinal);
    var replicas = new List<(Process Process, string Url, string Log)>();
    for (var i = 0; i < 2; i++)
    {
        var log = Path.Combine(work, $"applied-{i}.log");
        var process = Process.Start(new ProcessStartInfo(self, [dll, "backend", document, log]) { RedirectStandardOutput = true })!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("replica did not start");
        replicas.Add((process, $"http://127.0.0.1:{line.Split(' ')[1]}/", log));
    }
    var gateway = BuildGateway(replicas.Select(r => r.Url).ToList());
    await gateway.StartAsync();
    var grpcPort = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    var httpPort = new Uri(gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Skip(1).First()).Port;
    var state = gateway.Services.GetRequiredService<IProxyStateLookup>();
    state.TryGetCluster("testing", out var cluster);
    while (cluster!.Destinations.Values.Any(d => d.Health.Active != DestinationHealth.Healthy))
    {
        await Task.Delay(50);
    }

    var token = DevelopmentTokens.Issue(BenchKey, "bench", ["reviewer"], "650000", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions());
    var client = new InteropTest.InteropTestClient(channel);
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    long reads = 0, readFailures = 0, writes = 0;
    var writeOutcomes = new ConcurrentDictionary<string, bool>();
    var readWorkers = Enumerable.Range(0, 8).Select(async _ =>
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.IdempotentCallAsync(new SimpleRequest { Text = "read" }, new CallOptions(headers: new Metadata { { "authorization", "Bearer " + token } }));
            }
            catch (RpcException)
            {
                Interlocked.Increment(ref readFailures);
            }
            Interlocked.Increment(ref reads);
        }
    }).ToList();
    var writeWorkers = Enumerable.Range(0, 2).Select(async _ =>
    {
        while (!stop.IsCancellationRequested)
        {
            var id = Guid.NewGuid().ToString("N");
            try
            {
                using var response = await http.PostAsync($"/api/v1/apply/{id}", new StringContent("change"));
                writeOutcomes[id] = response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                writeOutcomes[id] = false;
            }
            Interlocked.Increment(ref writes);
        }
    }).ToList();

    await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
    var victim = replicas[1];
    var readsBeforeKill = Interlocked.Read(ref reads);
    var killedAt = Stopwatch.GetTimestamp();
    victim.Process.Kill();
    var dead = cluster.Destinations.Values.Single(d => d.Model.Config.Address == victim.Url);
    while (dead.Health.Active != DestinationHealth.Unhealthy && dead.Health.Passive != DestinationHealth.Unhealthy)
    {
        await Task.Delay(10);
    }
    var markedAfter = Stopwatch.GetElapsedTime(killedAt);
    await Task.WhenAll(readWorkers.Concat(writeWorkers));

    var applications = replicas.SelectMany(r => File.Exists(r.Log) ? File.ReadAllLines(r.Log) : []).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
    var appliedTwice = applications.Count(a => a.Value > 1);
    var failedWrites = writeOutcomes.Count(w => !w.Value);
    var succeededButNotApplied = writeOutcomes.Count(w => w.Value && applications.GetValueOrDefault(w.Key) != 1);
    var failedButApplied = writeOutcomes.Count(w => !w.Value && applications.GetValueOrDefault(w.Key) > 0);
    Console.WriteLine($"idempotent reads: {reads} ({reads - readsBeforeKill} after the kill), failed: {readFailures}");
    Console.WriteLine($"dead replica marked unhealthy {markedAfter.TotalMilliseconds:0} ms after the kill (routing to it stops then; retries covered the gap)");
    Console.WriteLine($"non-idempotent posts: {writes}, failed cleanly: {failedWrites}, applied twice: {appliedTwice}, " +
                      $"succeeded but not applied once: {succeededButNotApplied}, failed but applied: {failedButApplied}");
    await gateway.StopAsync();
    replicas[0].Process.Kill();
    return readFailures == 0 && appliedTwice == 0 && succeededButNotApplied == 0 ? 0 : 1;
}

internal static partial class Program
{
    private static readonly byte[] BenchKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
}
