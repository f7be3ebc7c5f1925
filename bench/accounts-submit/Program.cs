using Grpc.Core;
using Grpc.Net.Client;
using Platform.Assets.Host;
using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Platform.Accounts.Host;
using Platform.Accounts.V1;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Domain;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using Platform.Testing.Accounts;
using RegionKind = Platform.Registry.V1.RegionKind;

// Usage: Platform.Bench.AccountsSubmit [units] [concurrency]
// One return per unit, each filed by that unit's own clerk (token narrowed to the unit): OpenReturn + SaveDraft, then
// SubmitReturn. A submit asks the registry for the unit (gRPC), validates every rule of the year, and commits the
// state, an audit entry and a ReturnSubmitted outbox row in one PostgreSQL transaction. Closed loop, one HTTP/2
// channel shared by `concurrency` callers; client, server and PostgreSQL share this machine's cores.
var units = args.Length > 0 ? int.Parse(args[0]) : 2000;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
await using var host = await TestHost.StartAsync(
    // The assets service too: every validation (and so every submit) reconciles with the asset inventory, as deployed.
    configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddAssetsService(); },
    configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapAssetsService(); },
    settings: new Dictionary<string, string?>
    {
        ["ConnectionStrings:registry"] = await TestServers.CreatePostgresDatabaseAsync("registry"),
        ["ConnectionStrings:accounts"] = await TestServers.CreatePostgresDatabaseAsync("accounts"),
        ["ConnectionStrings:assets"] = await TestServers.CreatePostgresDatabaseAsync("assets"),
    });
using var channel = GrpcChannel.ForAddress(host.Address);
var registry = new Platform.Registry.V1.UnitRegistry.UnitRegistryClient(channel);
var accounts = new FinalAccounts.FinalAccountsClient(channel);
var admin = TestHost.As(new CallerIdentity("bench-admin", ["registry-admin"], "650000"));
await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "自治区", Kind = RegionKind.AutonomousRegion }, admin);
await registry.AddRegionAsync(new AddRegionRequest { Code = "650100", Name = "乌鲁木齐市", Kind = RegionKind.City, ParentCode = "650000" }, admin);
var csv = new StringBuilder("id,credit_code,name,region_code,parent_id,nature\n");
var ids = Enumerable.Range(1, units).Select(i => $"u{i:000000}").ToList();
foreach (var (id, i) in ids.Select((id, i) => (id, i)))
{
    csv.Append($"{id},{CreditCode.Complete($"12650100MB{i + 1:0000000}").Value},单位{i + 1},650100,{(i == 0 ? "" : ids[0])},{(i == 0 ? "行政单位" : "事业单位")}\n");
}
var imported = await registry.ImportUnitsAsync(new ImportUnitsRequest { Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv.ToString()), FromYear = 2020 }, admin);
if (imported.Errors.Count > 0)
{
    throw new InvalidOperationException(imported.Errors[0].ToString());
}

CallOptions Clerk(string unit) => TestHost.As(new CallerIdentity($"clerk-{unit}", ["clerk"], "650100", unit));

// Warm-up on units outside the measured set would need more units; instead the first 5 % of each phase is a warm-up
// whose timings are dropped (the JIT, connection pools and the registry channel are cold at first).
var warm = Math.Max(1, units / 20);
var revisions = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
var save = await Phase("open + save draft", async id =>
{
    var opened = await accounts.OpenReturnAsync(new OpenReturnRequest { UnitId = id, FiscalYear = 2022 }, Clerk(id));
    var request = new SaveDraftRequest { Ref = new ReturnRef { UnitId = id, FiscalYear = 2022 }, Revision = opened.Revision, Why = "bench" };
    request.Cells.AddRange(SampleReturns.Consistent2022.Select(c => new CellValue { Cell = c.Cell, Value = c.Value }));
    var saved = await accounts.SaveDraftAsync(request, Clerk(id));
    revisions[id] = saved.Revision;
    return saved.State == "DRAFT" && saved.Inputs.Count == SampleReturns.Consistent2022.Length;
});
var submit = await Phase("submit", async id =>
{
    var submitted = await accounts.SubmitReturnAsync(new SubmitReturnRequest { Ref = new ReturnRef { UnitId = id, FiscalYear = 2022 }, Revision = revisions[id] }, Clerk(id));
    return submitted.State == "SUBMITTED";
});
Console.WriteLine($"{units} units, {SampleReturns.Consistent2022.Length} inputs per return, concurrency {concurrency}; first {warm} of each phase dropped as warm-up");
Console.WriteLine(save);
Console.WriteLine(submit);

async Task<string> Phase(string name, Func<string, Task<bool>> call)
{
    var latencies = new double[units];
    var wrong = 0;
    var next = -1;
    var measuredStart = 0L;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < units)
        {
            if (i == warm)
            {
                Interlocked.Exchange(ref measuredStart, clock.ElapsedTicks);
            }
            var started = Stopwatch.GetTimestamp();
            if (!await call(ids[i]))
            {
                Interlocked.Increment(ref wrong);
            }
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    var seconds = (clock.ElapsedTicks - measuredStart) / (double)Stopwatch.Frequency;
    var measured = latencies[warm..].Order().ToArray();
    return $"{name}: {measured.Length / seconds:0} returns/s, p50 {measured[measured.Length / 2]:0.0} ms, p99 {measured[(int)(measured.Length * 0.99)]:0.0} ms, max {measured[^1]:0.0} ms; wrong answers {wrong}";
}
