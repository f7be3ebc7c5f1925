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
        var file = new Argument<FileInfo>("file") { Description = "公开说明的抄录文件（JSON）。" };
        var address = new Option<string>("--address") { Description = "决算服务的 gRPC 地址。", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var performanceAddress = new Option<string?>("--performance-address") { Description = "绩效服务的 gRPC 地址（默认同 --address）。" };
        var assetsAddress = new Option<string?>("--assets-address") { Description = "资产服务的 gRPC 地址（默认同 --address）。" };
        var region = new Option<string>("--region") { Description = "导入管理员的管辖区划代码。", DefaultValueFactory = _ => "650000" };
        var department = new Option<string?>("--department-unit-id") { Description = "部门的单位编号（单位名录按公开名称查不到时使用）。" };
        var registerIn = new Option<string?>("--register-in") { Description = "单位名录中没有的单位登记到此区划（须为公开说明所属区划）。" };
        var unit = new Option<string[]>("--unit")
        {
            Description = "单位名录中没有的单位：\"名称=统一社会信用代码,单位性质[,单位编号]\"（公开说明不列示信用代码和单位性质）。可重复。",
            AllowMultipleArgumentsPerToken = false,
        };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "`platform run` 的数据目录（其中的签名密钥）。", DefaultValueFactory = _ => new DirectoryInfo(".platform-data") };
        var command = new Command("import-disclosure", "导入已公开的决算公开说明：其数据成为只读的决算报表（及下一年度的上年基数）。")
        {
            file, address, performanceAddress, assetsAddress, region, department, registerIn, unit, dataDir,
        };
        command.SetAction(async (parse, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"{path.FullName}：文件不存在");
                return 2;
            }
            var identities = new List<UnitIdentity>();
            foreach (var spec in parse.GetValue(unit) ?? [])
            {
                if (ParseIdentity(spec) is not { } identity)
                {
                    Console.Error.WriteLine($"--unit \"{spec}\"：格式应为 名称=统一社会信用代码,单位性质[,单位编号]");
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
            // The parts go to three services one after another: a refusal of a later part says which are in already.
            var imported = new List<string>();
            try
            {
                if (hasTables)
                {
                    departmentId = await ImportTablesAsync();
                    imported.Add("决算报表");
                }
                if (hasForms)
                {
                    var performanceChannelAddress = parse.GetValue(performanceAddress) ?? parse.GetValue(address)!;
                    using var performanceChannel = GrpcChannel.ForAddress(performanceChannelAddress);
                    var forms = await new PerformanceV1.PerformanceEvaluations.PerformanceEvaluationsClient(performanceChannel).ImportDisclosureAsync(
                        new PerformanceV1.ImportDisclosureRequest { Transcription = ByteString.CopyFrom(content), FileName = path.Name, DepartmentUnitId = departmentId },
                        Options());
                    Console.WriteLine($"{path.Name}：绩效自评表 {forms.Evaluations.Count} 张，单位 {forms.UnitId}，{forms.FiscalYear} 年度，评分规则 {forms.Evaluations.FirstOrDefault()?.Score?.PolicyId}");
                    foreach (var e in forms.Evaluations)
                    {
                        var s = e.Score;
                        Console.WriteLine($"  {(e.Ref.Project.Length == 0 ? "部门整体支出绩效自评" : e.Ref.Project)}：列示总分 {(s.PublishedTotal.Length > 0 ? s.PublishedTotal : "（未列示）")}，计算总分 {s.ComputedTotal}（{(s.Grade.Length > 0 ? s.Grade : s.GradeWithheld)}），错误 {s.Findings.Count(f => f.Severity == "error")} 项，警告 {s.Findings.Count(f => f.Severity == "warning")} 项");
                    }
                    imported.Add("绩效自评表");
                }
                if (hasAssets)
                {
                    using var assetsChannel = GrpcChannel.ForAddress(parse.GetValue(assetsAddress) ?? parse.GetValue(address)!);
                    var assets = await new AssetsV1.AssetInventory.AssetInventoryClient(assetsChannel).ImportDisclosureAsync(
                        new AssetsV1.ImportDisclosureRequest { Transcription = ByteString.CopyFrom(content), FileName = path.Name, DepartmentUnitId = departmentId },
                        Options());
                    var f = assets.Inventory.Figures;
                    Console.WriteLine($"{path.Name}：资产盘点 单位 {assets.Inventory.Ref.UnitId}，{assets.Inventory.Ref.FiscalYear} 年度，第 {assets.Inventory.Revision} 版：固定资产 {f.FixedAssetsTotal} 元，车辆 {f.VehiclesTotal} 辆（{f.VehiclesValue} 元）");
                    foreach (var finding in assets.Findings.Findings_)
                    {
                        Console.WriteLine($"  [核对] {finding.Code} {finding.Cell}：{finding.Message}");
                    }
                    imported.Add("资产盘点");
                }
                if (!hasTables && !hasForms && !hasAssets)
                {
                    Console.Error.WriteLine($"{path.Name}：既没有决算报表，也没有绩效自评表或资产数据，无可导入");
                    return 2;
                }
                return 0;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable)
            {
                // Nothing answered (gRPC's own words: "Error connecting to subchannel"): most often the platform is not running.
                Console.Error.WriteLine($"{path.Name}：未能连接平台（{ex.StatusCode}）：请确认平台已启动（./platform run），地址与 --address 一致（默认 http://127.0.0.1:5080）");
                return 1;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.DeadlineExceeded)
            {
                // An answer late is not none: a part may be stored already. Importing the same file again is safe (a new revision).
                Console.Error.WriteLine($"{path.Name}：平台未在时限内答复（{ex.StatusCode}），导入可能已部分完成：请稍后用同一文件再次导入");
                return 1;
            }
            catch (RpcException ex)
            {
                var violations = ex.FieldViolations();
                // The service's reason is Chinese already; the status code stays beside it for whoever reads logs.
                Console.Error.WriteLine(violations.Count == 0 ? $"{path.Name}：导入未成功（{ex.StatusCode}）：{ex.Status.Detail}" : $"{path.Name}：导入未成功（{ex.StatusCode}）：");
                foreach (var v in violations)
                {
                    Console.Error.WriteLine($"  {v.Field}：{v.Description}");
                }
                if (violations.Any(v => v.Field.StartsWith("identities", StringComparison.Ordinal) || v.Field == "region_code"))
                {
                    Console.Error.WriteLine("  单位名录中没有的单位，请用 --register-in 区划代码 --unit \"名称=统一社会信用代码,单位性质\" 登记（每个单位一次）");
                }
                if (imported.Count > 0)
                {
                    Console.Error.WriteLine($"  此前已导入：{string.Join("、", imported)}（其余部分未导入）");
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
                Console.WriteLine($"{path.Name}：单位 {r.UnitId}，{r.FiscalYear} 年度，第 {r.Version} 版，{r.State}（数据 {r.Inputs.Count} 项；上年基数 {response.PriorYearCells} 项）");
                Console.WriteLine($"单位：{string.Join("、", response.UnitIds)}");
                if (response.RegisteredUnitIds.Count > 0)
                {
                    Console.WriteLine($"新登记：{string.Join("、", response.RegisteredUnitIds)}");
                }
                foreach (var observation in response.Observations)
                {
                    Console.WriteLine($"  说明：{observation}");
                }
                foreach (var f in response.Findings)
                {
                    Console.WriteLine($"  [{f.Severity}] {f.RuleId}{(f.Severity == "warning" ? f.Explained ? "（文件已说明）" : "（文件未说明）" : "")}  {f.Message}");
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
