using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
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
            var service = parse.GetValue(name)!;
            var entry = ServiceCatalog.Services.FirstOrDefault(s => s.Name == service);
            if (entry is null && service != GatewayExtensions.Name)
            {
                await Console.Error.WriteLineAsync($"没有名为“{service}”的服务；可承载：{string.Join("、", ServiceCatalog.Services.Select(s => s.Name))}，或 {GatewayExtensions.Name}");
                return 2;
            }
            var builder = ServiceCatalog.CreateBuilder();
            builder.Configuration.AddEnvironmentVariables();
            try
            {
                var app = entry is null ? builder.AddGateway().Build().MapGateway() : Compose(builder, entry);
                await app.RunAsync(cancellationToken);
            }
            catch (OptionsValidationException ex)
            {
                // A setting missing or wrong (the Options validated at start): said as such, not as a crash with its stack.
                await Console.Error.WriteLineAsync($"{service} 的配置无效，未启动（配置取自环境变量，见 README“Configuration”）：");
                foreach (var failure in ex.Failures)
                {
                    await Console.Error.WriteLineAsync("  " + failure);
                }
                return 2;
            }
            return 0;
        });
        return command;
    }
}
