using System.CommandLine;
using Google.Protobuf;
using Platform.Accounts.Client;
using Platform.Accounts.V1;
using Platform.Grpc;
using Platform.Grpc.Client;
using Platform.Grpc.Security;

namespace Platform.Cli;

/// <summary>
/// `platform import-disclosure FILE.json`: sends a transcribed publication to a running platform (default: the
/// embedded `platform run` on 127.0.0.1:5080) as an accounts administrator signed with the development key.
/// </summary>
internal static class ImportDisclosureCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A disclosure transcription (JSON)." };
        var address = new Option<string>("--address") { Description = "gRPC address of the accounts service.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var region = new Option<string>("--region") { Description = "Jurisdiction of the importing administrator.", DefaultValueFactory = _ => "650000" };
        var department = new Option<string?>("--department-unit-id") { Description = "The department's unit id, when the registry does not know it by the printed name." };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Data directory of `platform run` (its signing key).", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var command = new Command("import-disclosure", "Import a published disclosure: its figures become a read-only return (and a prior-year baseline).")
        {
            file, address, region, department, dataDir,
        };
        command.SetAction(async (parse, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"{path.FullName}: no such file");
                return 2;
            }
            var key = Environment.GetEnvironmentVariable("Platform__CallerSigningKey") is { Length: > 0 } configured
                ? configured
                : DevelopmentKey.LoadOrCreate(parse.GetValue(dataDir)!);
            var codec = new CallerTokenCodec(new CallerSigningOptions { Key = Convert.FromBase64String(key), Lifetime = TimeSpan.FromMinutes(10) });
            using var channel = GrpcChannel.ForAddress(parse.GetValue(address)!, new GrpcChannelOptions { CallerCodec = codec });
            var client = new FinalAccountsClient(channel);
            var caller = new CallerIdentity($"{Environment.UserName}@cli", ["accounts-admin", "registry-admin"], parse.GetValue(region));
            try
            {
                var response = await client.ImportDisclosureAsync(new ImportDisclosureRequest
                {
                    Transcription = ByteString.CopyFrom(await File.ReadAllBytesAsync(path.FullName, token)),
                    FileName = path.Name,
                    DepartmentUnitId = parse.GetValue(department) ?? "",
                }, new CallOptions(CancellationToken: token, Caller: caller, Deadline: DateTime.UtcNow.AddSeconds(60)));
                var r = response.Imported;
                Console.WriteLine($"{path.Name}: {r.UnitId} {r.FiscalYear} v{r.Version} {r.State} ({r.Inputs.Count} figures; prior-year baseline: {response.PriorYearCells} figures)");
                Console.WriteLine($"units: {string.Join(", ", response.UnitIds)}");
                foreach (var observation in response.Observations)
                {
                    Console.WriteLine($"  note: {observation}");
                }
                foreach (var f in response.Findings)
                {
                    Console.WriteLine($"  [{f.Severity}] {f.RuleId}{(f.Severity == "warning" ? f.Explained ? " (explained)" : " (unexplained)" : "")}  {f.Message}");
                }
                return 0;
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"{path.Name}: {ex.StatusCode}: {ex.Status.Detail}");
                return 1;
            }
        });
        return command;
    }
}
