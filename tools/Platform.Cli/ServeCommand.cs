using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Gateway;

namespace Platform.Cli;

/// <summary>
/// `platform serve NAME`: one service in this process, configured by environment variables only
/// (Platform__*, ConnectionStrings__NAME, Messaging__RabbitMq, Cache__Redis): the production entry point
/// used by `run --distributed`, compose and Kubernetes.
/// </summary>
internal static class ServeCommand
{
    private static WebApplication Compose(WebApplicationBuilder builder, ServiceCatalog.Entry entry) => ServiceCatalog.Compose(builder, entry.Name, [entry]);

    public static Command Create()
    {
        var name = new Argument<string>("service")
        {
            Description = "要承载的服务：" + string.Join(", ", ServiceCatalog.Services.Select(s => s.Name)) + "，或 " + GatewayExtensions.Name,
        };
        var command = new Command("serve", "承载一个服务或网关（配置取自环境变量）。") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = ServiceCatalog.CreateBuilder();
            builder.Configuration.AddEnvironmentVariables();
            var app = parse.GetValue(name) == GatewayExtensions.Name
                ? builder.AddGateway().Build().MapGateway()
                : Compose(builder, ServiceCatalog.Find(parse.GetValue(name)!));
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
