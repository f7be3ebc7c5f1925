using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway;
using Platform.ServiceDefaults;
using Spectre.Console;

namespace Platform.Cli;

/// <summary>
/// `platform run`: every service, and the gateway in front of them, in this one process on the
/// embedded default. Each service issue adds its registration extension to <see cref="Compose"/>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var grpcPort = new Option<int>("--grpc-port") { Description = "gRPC 端口（HTTP/2 明文）。", DefaultValueFactory = _ => 5080, CustomParser = r => CommandLineValues.Int(r, 0, 65535) };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP/1.1 管理端口（/health/live、/health/ready）。", DefaultValueFactory = _ => 5081, CustomParser = r => CommandLineValues.Int(r, 0, 65535) };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "内置 SQLite 数据库所在目录。", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var bind = new Option<string>("--bind") { Description = "监听地址。", DefaultValueFactory = _ => "127.0.0.1" };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "面向浏览器、门户和公开网站的网关端口（HTTP/1.1）。", DefaultValueFactory = _ => 8080, CustomParser = r => CommandLineValues.Int(r, 0, 65535) };
        var gatewayGrpcPort = new Option<int>("--gateway-grpc-port") { Description = "面向 gRPC 客户端的网关端口（HTTP/2 明文）。", DefaultValueFactory = _ => 8081, CustomParser = r => CommandLineValues.Int(r, 0, 65535) };
        var noDemo = new Option<bool>("--no-demo") { Description = "空数据库不载入演示数据。" };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "每个服务独立进程，使用真实的 PostgreSQL、RabbitMQ 和 Redis（由 ./platform 调用 scripts/run-distributed.sh）。",
        };
        var command = new Command("run", "以内置默认配置在一个进程中启动整个平台（无需另装服务器）。")
        {
            grpcPort, httpPort, gatewayPort, gatewayGrpcPort, dataDir, bind, noDemo, distributed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(distributed))
            {
                Console.Error.WriteLine("请用 ./platform run --distributed：该脚本先启动各服务器，再为每个服务启动一个 `platform serve`。");
                return 2;
            }
            var dir = parse.GetValue(dataDir)!;
            Platform.Persistence.OwnerOnlyData.EnsureDirectory(dir.FullName);
            var builder = ServiceCatalog.CreateBuilder();
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
                ["Identity:SeedDemo"] = parse.GetValue(noDemo) ? "false" : "true",
                // People sign in through the gateway: tokens name its address, the portal's callback is there, and the
                // embedded default is plain HTTP on this machine.
                ["Identity:Issuer"] = GatewayAddress(parse.GetValue(bind), parse.GetValue(gatewayPort)),
                ["Identity:PortalRedirectUris:0"] = GatewayAddress(parse.GetValue(bind), parse.GetValue(gatewayPort)) + "portal/signin-oidc",
                ["Identity:PortalPostLogoutRedirectUris:0"] = GatewayAddress(parse.GetValue(bind), parse.GetValue(gatewayPort)) + "portal/signout-callback-oidc",
                ["Identity:AllowHttp"] = "true",
                // The portal signs people in at the gateway and calls the services' contracts there, never a service.
                ["Portal:GatewayAddress"] = GatewayAddress(parse.GetValue(bind), parse.GetValue(gatewayPort)),
                ["Portal:AllowHttp"] = "true",
                ["Logging:Format"] = "simple",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            });
            // Environment variables still win (Platform__GrpcPort, …): they are added after.
            builder.Configuration.AddEnvironmentVariables();
            if (string.IsNullOrEmpty(builder.Configuration["Platform:CallerSigningKey"]))
            {
                builder.Configuration["Platform:CallerSigningKey"] = DevelopmentKeys.LoadOrCreate(dir);
            }
            var app = ServiceCatalog.Compose(builder, "platform", ServiceCatalog.Services);
            await app.StartAsync(cancellationToken);
            await using var gateway = BuildGateway(app, builder.Configuration["Platform:CallerSigningKey"]!, dir,
                parse.GetValue(gatewayGrpcPort), parse.GetValue(gatewayPort));
            await gateway.StartAsync(cancellationToken);
            PrintEndpoints(app, dir);
            PrintGateway(gateway, GatewayAddress(parse.GetValue(bind), parse.GetValue(gatewayPort)));
            await app.WaitForShutdownAsync(cancellationToken);
            await gateway.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The gateway as a second host in this process, in front of the services above: its shipped routes with every
    /// cluster pointed at this process's own gRPC and HTTP addresses, bearer tokens checked with the data directory's key.
    /// </summary>
    private static WebApplication BuildGateway(WebApplication services, string callerKey, DirectoryInfo dir, int grpcPort, int httpPort)
    {
        var settings = services.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
        var addresses = services.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel binds in the order listened: gRPC first, then HTTP/1.1. A wildcard bind is reached on loopback.
        string Local(Uri address) => $"http://{(address.Host is "0.0.0.0" or "[::]" ? "127.0.0.1" : address.Host)}:{address.Port}/";
        var grpc = Local(addresses[0]);
        var http = addresses.Count > 1 ? Local(addresses[1]) : grpc;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddEnvironmentVariables();
        var config = new Dictionary<string, string?>
        {
            ["Platform:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:BindAddress"] = settings.BindAddress,
            ["Platform:CallerSigningKey"] = callerKey,
            ["Gateway:Jwt:SigningKey"] = builder.Configuration["Gateway:Jwt:SigningKey"] is { Length: > 0 } configured ? configured : DevelopmentKeys.LoadOrCreateGatewayKey(dir),
            ["Logging:Format"] = "simple",
            ["Logging:LogLevel:Default"] = "Warning",
            ["ReverseProxy:Clusters:publication-http:Destinations:local:Address"] = http,
            ["ReverseProxy:Clusters:identity-http:Destinations:local:Address"] = http,
            ["ReverseProxy:Clusters:portal-http:Destinations:local:Address"] = http,
            // Tokens of the platform's own identity service: its issuer and published keys, read from this process.
            ["Gateway:Jwt:MetadataAddress"] = http + ".well-known/openid-configuration",
            ["Gateway:Jwt:AllowHttpMetadata"] = "true",
            // The registry the gateway asks where a unit lies (jurisdiction check).
            ["Services:registry"] = grpc.TrimEnd('/'),
        };
        foreach (var cluster in new[] { "registry", "accounts", "performance", "assets", "publication", "identity" })
        {
            config[$"ReverseProxy:Clusters:{cluster}:Destinations:local:Address"] = grpc;
        }
        // Added after the environment: the services' Platform__* settings must not move the gateway onto their ports.
        builder.Configuration.AddInMemoryCollection(config);
        return builder.AddGateway().Build().MapGateway();
    }

    /// <summary>The gateway's HTTP address as a browser on this machine reaches it (a wildcard bind on loopback).</summary>
    private static string GatewayAddress(string? bind, int port) =>
        $"http://{(bind is null or "" or "0.0.0.0" or "*" or "[::]" or "::" ? "127.0.0.1" : bind)}:{port}/";

    private static void PrintGateway(WebApplication gateway, string portal)
    {
        var addresses = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        var table = new Table().AddColumn("网关").AddColumn("地址");
        table.AddRow("gRPC（HTTP/2 h2c）：各服务，须持令牌（bearer token）", addresses[0]);
        if (addresses.Count > 1)
        {
            table.AddRow("HTTP/1.1：门户、JSON 接口 /api/…，公开接口 /public/v1/…（无需登录），/health/ready", addresses[1]);
        }
        AnsiConsole.Write(table);
        if (addresses.Count > 1)
        {
            var http = addresses[1].TrimEnd('/');
            AnsiConsole.MarkupLine($"OpenID Connect 发现文档：{Markup.Escape(http)}/.well-known/openid-configuration");
        }
        AnsiConsole.MarkupLine("[grey]网关的开发令牌：./platform token --role reviewer --jurisdiction 652300[/]");
        // The one address people need: the portal (public pages; 工作人员登录 signs in with the demo users of README.md).
        AnsiConsole.MarkupLine($"[bold]门户：{Markup.Escape(portal)}[/]（工作人员在 {Markup.Escape(portal)}portal 登录；演示用户与密码见 README.md）");
        AnsiConsole.MarkupLine("平台已启动。按 Ctrl+C 停止。");
    }

    internal static void PrintEndpoints(WebApplication app, DirectoryInfo dataDir)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
        var table = new Table().AddColumn("端点").AddColumn("地址");
        foreach (var address in addresses)
        {
            var isGrpc = new Uri(address).Port == settings.GrpcPort || settings.GrpcPort == 0 && !address.EndsWith($":{settings.HttpPort}", StringComparison.Ordinal);
            table.AddRow(isGrpc ? "gRPC（HTTP/2 h2c）：grpc.health.v1、服务反射" : "HTTP/1.1：/health/live、/health/ready、/public/v1/…（已公开的决算说明）", address);
        }
        table.AddRow("数据目录", dataDir.FullName);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]直接调用服务须带签名的调用方：./platform token --internal --role registry-admin --region 650000（请求头 x-platform-caller）。[/]");
    }
}
