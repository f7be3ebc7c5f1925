using Grpc.Core;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Platform.Grpc;
using Platform.Publication.V1;
using static Platform.Publication.FunctionalTests.PublicationFixture;

namespace Platform.Publication.FunctionalTests;

/// <summary>From approval to the published document, through events over RabbitMQ, and every public format of it.</summary>
[Collection(PublicationCollection.Name)]
public sealed class PublicationEndToEndTests(PublicationFixture fixture)
{
    [Fact]
    public async Task ApproveThenInventorySentBack_WaitsForTheNextReport_ThenPublished()
    {
        var (unit, clerk) = await fixture.RegisterDepartmentAsync($"乌鲁木齐市地震局{Guid.NewGuid().ToString("N")[..4]}");
        var submitted = await fixture.FileAndSubmitAsync(unit, clerk);
        await fixture.ApproveAsync(unit, submitted.Version);
        var reported = await fixture.ReportInventoryAsync(unit, clerk);
        await fixture.Assets.ReturnInventoryAsync(new Platform.Assets.V1.ReturnInventoryRequest { Ref = reported.Ref, Revision = reported.Revision, Comment = "房屋面积漏报" },
            As(CityReviewer));

        // The office sent the figures back: they are not the unit's yet, whatever else is in.
        await fixture.SubmitEvaluationAsync(unit, clerk);
        var waiting = await EventuallyAsync(() => fixture.StatusAsync(unit),
            s => s.Missing.Count == 1 && s.Missing[0].StartsWith("ASSET_INVENTORY", StringComparison.Ordinal), "the file waiting for the inventory sent back");
        Assert.Equal("WAITING", waiting.State);

        await fixture.ReportInventoryAsync(unit, clerk);
        await EventuallyAsync(() => fixture.StatusAsync(unit), s => s.State == "PUBLISHED", "the file published once the inventory is reported again");
    }

    [Fact]
    public async Task ApproveThenParts_WaitsForMissingParts_ThenPublishedAndInFeed()
    {
        var name = $"乌鲁木齐市地震局{Guid.NewGuid().ToString("N")[..4]}";
        var (unit, clerk) = await fixture.RegisterDepartmentAsync(name);
        var documentId = $"{unit}-2022";
        var baseline = (await fixture.Publications.GetFeedAsync(new GetFeedRequest { Limit = 1000 }, Anonymous)).NextCursor;

        var submitted = await fixture.FileAndSubmitAsync(unit, clerk);
        await fixture.ApproveAsync(unit, submitted.Version);
        var waiting = await EventuallyAsync(() => fixture.StatusAsync(unit), s => s.Missing.Count == 2, "the file waiting for both parts");
        Assert.Equal("WAITING", waiting.State);
        Assert.Contains(waiting.Missing, m => m.StartsWith("ASSET_INVENTORY", StringComparison.Ordinal));
        Assert.Contains(waiting.Missing, m => m.StartsWith("PERFORMANCE_EVALUATIONS", StringComparison.Ordinal));

        await fixture.ReportInventoryAsync(unit, clerk);
        var one = await EventuallyAsync(() => fixture.StatusAsync(unit), s => s.Missing.Count == 1, "the inventory part arriving");
        Assert.StartsWith("PERFORMANCE_EVALUATIONS", one.Missing.Single(), StringComparison.Ordinal);

        await fixture.SubmitEvaluationAsync(unit, clerk);
        var feed = await EventuallyAsync(() => fixture.Publications.GetFeedAsync(new GetFeedRequest { Cursor = baseline, Limit = 1000 }, Anonymous),
            f => f.Entries.Any(e => e.DocumentId == documentId), "the document in the feed");
        var entry = feed.Entries.Single(e => e.DocumentId == documentId);
        Assert.Equal(("PUBLISHED", 1, "650100", 2022, name), (entry.Kind, entry.Version, entry.RegionCode, entry.FiscalYear, entry.DepartmentName));
        Assert.Equal("PUBLISHED", (await fixture.StatusAsync(unit)).State);

        // The document: four parts, 第二部分 一 to 十一 from the figures, the glossary, the nine tables, the appended form.
        var document = await fixture.Publications.GetDocumentAsync(new GetDocumentRequest { Id = documentId }, Anonymous);
        Assert.Equal((1, "application/json; charset=utf-8"), (document.Version, document.ContentType));
        using var json = JsonDocument.Parse(document.Content);
        var root = json.RootElement;
        Assert.Equal(documentId, root.GetProperty("id").GetString());
        Assert.Equal(name, root.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(["办公室", "应急指挥中心"], root.GetProperty("profile").GetProperty("sections").EnumerateArray().Select(s => s.GetString()));
        var sections = root.GetProperty("explanation").EnumerateArray().ToList();
        Assert.Equal(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"], sections.Select(s => s.GetProperty("number").GetString()));
        // 收入总计 = 170 + 10 (本年收入) + 15 (年初结转) 万元; 十一 from the one scored form (10 万元 budget, 9.5 executed).
        Assert.StartsWith("2022 年度收入总计 195.00 万元，其中：本年收入合计 180.00 万元", sections[0].GetProperty("paragraphs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("2022 年度开展预算绩效评价项目 1 个，全年预算数 10.00 万元，全年执行数 9.50 万元，执行率 95.00%。具体项目自评情况附项目支出绩效自评表。",
            sections[10].GetProperty("paragraphs")[0].GetString());
        Assert.Equal(14, root.GetProperty("glossary").GetArrayLength());
        Assert.Equal(["Z01", "Z02", "Z03", "Z04", "Z05", "Z06", "Z07", "Z08", "Z09"], root.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var form = root.GetProperty("evaluations")[0];
        Assert.Equal("地震监测设备运维", form.GetProperty("project").GetString());
        Assert.Equal(5, form.GetProperty("indicators").GetArrayLength());
        Assert.Equal(("98.07", "100000"), (form.GetProperty("selfAssignedTotal").GetString(), form.GetProperty("fullYearBudget").GetString()));

        var html = await fixture.Publications.GetDocumentAsync(new GetDocumentRequest { Id = documentId, Version = 1, Format = "html" }, Anonymous);
        Assert.Contains("<html lang=\"zh-CN\">", html.Content, StringComparison.Ordinal);
        Assert.Contains("<table id=\"table-Z01\">", html.Content, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">", html.Content, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">", html.Content, StringComparison.Ordinal);
        Assert.Contains("@media print", html.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("更正说明", html.Content, StringComparison.Ordinal);
        // The appended form as filed: its indicators with the unit's own deviation reason.
        Assert.Contains("<caption>项目支出绩效自评表（1）：地震监测设备运维（金额单位：万元）</caption>", html.Content, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">培训人次</th><td>≥28人次</td><td>26人次</td>", html.Content, StringComparison.Ordinal);
        Assert.Contains("两人因病缺训", html.Content, StringComparison.Ordinal);

        // One table: exact amounts over gRPC, 万元 in the CSV.
        var z01 = await fixture.Publications.GetTableAsync(new GetTableRequest { Id = documentId, Table = "Z01" }, Anonymous);
        Assert.Equal("1700000", z01.Rows.Single(r => r.Id == "INC_FISCAL").Values[0]);
        Assert.Contains("\r\nINC_FISCAL,", z01.Csv, StringComparison.Ordinal);
        var noTable = await Assert.ThrowsAsync<RpcException>(() => fixture.Publications.GetTableAsync(new GetTableRequest { Id = documentId, Table = "Z99" }, Anonymous).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noTable.StatusCode);
        Assert.StartsWith("该公开文件中没有表 “Z99”（现有的表：", noTable.FieldViolations().Single().Description, StringComparison.Ordinal);

        // Lists by region (and below), year, text, unit; a bad region names the field.
        Assert.Contains((await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650000", FiscalYear = 2022, Query = name }, Anonymous)).Documents,
            d => d.Id == documentId && d.RegionName == "乌鲁木齐市");
        Assert.Empty((await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "652300", Query = name }, Anonymous)).Documents);
        Assert.Empty((await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650100", FiscalYear = 2021, UnitId = unit }, Anonymous)).Documents);
        var badRegion = await Assert.ThrowsAsync<RpcException>(() => fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "65" }, Anonymous).ResponseAsync);
        Assert.Equal("region_code", badRegion.FieldViolations().Single().Field);
    }

    [Fact]
    public async Task HttpFormats_PublishedDocument_HtmlJsonCsvFeedsAndBulkWithValidators()
    {
        var (unit, documentId, name) = await PublishedAsync();

        var latest = await fixture.GetAsync($"/public/v1/disclosures/{documentId}.html");
        AssertStatus(HttpStatusCode.OK, latest, "latest html");
        Assert.Equal("text/html", latest.Content.Headers.ContentType!.MediaType);
        // The extension as a person may type it (a citizen was refused ".HTML" with an English field name).
        using var upper = await fixture.GetAsync($"/public/v1/disclosures/{documentId}.HTML");
        AssertStatus(HttpStatusCode.OK, upper, "latest HTML");
        Assert.Equal("text/html", upper.Content.Headers.ContentType!.MediaType);
        Assert.Contains("must-revalidate", latest.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        // No shared cache (the gateway's replicas) may keep "the latest": a correction replaces it everywhere at once.
        Assert.Equal(TimeSpan.Zero, latest.Headers.CacheControl!.SharedMaxAge);
        var etag = latest.Headers.ETag!.ToString();
        var notModified = await fixture.GetAsync($"/public/v1/disclosures/{documentId}.html", etag);
        AssertStatus(HttpStatusCode.NotModified, notModified, "revalidation");
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        // If-None-Match compares weakly (RFC 9110 §13.1.2): the tag a compressing proxy weakened still revalidates.
        AssertStatus(HttpStatusCode.NotModified, await fixture.GetAsync($"/public/v1/disclosures/{documentId}.html", "W/" + etag), "weak revalidation");
        // HEAD: the same headers, no body.
        var head = await fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/public/v1/disclosures/{documentId}.json"));
        AssertStatus(HttpStatusCode.OK, head, "head");
        var get = await fixture.GetAsync($"/public/v1/disclosures/{documentId}.json");
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal((await get.Content.ReadAsByteArrayAsync()).Length, head.Content.Headers.ContentLength);
        // A version that is not a number is a bad request naming it; an address that does not exist says so — neither an empty 404.
        var badVersion = await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/abc.json");
        AssertStatus(HttpStatusCode.BadRequest, badVersion, "bad version");
        using (var error = JsonDocument.Parse(await badVersion.Content.ReadAsStringAsync()))
        {
            Assert.Equal("version", error.RootElement.GetProperty("details")[0].GetProperty("field").GetString());
        }
        var nowhere = await fixture.GetAsync($"/public/v1/disclosures/{documentId}");
        AssertStatus(HttpStatusCode.NotFound, nowhere, "no such address");
        using (var error = JsonDocument.Parse(await nowhere.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith("没有这个地址：", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var versioned = await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1.json");
        AssertStatus(HttpStatusCode.OK, versioned, "versioned json");
        Assert.Contains("immutable", versioned.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await versioned.Content.ReadAsStringAsync()))
        {
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        }

        var csv = await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1/tables/Z01.csv");
        AssertStatus(HttpStatusCode.OK, csv, "csv");
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF代码,项目,", csvText, StringComparison.Ordinal);
        Assert.Contains("\r\nINC_FISCAL,一、财政拨款收入,170.00\r\n", csvText, StringComparison.Ordinal);
        AssertStatus(HttpStatusCode.BadRequest, await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1/tables/Z99.csv"), "unknown table");
        // A classification table's sum row prints under the template's label, not its code.
        var z05 = Encoding.UTF8.GetString(await (await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1/tables/Z05.csv")).Content.ReadAsByteArrayAsync());
        Assert.Contains("\r\nTOTAL,合计,", z05, StringComparison.Ordinal);
        var html = await (await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1.html")).Content.ReadAsStringAsync();
        Assert.Contains("<th scope=\"row\">合计</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">TOTAL<", html, StringComparison.Ordinal);
        var unknownVersion = await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/9.html");
        AssertStatus(HttpStatusCode.NotFound, unknownVersion, "unknown version");
        // A page a citizen opened: a page in Chinese saying what is not there (the JSON of the same version says it too).
        Assert.Contains($"<p role=\"alert\">未找到公开文件 “{documentId}（第 9 版）”</p>", await unknownVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var error = JsonDocument.Parse(await (await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/9.json")).Content.ReadAsStringAsync()))
        {
            Assert.Equal($"未找到公开文件 “{documentId}（第 9 版）”", error.RootElement.GetProperty("message").GetString());
        }
        AssertStatus(HttpStatusCode.BadRequest, await fixture.GetAsync($"/public/v1/disclosures/{documentId}.pdf"), "unknown format");

        using (var list = JsonDocument.Parse(await (await fixture.GetAsync($"/public/v1/disclosures?region=650100&year=2022&unit={unit}")).Content.ReadAsStringAsync()))
        {
            Assert.Equal(documentId, list.RootElement.GetProperty("documents")[0].GetProperty("id").GetString());
            Assert.Equal(name, list.RootElement.GetProperty("documents")[0].GetProperty("departmentName").GetString());
            // The region by its name, for a citizen's list (the landing page showed 650100).
            Assert.Equal("乌鲁木齐市", list.RootElement.GetProperty("documents")[0].GetProperty("regionName").GetString());
        }
        string end;
        using (var feed = JsonDocument.Parse(await (await fixture.GetAsync("/public/v1/feed.json?limit=1000")).Content.ReadAsStringAsync()))
        {
            Assert.Contains(feed.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("documentId").GetString() == documentId);
            end = feed.RootElement.GetProperty("nextCursor").GetString()!;
        }
        // A cursor the feed never gave (past its end) is refused, not answered with nothing — that would skip what comes.
        var ahead = await fixture.GetAsync($"/public/v1/feed.json?cursor={long.Parse(end, System.Globalization.CultureInfo.InvariantCulture) + 1000}");
        AssertStatus(HttpStatusCode.BadRequest, ahead, "cursor ahead");
        Assert.Contains("\"field\":\"cursor\"", await ahead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Read to the end, the Atom page was last updated when the feed was, not in 1970.
        var caughtUp = XDocument.Parse(await (await fixture.GetAsync($"/public/v1/feed.atom?cursor={end}")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("1970", caughtUp.Root!.Element(XName.Get("updated", "http://www.w3.org/2005/Atom"))!.Value, StringComparison.Ordinal);
        var atom = XDocument.Parse(await (await fixture.GetAsync("/public/v1/feed.atom?limit=1000")).Content.ReadAsStringAsync());
        XNamespace a = "http://www.w3.org/2005/Atom";
        // Links relative to the feed (no host in them), ids permanent name-based UUIDs.
        var atomEntry = atom.Root!.Elements(a + "entry").Single(e => e.Element(a + "link")!.Attribute("href")!.Value == $"disclosures/{documentId}/versions/1.html");
        Assert.StartsWith("urn:uuid:", atomEntry.Element(a + "id")!.Value, StringComparison.Ordinal);
        // Its author the department by name, as the document prints it (was the unit id).
        Assert.Equal(name, atomEntry.Element(a + "author")!.Element(a + "name")!.Value);
        Assert.Contains(atom.Root.Elements(a + "link"), l => (string?)l.Attribute("rel") == "next");
        // Its own address (RFC 4287 §4.2.7.2); read to the end, no next page that is the page itself; a region's feed goes
        // on with that region's (the next page dropped the filter).
        Assert.Contains(atom.Root.Elements(a + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == "feed.atom?limit=1000");
        Assert.DoesNotContain(caughtUp.Root.Elements(a + "link"), l => (string?)l.Attribute("rel") == "next");
        var regional = XDocument.Parse(await (await fixture.GetAsync("/public/v1/feed.atom?region=650100&limit=1")).Content.ReadAsStringAsync());
        Assert.Matches("^feed\\.atom\\?region=650100&limit=1&cursor=\\d+$", regional.Root!.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "next").Attribute("href")!.Value);
        // Lists and feeds revalidate as "the latest" does: an unchanged page is 304 (they had neither ETag nor Cache-Control).
        foreach (var path in new[] { "/public/v1/feed.atom?limit=1000", "/public/v1/feed.json?limit=1000", $"/public/v1/disclosures?unit={unit}" })
        {
            var first = await fixture.GetAsync(path);
            Assert.Contains("must-revalidate", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            AssertStatus(HttpStatusCode.NotModified, await fixture.GetAsync(path, first.Headers.ETag!.ToString()), path);
        }
        // Counts and years that cannot be are refused, naming them (0 was answered as the default; -1 as "必须填写").
        foreach (var (path, field) in new[] { ("/public/v1/disclosures?pageSize=0", "pageSize"), ("/public/v1/feed.json?limit=0", "limit"),
            ("/public/v1/disclosures?year=1899", "year"), ("/public/v1/bulk/650100/-1.zip", "year") })
        {
            var refused = await fixture.GetAsync(path);
            AssertStatus(HttpStatusCode.BadRequest, refused, path);
            Assert.Contains($"\"field\":\"{field}\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Bulk: the zip's checksum, and every file against the manifest inside it.
        var bulk = await fixture.GetAsync("/public/v1/bulk/650100/2022.zip");
        AssertStatus(HttpStatusCode.OK, bulk, "bulk");
        var zip = await bulk.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), bulk.Headers.GetValues("X-Checksum-SHA256").Single());
        using var archive = new ZipArchive(new MemoryStream(zip));
        byte[] Read(string path)
        {
            using var bytes = new MemoryStream();
            archive.GetEntry(path)!.Open().CopyTo(bytes);
            return bytes.ToArray();
        }
        var manifest = Encoding.UTF8.GetString(Read("manifest.sha256")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")).ToList();
        Assert.Contains(manifest, m => m[1] == $"{documentId}/v1.html");
        Assert.Contains(manifest, m => m[1] == $"{documentId}/v1/Z05.csv");
        foreach (var m in manifest)
        {
            Assert.Equal(m[0], Convert.ToHexStringLower(SHA256.HashData(Read(m[1]))));
        }
        // The zip's CSVs are the files the CSV URLs serve: with the byte-order mark spreadsheet programs need.
        Assert.Equal(Encoding.UTF8.GetBytes("\uFEFF代码,项目,"), Read($"{documentId}/v1/Z01.csv")[..Encoding.UTF8.GetByteCount("\uFEFF代码,项目,")]);
        var grpcBulk = await fixture.Publications.GetBulkAsync(new GetBulkRequest { RegionCode = "650100", FiscalYear = 2022 }, Anonymous);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(grpcBulk.Zip.ToByteArray())), grpcBulk.Sha256);
        Assert.True(grpcBulk.Documents >= 1);
    }

    [Fact]
    public async Task Correction_AfterPublication_NewVersionWithNoticeAndOldVersionStays()
    {
        var (unit, documentId, _) = await PublishedAsync();
        var clerk = new Platform.Grpc.Security.CallerIdentity($"clerk-{unit}", ["clerk"], "650100", unit);
        var first = await fixture.GetAsync($"/public/v1/disclosures/{documentId}.html");
        var firstEtag = first.Headers.ETag!.ToString();

        const string reason = "更正其他收入的填报错误";
        var correction = await fixture.Accounts.OpenCorrectionAsync(new Platform.Accounts.V1.OpenCorrectionRequest { UnitId = unit, FiscalYear = 2022, Reason = reason }, As(clerk));
        var resubmitted = await fixture.FileAndSubmitAsync(unit, clerk, correction.Version);
        await fixture.ApproveAsync(unit, resubmitted.Version);

        var latest = await EventuallyAsync(() => fixture.Publications.GetDocumentAsync(new GetDocumentRequest { Id = documentId, Format = "html" }, Anonymous),
            d => d.Version == 2, "version 2 published");
        Assert.Contains("更正说明", latest.Content, StringComparison.Ordinal);
        Assert.Contains(reason, latest.Content, StringComparison.Ordinal);
        Assert.Equal(reason, latest.CorrectionReason);
        Assert.Equal([(1, ""), (2, reason)], latest.Versions.Select(v => (v.Version, v.CorrectionReason)));

        // The latest URL follows the event (its cached pointer dropped); the old version reads as it was published.
        var relatest = await EventuallyAsync(() => fixture.GetAsync($"/public/v1/disclosures/{documentId}.html"),
            r => r.Headers.ETag!.ToString() != firstEtag, "the latest URL serving version 2");
        Assert.Contains(reason, await relatest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var old = await fixture.GetAsync($"/public/v1/disclosures/{documentId}/versions/1.html");
        AssertStatus(HttpStatusCode.OK, old, "version 1");
        Assert.Equal(firstEtag, old.Headers.ETag!.ToString());
        Assert.DoesNotContain("更正说明", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var feed = await fixture.Publications.GetFeedAsync(new GetFeedRequest { Limit = 1000 }, Anonymous);
        var corrected = feed.Entries.Single(e => e.DocumentId == documentId && e.Version == 2);
        Assert.Equal(("CORRECTED", reason), (corrected.Kind, corrected.CorrectionReason));
        var listed = (await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650100", UnitId = unit }, Anonymous)).Documents.Single();
        Assert.Equal((2, true), (listed.Version, listed.Corrected));
    }

    [Fact]
    public async Task GetDirectory_Anonymous_NamesEachRegionWithPublishedDocumentsAndTheYears()
    {
        var (unit, documentId, _) = await PublishedAsync();
        var listed = (await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { UnitId = unit }, Anonymous)).Documents.Single();
        var all = (await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { PageSize = 500 }, Anonymous)).Documents;

        var directory = await fixture.Publications.GetDirectoryAsync(new GetDirectoryRequest(), Anonymous);

        var region = directory.Regions.Single(r => r.Code == listed.RegionCode);
        Assert.Equal("乌鲁木齐市", region.Name);
        Assert.Equal(all.Count(d => d.RegionCode == listed.RegionCode), region.Documents);
        Assert.Equal(all.Select(d => d.RegionCode).Distinct().Order(StringComparer.Ordinal), directory.Regions.Select(r => r.Code));
        Assert.Equal(all.Select(d => d.FiscalYear).Distinct().OrderDescending(), directory.FiscalYears);
        Assert.Equal(documentId, listed.Id);

        // The same over plain HTTP, for a site that reads JSON without gRPC; a parameter it does not take is refused.
        using var plain = await fixture.GetAsync("/public/v1/directory.json");
        AssertStatus(HttpStatusCode.OK, plain, "directory.json");
        using (var json = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()))
        {
            Assert.Equal(directory.Regions.Select(r => (r.Code, r.Name, r.Documents)),
                json.RootElement.GetProperty("regions").EnumerateArray().Select(r => (r.GetProperty("code").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("documents").GetInt32())));
            Assert.Equal(directory.FiscalYears, json.RootElement.GetProperty("fiscalYears").EnumerateArray().Select(y => y.GetInt32()));
        }
        using var unknown = await fixture.GetAsync("/public/v1/directory.json?region=650100");
        AssertStatus(HttpStatusCode.BadRequest, unknown, "directory.json with a parameter");
    }

    [Fact]
    public async Task ListDocuments_PageSizeOne_KeysetPagesVisitEachDocumentOnceInOrder()
    {
        var (_, first, _) = await PublishedAsync();
        var (_, second, _) = await PublishedAsync();
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650100", FiscalYear = 2022, Query = "乌鲁木齐市气象局", PageSize = 1, PageToken = token }, Anonymous);
            Assert.True(page.Documents.Count <= 1);
            seen.AddRange(page.Documents.Select(d => d.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(seen.Distinct().Order(StringComparer.Ordinal), seen);
        Assert.Contains(first, seen);
        Assert.Contains(second, seen);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { PageToken = "%%%" }, Anonymous).ResponseAsync);
        Assert.Equal("page_token", badToken.FieldViolations().Single().Field);
        var badSize = await Assert.ThrowsAsync<RpcException>(() => fixture.Publications.ListDocumentsAsync(new ListDocumentsRequest { PageSize = 501 }, Anonymous).ResponseAsync);
        Assert.Equal("page_size", badSize.FieldViolations().Single().Field);

        // The feed resumes after a cursor: only what came later.
        var all = await fixture.Publications.GetFeedAsync(new GetFeedRequest { Limit = 1000 }, Anonymous);
        var at = all.Entries.Single(e => e.DocumentId == first);
        var after = await fixture.Publications.GetFeedAsync(new GetFeedRequest { Cursor = at.Cursor, Limit = 1000 }, Anonymous);
        Assert.DoesNotContain(after.Entries, e => e.DocumentId == first);
        Assert.Contains(after.Entries, e => e.DocumentId == second);
        Assert.All(after.Entries, e => Assert.True(long.Parse(e.Cursor, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(at.Cursor, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("cursor", (await Assert.ThrowsAsync<RpcException>(() => fixture.Publications.GetFeedAsync(new GetFeedRequest { Cursor = "abc" }, Anonymous).ResponseAsync)).FieldViolations().Single().Field);
    }

    /// <summary>A department whose parts are in before approval: the approval itself publishes version 1.</summary>
    private async Task<(string Unit, string DocumentId, string Name)> PublishedAsync()
    {
        var name = $"乌鲁木齐市气象局{Guid.NewGuid().ToString("N")[..4]}";
        var (unit, clerk) = await fixture.RegisterDepartmentAsync(name);
        await fixture.ReportInventoryAsync(unit, clerk);
        await fixture.SubmitEvaluationAsync(unit, clerk);
        var submitted = await fixture.FileAndSubmitAsync(unit, clerk);
        await fixture.ApproveAsync(unit, submitted.Version);
        await EventuallyAsync(() => fixture.StatusAsync(unit), s => s.State == "PUBLISHED", "publication on approval");
        return (unit, $"{unit}-2022", name);
    }
}
