using Platform.ServiceDefaults;
using Grpc.Core;
using System.CommandLine;
using Google.Protobuf;
using Grpc.Net.Client;
using Platform.Accounts.V1;
using AssetsV1 = Platform.Assets.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using PerformanceV1 = Platform.Performance.V1;

namespace Platform.Cli;

/// <summary>
/// `platform import-disclosure FILE.json`: sends a transcribed publication to a running platform (default: the
/// embedded `platform run` on 127.0.0.1:5080) as an administrator signed with the development key: its final-accounts
/// tables to the accounts service, then its performance forms (project and overall) to the performance service and its
/// asset section to the assets service (after the accounts import, so the reconciliation has the return's figures).
/// </summary>
internal static class ImportDisclosureCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A disclosure transcription (JSON)." };
        var address = new Option<string>("--address") { Description = "gRPC address of the accounts service.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var performanceAddress = new Option<string?>("--performance-address") { Description = "gRPC address of the performance service (default: --address)." };
        var assetsAddress = new Option<string?>("--assets-address") { Description = "gRPC address of the assets service (default: --address)." };
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
            file, address, performanceAddress, assetsAddress, region, department, registerIn, unit, dataDir,
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
                : DevelopmentKeys.LoadOrCreate(parse.GetValue(dataDir)!);
            var codec = new CallerTokenCodec(new CallerSigningOptions { Key = Convert.FromBase64String(key), Lifetime = TimeSpan.FromMinutes(10) });
            using var channel = GrpcChannel.ForAddress(parse.GetValue(address)!);
            var client = new FinalAccounts.FinalAccountsClient(channel);
            var caller = new CallerIdentity($"{Environment.UserName}@cli", ["accounts-admin", "registry-admin", "performance-admin", "assets-admin"], parse.GetValue(region));
            CallOptions Options() => new(headers: codec.Headers(caller, DateTimeOffset.UtcNow), deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: token);
            var content = await File.ReadAllBytesAsync(path.FullName, token);
            var (hasTables, hasForms, hasAssets) = Parts(content);
            var departmentId = parse.GetValue(department) ?? "";
            try
            {
                if (hasTables)
                {
                    departmentId = await ImportTablesAsync();
                }
                if (hasForms)
                {
                    var performanceChannelAddress = parse.GetValue(performanceAddress) ?? parse.GetValue(address)!;
                    using var performanceChannel = GrpcChannel.ForAddress(performanceChannelAddress);
                    var forms = await new PerformanceV1.PerformanceEvaluations.PerformanceEvaluationsClient(performanceChannel).ImportDisclosureAsync(
                        new PerformanceV1.ImportDisclosureRequest { Transcription = ByteString.CopyFrom(content), FileName = path.Name, DepartmentUnitId = departmentId },
                        Options());
                    Console.WriteLine($"{path.Name}: {forms.Evaluations.Count} performance forms of {forms.UnitId} {forms.FiscalYear}, policy {forms.Evaluations.FirstOrDefault()?.Score?.PolicyId}");
                    foreach (var e in forms.Evaluations)
                    {
                        var s = e.Score;
                        Console.WriteLine($"  {(e.Ref.Project.Length == 0 ? "(overall form)" : e.Ref.Project)}: published {(s.PublishedTotal.Length > 0 ? s.PublishedTotal : "-")}, computed {s.ComputedTotal} {s.Grade}, {s.Findings.Count(f => f.Severity == "error")} errors, {s.Findings.Count(f => f.Severity == "warning")} warnings");
                    }
                }
                if (hasAssets)
                {
                    using var assetsChannel = GrpcChannel.ForAddress(parse.GetValue(assetsAddress) ?? parse.GetValue(address)!);
                    var assets = await new AssetsV1.AssetInventory.AssetInventoryClient(assetsChannel).ImportDisclosureAsync(
                        new AssetsV1.ImportDisclosureRequest { Transcription = ByteString.CopyFrom(content), FileName = path.Name, DepartmentUnitId = departmentId },
                        Options());
                    var f = assets.Inventory.Figures;
                    Console.WriteLine($"{path.Name}: asset inventory of {assets.Inventory.Ref.UnitId} {assets.Inventory.Ref.FiscalYear} r{assets.Inventory.Revision}: fixed assets {f.FixedAssetsTotal} 元, {f.VehiclesTotal} vehicles ({f.VehiclesValue} 元)");
                    foreach (var finding in assets.Findings.Findings_)
                    {
                        Console.WriteLine($"  [reconciliation] {finding.Code} at {finding.Cell}: {finding.Message}");
                    }
                }
                if (!hasTables && !hasForms && !hasAssets)
                {
                    Console.Error.WriteLine($"{path.Name}: neither final-accounts tables nor performance forms to import");
                    return 2;
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

            async Task<string> ImportTablesAsync()
            {
                var request = new ImportDisclosureRequest
                {
                    Transcription = ByteString.CopyFrom(content),
                    FileName = path.Name,
                    DepartmentUnitId = departmentId,
                    RegionCode = parse.GetValue(registerIn) ?? "",
                };
                request.Identities.AddRange(identities);
                var response = await client.ImportDisclosureAsync(request, Options());
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
                return response.DepartmentUnitId;
            }
        });
        return command;
    }

    /// <summary>What a transcription holds: final-accounts tables (a department's disclosure), performance forms, an asset section.</summary>
    internal static (bool Tables, bool Forms, bool Assets) Parts(byte[] content)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(content);
            var root = document.RootElement;
            bool Has(string name) => root.TryGetProperty(name, out var v) && v.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array;
            return (Has("income_expenditure_summary"), Has("project_evaluations") || Has("overall_performance_evaluation"), Has("state_assets"));
        }
        catch (System.Text.Json.JsonException)
        {
            // Let the accounts service name the fault, as before.
            return (true, false, false);
        }
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
