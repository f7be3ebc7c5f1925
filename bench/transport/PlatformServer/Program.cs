using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Domain;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.ServiceDefaults;
using Platform.Testing;

// Usage: Platform.Bench.TransportServer platform|bare [port]
//   platform  the server as every service host configures it (AddServiceDefaults: the platform's interceptor —
//             caller identity, exceptions, call logging —, health, reflection, JSON transcoding, gRPC-Web, limits);
//             prints "TOKEN t", a signed caller for the x-platform-caller header, so that every call is verified.
//   bare      Grpc.AspNetCore with nothing but AddGrpc(), the same handler: the library's own cost.
// Both print "PORT n" once serving.
var mode = args.Length > 0 ? args[0] : "platform";
var port = args.Length > 1 ? args[1] : "0";
var app = mode switch
{
    "platform" => Platform(port),
    "bare" => Bare(port),
    _ => throw new ArgumentException($"unknown mode {mode}: platform or bare"),
};
await app.StartAsync();
if (mode == "platform")
{
    // Signed for the whole run (a platform token lives minutes; the bench runs longer).
    var codec = new CallerTokenCodec(new CallerSigningOptions { Key = TestHost.SigningKey, Lifetime = TimeSpan.FromHours(12) });
    Console.WriteLine($"TOKEN {codec.Sign(new CallerIdentity("bench-clerk", [PlatformRoles.Clerk], "652300"), DateTimeOffset.UtcNow)}");
}
Console.WriteLine($"PORT {new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port}");
await app.WaitForShutdownAsync();

static WebApplication Platform(string port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Configuration["Platform:GrpcPort"] = port;
    builder.Configuration["Platform:HttpPort"] = "-1";
    builder.Configuration["Platform:CallerSigningKey"] = Convert.ToBase64String(TestHost.SigningKey);
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    builder.AddServiceDefaults("bench");
    var app = builder.Build();
    app.MapDefaultEndpoints();
    app.MapGrpcService<InteropTestService>();
    return app;
}

static WebApplication Bare(string port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(kestrel =>
        kestrel.Listen(System.Net.IPAddress.Loopback, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture),
            listen => listen.Protocols = HttpProtocols.Http2));
    builder.Services.AddGrpc();
    var app = builder.Build();
    app.MapGrpcService<InteropTestService>();
    return app;
}
