using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Host;
using Platform.Assets.Host;
using Platform.Performance.Host;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Rendering;
using Platform.Publication.Host;
using Platform.Publication.Host.Assembly;
using Platform.Publication.Host.Persistence;
using Platform.Registry.Host;
using Platform.Testing;

// Usage: Platform.Bench.Publication OUTDIR [renders]
// 1. The whole platform in one host (real Kestrel, PostgreSQL per service, Redis cache, in-process events) with the demo
//    data of the shared documents; waits until 000's disclosure is published (gathered from the services by events).
// 2. Cold render, `renders` times: gather every part from its service over gRPC + build + HTML + JSON — what a
//    publication costs, without any cache. Median, p90, max.
// 3. Writes the published HTML to OUTDIR/static/doc.html (nginx's copy) and the URLs to OUTDIR/urls, then serves until
//    stdin closes, while run.sh loads both with h2load.
var outDir = args.Length > 0 ? args[0] : Path.GetTempPath();
var renders = args.Length > 1 ? int.Parse(args[1]) : 50;
var settings = new Dictionary<string, string?>
{
    ["Platform:HttpPort"] = "0",
    ["Cache:Redis"] = TestServers.Redis,
    ["Registry:SeedDemo"] = "true",
    ["Accounts:SeedDemo"] = "true",
    ["Performance:SeedDemo"] = "true",
    ["Assets:SeedDemo"] = "true",
    ["Publication:SeedDemo"] = "true",
};
foreach (var service in new[] { "registry", "accounts", "performance", "assets", "publication" })
{
    settings[$"ConnectionStrings:{service}"] = await TestServers.CreatePostgresDatabaseAsync(service);
}
await using var host = await TestHost.StartAsync(
    configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddPerformanceService(); b.AddAssetsService(); b.AddPublicationService(); },
    configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapPerformanceService(); app.MapAssetsService(); app.MapPublicationService(); },
    settings: settings);
var http = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).Single(a => a != host.Address);

VersionRow? published = null;
var waited = Stopwatch.StartNew();
while (published is null)
{
    if (waited.Elapsed > TimeSpan.FromMinutes(3))
    {
        throw new TimeoutException("000's disclosure was not published within 3 minutes");
    }
    await Task.Delay(200);
    await using var scope = host.Services.CreateAsyncScope();
    published = await scope.ServiceProvider.GetRequiredService<PublicationDbContext>().Versions.AsNoTracking().FirstOrDefaultAsync(v => v.IsLatest);
}
Console.WriteLine($"published {published.DocumentId} v{published.Version} after {waited.Elapsed.TotalSeconds:0.0} s: HTML {published.Html.Length / 1024.0:0.0} KiB, JSON {published.Json.Length / 1024.0:0.0} KiB");

// Cold render: every part gathered again from the services (no cache on that path), then the document written.
await using (var scope = host.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PublicationDbContext>();
    var file = (await db.Files.AsNoTracking().SingleAsync(f => f.UnitId == published.UnitId && f.FiscalYear == published.FiscalYear)).ToDomain();
    var gatherer = scope.ServiceProvider.GetRequiredService<IPartsGatherer>();
    var gather = new List<double>();
    var write = new List<double>();
    for (var i = 0; i < renders + 5; i++)
    {
        var clock = Stopwatch.StartNew();
        var gathered = await gatherer.GatherAsync(file, CancellationToken.None);
        var gatheredAt = clock.Elapsed.TotalMilliseconds;
        var document = DocumentBuilder.Build(gathered.Sources!, 1, DateTimeOffset.UtcNow, null);
        var html = HtmlWriter.Write(document);
        var json = DocumentFormats.ToJson(document);
        if (html.Length == 0 || json.Length == 0)
        {
            throw new InvalidOperationException("empty render");
        }
        if (i >= 5)
        {
            // The first five warm the JIT and the gRPC connections; dropped.
            gather.Add(gatheredAt);
            write.Add(clock.Elapsed.TotalMilliseconds - gatheredAt);
        }
    }
    var total = gather.Zip(write, (g, w) => g + w).ToList();
    Console.WriteLine($"cold render x{renders}: total median {Median(total):0.0} ms, p90 {Percentile(total, 0.9):0.0} ms, max {total.Max():0.0} ms " +
        $"(gather median {Median(gather):0.0} ms, build + HTML + JSON median {Median(write):0.00} ms)");
}

Directory.CreateDirectory(Path.Combine(outDir, "static"));
await File.WriteAllTextAsync(Path.Combine(outDir, "static", "doc.html"), published.Html);
await File.WriteAllTextAsync(Path.Combine(outDir, "urls"),
    $"latest {http}public/v1/disclosures/{published.DocumentId}.html\nversioned {http}public/v1/disclosures/{published.DocumentId}/versions/{published.Version}.html\n");
Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
return;

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
