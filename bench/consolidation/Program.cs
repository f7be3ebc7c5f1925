using Grpc.Core;
using Grpc.Net.Client;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Accounts.Domain.Returns;
using Platform.Accounts.Domain.Templates;
using Platform.Accounts.Host;
using Platform.Accounts.Host.Persistence;
using Platform.Accounts.V1;
using Platform.Events.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Messaging;
using Platform.Registry.Client;
using Platform.Registry.Domain;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Actor = Platform.Domain.Actor;
using RegionKind = Platform.Registry.V1.RegionKind;

// Usage: Platform.Bench.Consolidation [units] [approvals]
//
// A generated region: 650000 with 14 prefecture-level regions of 7 counties each (113 regions); departments of ten
// units (the office and nine subordinate units) spread over every region, registered through the registry's
// ImportUnits. Each unit has one approved 2022 return of ~110 input cells across the tables (12 functional 项 in
// Z02/Z03/Z05 out of its department's 24, 30 economic classes in Z06 out of its department's 40, Z01, 三公,
// 机关运行经费, procurement), including subsidies to and from subordinate units so eliminations run. Returns are stored straight into PostgreSQL (the workflow's cost is
// bench/accounts-submit's); the rest goes through the service:
//   1. Full consolidation, cold: the Recompute rpc builds every contribution and consolidated return from nothing.
//   2. Full consolidation, verifying: the same rpc over stored sums (must report no difference).
//   3. Approval latency: a new approved version is committed with its ReturnApproved event in one transaction (as the
//      approval does); the outbox dispatcher publishes it to RabbitMQ, the consumer applies the difference. Measured:
//      commit → the region-level (650000) consolidated return's new revision committed. One approval at a time.
//   4. Afterwards: the region total through the API equals the generator's own sum, and a recompute finds nothing.
// Peak RSS is the process's VmHWM, reset before each measured phase (/proc/self/clear_refs); the process also holds
// the host (registry + accounts) and the gRPC client.
var units = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var approvals = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
const int Year = 2022;
const int PerDepartment = 10;

var accountsDb = await TestServers.CreatePostgresDatabaseAsync("accounts");
await using var host = await TestHost.StartAsync(
    configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); },
    configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); },
    settings: new Dictionary<string, string?>
    {
        ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
        ["ConnectionStrings:accounts"] = accountsDb,
        ["Messaging:RabbitMq"] = TestServers.RabbitMq.ToString(),
        ["Messaging:EndpointPrefix"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
        // EF logs the first look for its migrations table (absent in a new database) as a failed command.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
        // The recompute's own phase timings (placements, returns, roll-up, consolidated returns).
        ["Logging:LogLevel:Platform.Accounts.Host.Consolidation"] = "Information",
    });
using var channel = GrpcChannel.ForAddress(host.Address);
var registry = new Platform.Registry.V1.UnitRegistry.UnitRegistryClient(channel);
var consolidation = new Consolidation.ConsolidationClient(channel);
var admin = TestHost.As(new CallerIdentity("bench-admin", ["registry-admin", "accounts-admin"], "650000"));

// --- Regions and units ---------------------------------------------------------------------------------------
var clock = Stopwatch.StartNew();
await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "新疆维吾尔自治区", Kind = RegionKind.AutonomousRegion }, admin);
string[] prefectures = ["650100", "650200", "650400", "650500", "652300", "652700", "652800", "652900", "653000", "653100", "653200", "654000", "654200", "654300"];
var regions = new List<string> { "650000" };
foreach (var prefecture in prefectures)
{
    await registry.AddRegionAsync(new AddRegionRequest { Code = prefecture, Name = $"地区{prefecture}", Kind = RegionKind.Prefecture, ParentCode = "650000" }, admin);
    regions.Add(prefecture);
    for (var c = 1; c <= 7; c++)
    {
        var county = prefecture[..4] + c.ToString("00", CultureInfo.InvariantCulture);
        await registry.AddRegionAsync(new AddRegionRequest { Code = county, Name = $"县{county}", Kind = RegionKind.County, ParentCode = prefecture }, admin);
        regions.Add(county);
    }
}
var unitIds = new List<string>(units);
var regionOf = new Dictionary<string, string>(StringComparer.Ordinal);
var departmentOf = new Dictionary<string, string>(StringComparer.Ordinal);
var csv = new StringBuilder("id,credit_code,name,region_code,parent_id,nature\n");
for (var i = 0; i < units; i++)
{
    var id = $"u{i:000000}";
    var departmentIndex = i / PerDepartment;
    var department = $"u{departmentIndex * PerDepartment:000000}";
    var region = regions[departmentIndex % regions.Count];
    unitIds.Add(id);
    regionOf[id] = region;
    departmentOf[id] = department;
    var isDepartment = id == department;
    csv.Append(CultureInfo.InvariantCulture, $"{id},{CreditCode.Complete($"12{region}MB{i + 1:0000000}").Value},单位{i + 1},{region},{(isDepartment ? "" : department)},{(isDepartment ? "行政单位" : "事业单位")}\n");
}
var imported = await registry.ImportUnitsAsync(new ImportUnitsRequest { Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv.ToString()), FromYear = 2020 }, admin);
if (imported.Errors.Count > 0)
{
    throw new InvalidOperationException(imported.Errors[0].ToString());
}
Console.WriteLine($"registered {regions.Count} regions and {units} units ({units / PerDepartment} departments) in {clock.Elapsed.TotalSeconds:0.0} s");

// --- Approved returns, generated --------------------------------------------------------------------------------
var reference = host.Services.GetRequiredService<ReferenceDataSet>();
var codes = reference.CodesFor(Year);
var leaves = codes.Get("functional").Codes.Where(c => c.Length == 7).Order(StringComparer.Ordinal).ToList();
var economic = codes.Get("economic").Codes.Where(c => c.Length == 5).Order(StringComparer.Ordinal).ToList();
// 三公, 机关运行经费 and procurement: every fixed-row input amount of those tables, taken from the year's template.
var template = reference.TemplateFor(Year);
var otherCells = template.Tables.Where(t => t.Code is "Z07" or "F01" or "F02").SelectMany(t => t.Rows.SelectMany(row => t.Columns
        .Select(column => new CellKey(t.Code, row.Code, column.Code))))
    .Where(k => template.Resolve(k.Table, k.Row, k.Column, codes, out _) is { IsInput: true, Type: CellType.Amount })
    .ToList();
var expectedFiscal = 0m;   // Z01[INC_FISCAL,AMT] over the whole region: no elimination touches it
var seeder = new Actor("bench", [AccountsRoles.Admin], "650000", null);
clock.Restart();
var connectionString = accountsDb;
{
    var batch = new List<ReturnRow>();
    foreach (var (id, i) in unitIds.Select((id, i) => (id, i)))
    {
        var cells = Generate(i, 1, id == departmentOf[id]);
        expectedFiscal += cells[CellKey.Parse("Z01[INC_FISCAL,AMT]", "bench")];
        batch.Add(Row(id, 1, cells));
        if (batch.Count == 1000 || i == unitIds.Count - 1)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            db.Returns.AddRange(batch);
            await db.SaveChangesAsync();
            batch.Clear();
        }
    }
}
// Returns are filed over months; by the time a region is consolidated autovacuum has long visited the table. Here they
// were inserted a second ago: vacuum and analyze once, as autovacuum would, so the first read does not pay for it.
await using (var vacuum = new NpgsqlConnection(connectionString))
{
    await vacuum.OpenAsync();
    await using var command = new NpgsqlCommand("VACUUM (ANALYZE) returns", vacuum) { CommandTimeout = 600 };
    await command.ExecuteNonQueryAsync();
}
var inputCells = Generate(1, 1, false).Count;
Console.WriteLine($"stored {units} approved returns ({inputCells} input cells for a subordinate unit) in {clock.Elapsed.TotalSeconds:0.0} s");

// --- 1 and 2: full consolidation ----------------------------------------------------------------------------------
var cold = await FullConsolidation("full consolidation, cold (nothing consolidated yet)");
var verifying = await FullConsolidation("full consolidation, verifying (stored sums)");
if (verifying.Differences != 0)
{
    throw new InvalidOperationException($"a second recompute found {verifying.Differences} differences");
}
var top = await consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = new NodeRef { Kind = "region", Id = "650000", FiscalYear = Year } }, admin);
Check(top, expectedFiscal, "after the full consolidation");

// --- 3: approval → region total ---------------------------------------------------------------------------------
var random = new Random(20221231);
var versions = new Dictionary<string, int>(StringComparer.Ordinal);
var latencies = new List<double>();
await using (var poll = new NpgsqlConnection(connectionString))
{
    await poll.OpenAsync();
    await using var revisionQuery = new NpgsqlCommand("SELECT revision FROM consolidated_nodes WHERE kind = 'Region' AND node_id = '650000' AND fiscal_year = 2022", poll);
    await revisionQuery.PrepareAsync();
    async Task<long> Revision() => (long)(await revisionQuery.ExecuteScalarAsync())!;
    var warmUp = Math.Max(5, approvals / 20);
    for (var n = 0; n < approvals + warmUp; n++)
    {
        var index = random.Next(units);
        var id = unitIds[index];
        var version = versions[id] = versions.GetValueOrDefault(id, 1) + 1;
        var cells = Generate(index, version, id == departmentOf[id]);
        var previous = Generate(index, version - 1, id == departmentOf[id]);
        expectedFiscal += cells[CellKey.Parse("Z01[INC_FISCAL,AMT]", "bench")] - previous[CellKey.Parse("Z01[INC_FISCAL,AMT]", "bench")];
        var before = await Revision();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            db.Returns.Add(Row(id, version, cells));
            db.AddEvent(new ReturnApproved(id, Year, version, regionOf[id], "bench-reviewer", DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var committed = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.StartNew();
        while (await Revision() == before)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"approval {n} ({id} v{version}) not visible at region level after 30 s");
            }
            await Task.Delay(1);
        }
        if (n >= warmUp)
        {
            latencies.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
        }
    }
}
latencies.Sort();
top = await consolidation.GetConsolidatedAsync(new GetConsolidatedRequest { Node = new NodeRef { Kind = "region", Id = "650000", FiscalYear = Year } }, admin);
Check(top, expectedFiscal, "after the approvals");
var final = await FullConsolidation("full consolidation after the approvals (incremental vs recompute)");

Console.WriteLine();
Console.WriteLine($"{units} units, {units / PerDepartment} departments, {regions.Count} regions, {inputCells} input cells per subordinate return");
Console.WriteLine(cold.Summary);
Console.WriteLine(verifying.Summary);
Console.WriteLine($"approval → region-level total committed: {approvals} approvals (after {Math.Max(5, approvals / 20)} warm-up), p50 {Pct(0.50):0.0} ms, p90 {Pct(0.90):0.0} ms, p99 {Pct(0.99):0.0} ms, max {latencies[^1]:0.0} ms (poll resolution ~1 ms)");
Console.WriteLine(final.Summary + (final.Differences == 0 ? "; incremental sums equal the recompute" : "; DIFFERENCES"));
Console.WriteLine($"region 650000 Z01[INC_FISCAL,AMT] = {expectedFiscal} 元, equal to the generator's own sum");
return final.Differences == 0 ? 0 : 1;

double Pct(double p) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * p))];

async Task<(string Summary, int Differences)> FullConsolidation(string name)
{
    GC.Collect();
    File.WriteAllText("/proc/self/clear_refs", "5");   // resets VmHWM to the current RSS
    var rssBefore = Status("VmRSS");
    var watch = Stopwatch.StartNew();
    var response = await consolidation.RecomputeAsync(new RecomputeRequest { FiscalYear = Year }, admin.WithDeadline(DateTime.UtcNow.AddMinutes(10)));
    var seconds = watch.Elapsed.TotalSeconds;
    var peak = Status("VmHWM");
    if (response.Contributions != units || response.UnplacedUnitIds.Count > 0)
    {
        throw new InvalidOperationException($"{name}: {response.Contributions} contributions, {response.UnplacedUnitIds.Count} unplaced");
    }
    return ($"{name}: {seconds:0.00} s for {response.Contributions} returns into {response.Nodes} consolidated returns ({response.DifferenceCount} cells set or changed); RSS {rssBefore} MiB before, peak {peak} MiB", response.DifferenceCount);
}

static long Status(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;

static void Check(ConsolidatedReturn top, decimal expected, string when)
{
    var actual = top.Cells.First(c => c.Cell == "Z01[INC_FISCAL,AMT]").Value;
    if (decimal.Parse(actual, CultureInfo.InvariantCulture) != expected)
    {
        throw new InvalidOperationException($"{when}: region total Z01[INC_FISCAL,AMT] is {actual}, the generator's sum is {expected}");
    }
}

ReturnRow Row(string id, int version, Dictionary<CellKey, decimal> cells)
{
    var row = new ReturnRow();
    row.CopyFrom(AccountsReturn.FromPublication(id, Year, regionOf[id], cells, [], "bench", seeder, DateTimeOffset.UtcNow).ToSnapshot());
    // Filed returns, as a region's are (a publication's blanks are "not printed" and its consolidation keeps them blank).
    row.Source = nameof(ReturnSource.Filed);
    row.RoundingUnit = AccountsReturn.FiledRoundingUnit;
    row.ReturnVersion = version;
    row.State = nameof(ReturnState.Approved);
    return row;
}

// Deterministic per unit and version: a later version moves every amount, so an approval changes many cells.
Dictionary<CellKey, decimal> Generate(int unit, int version, bool isDepartment)
{
    var r = new Random(unit * 7919 + version);
    decimal Amount(int max) => r.Next(1, max) * 100 + r.Next(0, 100) / 100m;
    var cells = new Dictionary<CellKey, decimal>();
    void Set(string cell, decimal value) => cells[CellKey.Parse(cell, "bench")] = value;
    // A department works in one functional area: its units draw their 项 from the department's 24 codes and their
    // economic classes from its 40, as the units of a health or education department do.
    var department = unit / PerDepartment;
    var member = unit % PerDepartment;
    var start = department * 13 % leaves.Count;
    decimal fiscal = 0, other = 0, basic = 0, project = 0;
    for (var j = 0; j < 12; j++)
    {
        var code = leaves[(start + (member * 5 + j) % 24 * 7) % leaves.Count];
        var (f, o, b, p) = (Amount(5_000), Amount(500), Amount(4_000), Amount(2_000));
        Set($"Z02[{code},FISCAL]", f);
        Set($"Z02[{code},OTHER]", o);
        Set($"Z03[{code},BASIC]", b);
        Set($"Z03[{code},PROJECT]", p);
        Set($"Z05[{code},BASIC]", b);
        Set($"Z05[{code},PROJECT]", p);
        (fiscal, other, basic, project) = (fiscal + f, other + o, basic + b, project + p);
    }
    for (var j = 0; j < 30; j++)
    {
        Set($"Z06[{economic[(department * 7 + (member * 3 + j) % 40) % economic.Count]},AMT]", Amount(1_000));
    }
    Set("Z01[INC_FISCAL,AMT]", fiscal);
    Set("Z01[INC_OTHER,AMT]", other);
    Set("Z01[OPENING,AMT]", Amount(1_000));
    Set("Z01[EXP_BASIC,AMT]", basic);
    Set("Z01[EXP_PROJECT,AMT]", project);
    Set("Z01[CLOSING,AMT]", Amount(1_000));
    if (isDepartment)
    {
        Set("Z01[EXP_AFFILIATE,AMT]", Amount(3_000));
        Set("Z01[INC_AFFILIATE,AMT]", Amount(300));
    }
    else
    {
        Set("Z01[INC_SUPERIOR,AMT]", Amount(300));
        Set("Z01[EXP_REMIT,AMT]", Amount(30));
    }
    foreach (var cell in otherCells)
    {
        cells[cell] = Amount(200);
    }
    return cells;
}
