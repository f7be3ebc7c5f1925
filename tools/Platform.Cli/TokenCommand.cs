using System.CommandLine;
using Platform.Grpc.Security;

namespace Platform.Cli;

/// <summary>
/// `platform token`: signs a caller identity for development calls to `platform run` with stock tools, e.g.
///   grpcurl -plaintext -H "x-platform-caller: $(./platform token --role registry-admin --region 650000)" …
/// The key is Platform__CallerSigningKey when set, else the embedded default's key in the data directory.
/// Outside traffic gets its identity from the gateway (issue 9), never from this command.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--subject") { Description = "Who the caller is.", DefaultValueFactory = _ => Environment.UserName };
        var roles = new Option<string[]>("--role") { Description = "A role (repeatable): registry-admin, clerk, reviewer, …", AllowMultipleArgumentsPerToken = true };
        var region = new Option<string?>("--region") { Description = "Jurisdiction: a 6-digit division code (650000 covers the whole region)." };
        var unit = new Option<string?>("--unit") { Description = "Narrow the caller to one unit." };
        var minutes = new Option<int>("--minutes") { Description = "Validity in minutes.", DefaultValueFactory = _ => 60 };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Data directory of `platform run`.", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var command = new Command("token", "Print a signed development caller token for calls to `platform run`.")
        {
            subject, roles, region, unit, minutes, dataDir,
        };
        command.SetAction(parse =>
        {
            var key = Environment.GetEnvironmentVariable("Platform__CallerSigningKey") is { Length: > 0 } configured
                ? configured
                : DevelopmentKey.LoadOrCreate(parse.GetValue(dataDir)!);
            var codec = new CallerTokenCodec(new CallerSigningOptions
            {
                Key = Convert.FromBase64String(key),
                Lifetime = TimeSpan.FromMinutes(parse.GetValue(minutes)),
            });
            var caller = new CallerIdentity(parse.GetValue(subject)!, parse.GetValue(roles) ?? [], parse.GetValue(region), parse.GetValue(unit));
            Console.WriteLine(codec.Sign(caller, DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }
}
