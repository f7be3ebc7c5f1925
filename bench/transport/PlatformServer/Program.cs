using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Grpc;
using Platform.ServiceDefaults;
using Platform.Testing;

// Usage: Platform.Bench.TransportServer [port]  — prints "PORT n" once serving.
var builder = WebApplication.CreateSlimBuilder();
builder.Configuration["Platform:GrpcPort"] = args.Length > 0 ? args[0] : "0";
builder.Configuration["Platform:HttpPort"] = "-1";
builder.Configuration["Platform:CallerSigningKey"] = Convert.ToBase64String(TestHost.SigningKey);
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.AddServiceDefaults("bench");
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcService<InteropTestService>();
await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
Console.WriteLine($"PORT {address.Port}");
await app.WaitForShutdownAsync();
