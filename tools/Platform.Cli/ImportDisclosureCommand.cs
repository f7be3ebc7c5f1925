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
        var registerIn = new Option<string?>("--register-in") { Description = "Region code where units the registry does not know are registered (must be the region the publication names)." };
        var unit = new Option<string[]>("--unit")
        {
            Description = "For a unit the registry does not know: \"NAME=CREDIT_CODE,NATURE[,UNIT_ID]\" (a publication prints neither credit code nor legal nature). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Data directory of `platform run` (its signing key).", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var command = new Command("import-disclosure", "Import a published disclosure: its figures become a read-only return (and a prior-year baseline).")
        {
            file, address, region, department, registerIn, unit, dataDir,
        };
        command.SetAction(async (parse, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"{path.FullName}: no such file");
                return 2;
            }
            var identities = new List<UnitIdentity>();
            foreach (var spec in parse.GetValue(unit) ?? [])
            {
                if (ParseIdentity(spec) is not { } identity)
                {
                    Console.Error.WriteLine($"--unit \"{spec}\": expected NAME=CREDIT_CODE,NATURE[,UNIT_ID]");
                    return 2;
                }
                identities.Add(identity);
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
                var request = new ImportDisclosureRequest
                {
                    Transcription = ByteString.CopyFrom(await File.ReadAllBytesAsync(path.FullName, token)),
                    FileName = path.Name,
                    DepartmentUnitId = parse.GetValue(department) ?? "",
                    RegionCode = parse.GetValue(registerIn) ?? "",
                };
                request.Identities.AddRange(identities);
                var response = await client.ImportDisclosureAsync(request, new CallOptions(CancellationToken: token, Caller: caller, Deadline: DateTime.UtcNow.AddSeconds(60)));
                var r = response.Imported;
                Console.WriteLine($"{path.Name}: {r.UnitId} {r.FiscalYear} v{r.Version} {r.State} ({r.Inputs.Count} figures; prior-year baseline: {response.PriorYearCells} figures)");
                Console.WriteLine($"units: {string.Join(", ", response.UnitIds)}");
                if (response.RegisteredUnitIds.Count > 0)
                {
                    Console.WriteLine($"registered: {string.Join(", ", response.RegisteredUnitIds)}");
                }
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
                var violations = ex.FieldViolations();
                Console.Error.WriteLine(violations.Count == 0 ? $"{path.Name}: {ex.StatusCode}: {ex.Status.Detail}" : $"{path.Name}: {ex.StatusCode}:");
                foreach (var v in violations)
                {
                    Console.Error.WriteLine($"  {v.Field}: {v.Description}");
                }
                if (violations.Any(v => v.Field.StartsWith("identities", StringComparison.Ordinal) || v.Field == "region_code"))
                {
                    Console.Error.WriteLine("  register missing units with --register-in REGION_CODE --unit \"NAME=CREDIT_CODE,NATURE\" (once per unit)");
                }
                return 1;
            }
        });
        return command;
    }

    /// <summary>"NAME=CREDIT_CODE,NATURE[,UNIT_ID]": names hold no '=', codes and natures no ','.</summary>
    internal static UnitIdentity? ParseIdentity(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }
        var parts = spec[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3)
        {
            return null;
        }
        return new UnitIdentity { Name = spec[..eq].Trim(), CreditCode = parts[0], Nature = parts[1], UnitId = parts.Length == 3 ? parts[2] : "" };
    }
}
