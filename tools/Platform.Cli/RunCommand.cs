using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;
using Spectre.Console;

namespace Platform.Cli;

/// <summary>
/// `platform run`: every service (and, once issue 9 lands, the gateway) in this one process on the
/// embedded default. Each service issue adds its registration extension to <see cref="Compose"/>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var grpcPort = new Option<int>("--grpc-port") { Description = "Port of the gRPC endpoint (HTTP/2 cleartext).", DefaultValueFactory = _ => 5080 };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the HTTP/1.1 management endpoint (/health/live, /health/ready).", DefaultValueFactory = _ => 5081 };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Directory of the embedded SQLite databases.", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not load the demo data of the shared documents into empty databases." };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Each service as its own process on real PostgreSQL, RabbitMQ and Redis (handled by ./platform, scripts/run-distributed.sh).",
        };
        var command = new Command("run", "Start the whole platform in one process on the embedded default (no servers needed).")
        {
            grpcPort, httpPort, dataDir, bind, noDemo, distributed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(distributed))
            {
                Console.Error.WriteLine("Use ./platform run --distributed: the wrapper starts the servers, then one `platform serve` per service.");
                return 2;
            }
            var dir = parse.GetValue(dataDir)!;
            dir.Create();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Platform:GrpcPort"] = parse.GetValue(grpcPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Platform:HttpPort"] = parse.GetValue(httpPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Platform:BindAddress"] = parse.GetValue(bind),
                ["Platform:DataDirectory"] = dir.FullName,
                ["Registry:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                ["Accounts:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                ["Performance:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                ["Assets:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                ["Publication:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                ["Logging:Format"] = "simple",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            });
            // Environment variables still win (Platform__GrpcPort, …): they are added after.
            builder.Configuration.AddEnvironmentVariables();
            if (string.IsNullOrEmpty(builder.Configuration["Platform:CallerSigningKey"]))
            {
                builder.Configuration["Platform:CallerSigningKey"] = DevelopmentKey.LoadOrCreate(dir);
            }
            var app = ServiceCatalog.Compose(builder, "platform", ServiceCatalog.Services);
            await app.StartAsync(cancellationToken);
            PrintEndpoints(app, dir);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    internal static void PrintEndpoints(WebApplication app, DirectoryInfo dataDir)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var settings = app.Services.GetRequiredService<PlatformHostSettings>();
        var table = new Table().AddColumn("Endpoint").AddColumn("Address");
        foreach (var address in addresses)
        {
            var isGrpc = new Uri(address).Port == settings.GrpcPort || settings.GrpcPort == 0 && !address.EndsWith($":{settings.HttpPort}", StringComparison.Ordinal);
            table.AddRow(isGrpc ? "gRPC (HTTP/2 h2c): grpc.health.v1, server reflection" : "HTTP/1.1: /health/live, /health/ready, /public/v1/… (published disclosures)", address);
        }
        table.AddRow("Data directory", dataDir.FullName);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]Calls need a signed caller: ./platform token --role registry-admin --region 650000 (header x-platform-caller).[/]");
        AnsiConsole.MarkupLine("Platform is running. Press Ctrl+C to stop.");
    }
}
