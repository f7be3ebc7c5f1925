using Platform.ServiceDefaults;
using System.CommandLine;
using Platform.Gateway.Identity;
using Platform.Grpc.Security;

namespace Platform.Cli;

/// <summary>
/// `platform token`: a development bearer token for the gateway (HS256, issuer "platform", audience "platform-gateway"),
///   curl -H "Authorization: Bearer $(./platform token --role reviewer --jurisdiction 652300)" http://127.0.0.1:8080/…
/// signed with Gateway__Jwt__SigningKey when set, else the embedded default's key in the data directory.
/// `--internal` prints instead the service-to-service caller (x-platform-caller) for calls straight to a service,
/// which only the platform's own processes and developers on the machine should ever hold.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--subject") { Description = "Who the caller is.", DefaultValueFactory = _ => Environment.UserName };
        var roles = new Option<string[]>("--role")
        {
            Description = "A role (repeatable): clerk, unit-head, reviewer, admin, or one service's administrator (registry-admin, …).",
            AllowMultipleArgumentsPerToken = true,
        };
        var jurisdiction = new Option<string?>("--jurisdiction", "--region") { Description = "Jurisdiction: a 6-digit division code (650000 covers the whole region, 652300 a prefecture, 652301 a county)." };
        var unit = new Option<string?>("--unit") { Description = "The unit of a clerk or unit head." };
        var minutes = new Option<int>("--minutes") { Description = "Validity in minutes.", DefaultValueFactory = _ => 60 };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Data directory of `platform run`.", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var internalCaller = new Option<bool>("--internal") { Description = "Print the signed platform caller (header x-platform-caller) for calls straight to a service instead." };
        var command = new Command("token", "Print a development bearer token for the gateway (or, with --internal, a platform caller for a service).")
        {
            subject, roles, jurisdiction, unit, minutes, dataDir, internalCaller,
        };
        command.SetAction(parse =>
        {
            var lifetime = TimeSpan.FromMinutes(parse.GetValue(minutes));
            if (parse.GetValue(internalCaller))
            {
                var key = Environment.GetEnvironmentVariable("Platform__CallerSigningKey") is { Length: > 0 } configured
                    ? configured
                    : DevelopmentKeys.LoadOrCreate(parse.GetValue(dataDir)!);
                var codec = new CallerTokenCodec(new CallerSigningOptions { Key = Convert.FromBase64String(key), Lifetime = lifetime });
                var caller = new CallerIdentity(parse.GetValue(subject)!, parse.GetValue(roles) ?? [], parse.GetValue(jurisdiction), parse.GetValue(unit));
                Console.WriteLine(codec.Sign(caller, DateTimeOffset.UtcNow));
                return 0;
            }
            var jwtKey = Environment.GetEnvironmentVariable("Gateway__Jwt__SigningKey") is { Length: > 0 } gatewayKey
                ? gatewayKey
                : DevelopmentKeys.LoadOrCreateGatewayKey(parse.GetValue(dataDir)!);
            Console.WriteLine(DevelopmentTokens.Issue(Convert.FromBase64String(jwtKey), parse.GetValue(subject)!, parse.GetValue(roles) ?? [],
                parse.GetValue(jurisdiction), parse.GetValue(unit), DateTimeOffset.UtcNow, lifetime,
                Environment.GetEnvironmentVariable("Gateway__Jwt__Issuer") ?? GatewayJwtOptions.DefaultIssuer,
                Environment.GetEnvironmentVariable("Gateway__Jwt__Audience") ?? GatewayJwtOptions.DefaultAudience));
            return 0;
        });
        return command;
    }
}
