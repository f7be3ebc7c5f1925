using Grpc.Core;
using Grpc.Net.Client;
using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Platform.Registry.Domain;
using Platform.Registry.Host;
using Platform.Registry.V1;
using Platform.Testing;
using RegionKind = Platform.Registry.V1.RegionKind;

// Usage: Platform.Bench.Registry [jurisdiction_seconds] [concurrency]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var dir = Directory.CreateTempSubdirectory("bench-registry-").FullName;
await using var host = await TestHost.StartAsync(
    configureBuilder: b => b.AddRegistryService(),
    configureApp: app => app.MapRegistryService(),
    settings: new Dictionary<string, string?> { ["ConnectionStrings:registry"] = $"Data Source={Path.Combine(dir, "registry.db")}" });
using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
var registry = new Platform.Registry.V1.UnitRegistry.UnitRegistryClient(channel);
var admin = TestHost.As(new CallerIdentity("bench-admin", ["registry-admin"], "650000"));
var reader = TestHost.As(new CallerIdentity("bench-reader", ["service"], "650000"));

// ---- generate: 14 prefectures × (the prefecture + 7 counties) × 24 departments × 11 units (depth 3)
var load = Stopwatch.StartNew();
await registry.AddRegionAsync(new AddRegionRequest { Code = "650000", Name = "自治区", Kind = RegionKind.AutonomousRegion }, admin);
var regions = new List<string>();
var sequence = 0;
var unitIds = new List<string>();
for (var p = 1; p <= 14; p++)
{
    var prefecture = $"65{p:00}00";
    await registry.AddRegionAsync(new AddRegionRequest { Code = prefecture, Name = $"地区{p}", Kind = RegionKind.Prefecture, ParentCode = "650000" }, admin);
    regions.Add(prefecture);
    for (var c = 1; c <= 7; c++)
    {
        var county = $"65{p:00}{c:00}";
        await registry.AddRegionAsync(new AddRegionRequest { Code = county, Name = $"地区{p}县{c}", Kind = RegionKind.County, ParentCode = prefecture }, admin);
        regions.Add(county);
    }
}
foreach (var region in regions)
{
    var csv = new StringBuilder("id,credit_code,name,region_code,parent_id,nature\n");
    for (var d = 0; d < 24; d++)
    {
        var department = Add(region, null, "行政单位", $"{region}部门{d}");
        var first = "";
        for (var s = 0; s < 8; s++)
        {
            var sub = Add(region, department, "事业单位", $"{region}部门{d}单位{s}");
            first = s == 0 ? sub : first;
        }
        Add(region, first, "事业单位", $"{region}部门{d}所属A");
        Add(region, first, "事业单位", $"{region}部门{d}所属B");
    }
    var response = await registry.ImportUnitsAsync(new ImportUnitsRequest { Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv.ToString()), FromYear = 2022 }, admin);
    if (response.Errors.Count > 0)
    {
        throw new InvalidOperationException(response.Errors[0].ToString());
    }

    string Add(string regionCode, string? parent, string nature, string name)
    {
        var id = $"u{++sequence:000000}";
        var code = CreditCode.Complete($"12{regionCode}MB{sequence:0000000}").Value;
        csv.Append($"{id},{code},{name},{regionCode},{parent},{nature}\n");
        unitIds.Add(id);
        return id;
    }
}
Console.WriteLine($"generated {unitIds.Count} units in {regions.Count} regions (+ the autonomous region) via ImportUnits in {load.Elapsed.TotalSeconds:0.0} s");

// ---- prefecture subtree, streamed
var subtreeTimes = new List<double>();
var streamed = 0;
for (var i = 0; i < 40; i++)
{
    var prefecture = $"65{i % 14 + 1:00}00";
    var watch = Stopwatch.StartNew();
    using var call = registry.ExportSubtree(new ExportSubtreeRequest { RegionCode = prefecture, AsOfYear = 2022 }, reader);
    streamed = 0;
    await foreach (var _ in call.ResponseStream.ReadAllAsync())
    {
        streamed++;
    }
    if (i >= 5)
    {
        subtreeTimes.Add(watch.Elapsed.TotalMilliseconds);
    }
}
subtreeTimes.Sort();
Console.WriteLine($"prefecture subtree: {streamed} units per stream, p50 {Pct(subtreeTimes, 0.50):0.0} ms, p99 {Pct(subtreeTimes, 0.99):0.0} ms over {subtreeTimes.Count} streams (goal: < 200 ms)");

// ---- jurisdiction checks at load: closed loop, `concurrency` callers on one channel
var latencies = new List<double>[concurrency];
var stop = DateTime.UtcNow.AddSeconds(2);
var wrong = 0;
async Task Worker(int w, DateTime until, bool record)
{
    var random = new Random(w);
    latencies[w] = [];
    while (DateTime.UtcNow < until)
    {
        var unit = unitIds[random.Next(unitIds.Count)];
        var index = int.Parse(unit[1..]);
        var expectedRegion = regions[(index - 1) / 264];
        var ask = random.Next(2) == 0 ? expectedRegion[..4] + "00" : $"65{random.Next(1, 15):00}00";
        var watch = Stopwatch.GetTimestamp();
        var answer = await registry.IsWithinJurisdictionAsync(new JurisdictionRequest { UnitId = unit, Scope = ask, AsOfYear = 2022 }, reader);
        if (record)
        {
            latencies[w].Add(Stopwatch.GetElapsedTime(watch).TotalMilliseconds);
        }
        if (answer.Within != (ask == expectedRegion[..4] + "00"))
        {
            Interlocked.Increment(ref wrong);
        }
    }
}
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Worker(w, stop, record: false)));
var measured = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Worker(w, DateTime.UtcNow.AddSeconds(seconds), record: true)));
var all = latencies.SelectMany(l => l).OrderBy(x => x).ToList();
Console.WriteLine($"jurisdiction checks: {all.Count / measured.Elapsed.TotalSeconds:0} calls/s, p50 {Pct(all, 0.50):0.000} ms, p99 {Pct(all, 0.99):0.000} ms, {concurrency} concurrent callers, {all.Count} calls, {wrong} wrong answers (goal: p99 < 1 ms)");
Directory.Delete(dir, recursive: true);
return wrong == 0 ? 0 : 1;

static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
