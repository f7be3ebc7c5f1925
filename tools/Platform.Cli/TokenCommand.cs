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
        var subject = new Option<string>("--subject") { Description = "调用者身份。", DefaultValueFactory = _ => Environment.UserName };
        var roles = new Option<string[]>("--role")
        {
            Description = "角色（可重复）：clerk、unit-head、reviewer、admin，或某服务的管理员（registry-admin 等）。",
            AllowMultipleArgumentsPerToken = true,
            // Without a role the token opens nothing but the public reads: forgetting --role is a mistake to say, not a token to mint.
            Required = true,
        };
        var jurisdiction = new Option<string?>("--jurisdiction", "--region") { Description = "管辖范围：6 位区划代码（650000 为全区，652300 为一个地州，652301 为一个县市）。" };
        var unit = new Option<string?>("--unit") { Description = "填报员或单位负责人所属单位。" };
        var minutes = new Option<int>("--minutes") { Description = "有效期（分钟）。", DefaultValueFactory = _ => 60, CustomParser = r => CommandLineValues.Int(r, 1, 7 * 24 * 60) };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "`platform run` 的数据目录。", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var internalCaller = new Option<bool>("--internal") { Description = "改为输出签名的平台调用方（请求头 x-platform-caller），用于直接调用服务。" };
        var command = new Command("token", "输出用于网关的开发用持有者令牌（或用 --internal 输出直连服务的平台调用方）。")
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
