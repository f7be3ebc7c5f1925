using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Accounts.Host;
using Platform.Assets.Host;
using Platform.Grpc;
using Platform.Performance.Host;
using Platform.Publication.Host;
using Platform.Publication.V1;
using Platform.Registry.Host;
using Platform.Testing;

namespace Platform.Publication.FunctionalTests;

/// <summary>
/// The embedded default as `./platform run` composes it (SQLite files, the in-process bus, the memory cache) with the
/// demo data of the shared documents: 000's return, inventory and thirteen forms are imported by their services, and the
/// publication service writes 000's disclosure from them.
/// </summary>
public sealed class EmbeddedDemoTests
{
    [Fact]
    public async Task Demo_000OnTheEmbeddedDefault_PublishedWithThePrintedPerformanceFigures()
    {
        var data = Directory.CreateTempSubdirectory("publication-embedded-");
        try
        {
            await using var host = await TestHost.StartAsync(
                configureBuilder: b => { b.AddRegistryService(); b.AddAccountsService(); b.AddPerformanceService(); b.AddAssetsService(); b.AddPublicationService(); },
                configureApp: app => { app.MapRegistryService(); app.MapAccountsService(); app.MapPerformanceService(); app.MapAssetsService(); app.MapPublicationService(); },
                settings: new Dictionary<string, string?>
                {
                    ["Platform:DataDirectory"] = data.FullName,
                    ["Registry:SeedDemo"] = "true",
                    ["Accounts:SeedDemo"] = "true",
                    ["Performance:SeedDemo"] = "true",
                    ["Assets:SeedDemo"] = "true",
                    ["Publication:SeedDemo"] = "true",
                });
            using var channel = GrpcChannel.ForAddress(host.Address);
            var publications = new Publications.PublicationsClient(channel);
            var feed = await PublicationFixture.EventuallyAsync(() => publications.GetFeedAsync(new GetFeedRequest(), new CallOptions()),
                f => f.Entries.Count > 0, "000's disclosure published from the demo imports");
            var entry = feed.Entries.Single();
            Assert.Equal(("urumqi-emergency-2022", "乌鲁木齐市应急管理局（市矿山安全监督管理局）2022年度部门决算公开说明"), (entry.DocumentId, entry.Title));

            var html = (await publications.GetDocumentAsync(new GetDocumentRequest { Id = entry.DocumentId, Format = "html" }, new CallOptions())).Content;
            // 十一 from the thirteen imported forms: the figures 000 prints (项目13个，全年预算数394.35万元，全年执行数393.35万元).
            Assert.Contains("2022 年度开展预算绩效评价项目 13 个，全年预算数 394.35 万元，全年执行数 393.35 万元", html, StringComparison.Ordinal);
            // The forms' execution-rate line (分值 10 of each imported form): the 分值 column adds up to its total.
            Assert.Matches(@"<th scope=""row"" colspan=""3"">预算执行率</th><td></td><td>[^<]*</td><td class=""amount"">10</td>", html);
            // 一 from the imported return, 第一部分 from the registry's demo units, 第三部分 from the glossary.
            Assert.Contains("2022 年度收入总计 2269.08 万元，其中：本年收入合计 2143.92 万元", html, StringComparison.Ordinal);
            Assert.Contains("纳入本部门2022年度部门决算编制范围的单位：", html, StringComparison.Ordinal);
            Assert.Contains("<dt>财政拨款收入</dt>", html, StringComparison.Ordinal);
            var z07 = await publications.GetTableAsync(new GetTableRequest { Id = entry.DocumentId, Table = "Z07" }, new CallOptions());
            Assert.Contains("\r\nVEHICLE_OPERATION,公务用车运行维护费,7.28,6.86\r\n", z07.Csv, StringComparison.Ordinal);
            // Money rows are 元; the vehicles held are a count, said so to a site reading the JSON mapping of the same table.
            Assert.False(z07.Rows.Single(r => r.Id == "VEHICLE_OPERATION").IsCount);
            Assert.Contains(z07.Rows, r => r.IsCount);
            // The imported publication did not carry Z02's lines: the page says so instead of showing an empty grid.
            Assert.Contains("<table id=\"table-Z02\">", html, StringComparison.Ordinal);
            Assert.Contains("本表未列示数据。", html, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }
}
