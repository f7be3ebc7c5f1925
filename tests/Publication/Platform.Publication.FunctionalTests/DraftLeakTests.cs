using Grpc.Core;
using System.IO.Compression;
using System.Net;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Publication.V1;
using static Platform.Publication.FunctionalTests.PublicationFixture;

namespace Platform.Publication.FunctionalTests;

/// <summary>
/// Only published versions are ever visible through the public API: a return in draft, submitted, returned, and
/// approved-but-waiting is tried by every public route (gRPC and HTTP) and must not be found. Then the deadline monitor
/// lists the waiting file once 20 days have passed, to the finance office over it only.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class DraftLeakTests(PublicationFixture fixture)
{
    [Fact]
    public async Task EveryPublicRoute_DraftSubmittedReturnedWaiting_NeverVisible_ThenOverdueForTheOfficeOnly()
    {
        var name = $"乌鲁木齐市未公开局{Guid.NewGuid().ToString("N")[..4]}";
        var (unit, clerk) = await fixture.RegisterDepartmentAsync(name);
        var documentId = $"{unit}-2022";

        var opened = await fixture.Accounts.OpenReturnAsync(new Platform.Accounts.V1.OpenReturnRequest { UnitId = unit, FiscalYear = 2022 }, As(clerk));
        await AssertInvisibleAsync(unit, documentId, name, "draft");

        var submitted = await fixture.FileAndSubmitAsync(unit, clerk);
        await AssertInvisibleAsync(unit, documentId, name, "submitted");

        var review = new Platform.Accounts.V1.ReviewReturnRequest
        {
            Ref = new Platform.Accounts.V1.ReturnRef { UnitId = unit, FiscalYear = 2022, Version = submitted.Version },
            Decision = Platform.Accounts.V1.ReviewReturnRequest.Types.Decision.Return,
        };
        review.Comments.Add(new Platform.Accounts.V1.ReviewComment { Target = "Z01[INC_OTHER,AMT]", Text = "请核对其他收入" });
        var returned = await fixture.Accounts.ReviewReturnAsync(review, As(CityReviewer));
        Assert.Equal("RETURNED", returned.State);
        await AssertInvisibleAsync(unit, documentId, name, "returned");

        var resubmitted = await fixture.Accounts.SubmitReturnAsync(new Platform.Accounts.V1.SubmitReturnRequest { Ref = review.Ref, Revision = returned.Revision }, As(clerk));
        await fixture.ApproveAsync(unit, resubmitted.Version);
        var waiting = await EventuallyAsync(() => fixture.StatusAsync(unit), s => s.State == "WAITING" && s.Missing.Count == 2, "the approved file waiting for its parts");
        Assert.False(waiting.Overdue);
        await AssertInvisibleAsync(unit, documentId, name, "approved, parts missing");

        // Status is internal: not for anonymous callers, not for another prefecture's office.
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Publications.GetStatusAsync(new GetStatusRequest { UnitId = unit, FiscalYear = 2022 }, Anonymous).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Publications.GetStatusAsync(new GetStatusRequest { UnitId = unit, FiscalYear = 2022 }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
        Assert.Equal("WAITING", (await fixture.Publications.GetStatusAsync(new GetStatusRequest { UnitId = unit, FiscalYear = 2022 }, As(clerk))).State);

        // 财预〔2016〕143号: 20 days after approval. Day 20 is still in time; day 21 is overdue.
        Assert.DoesNotContain((await fixture.Publications.ListOverdueAsync(new ListOverdueRequest { RegionCode = "650100", FiscalYear = 2022 }, As(CityReviewer))).Overdue, s => s.UnitId == unit);
        try
        {
            fixture.Time.Offset = TimeSpan.FromDays(21);
            var overdue = await fixture.Publications.ListOverdueAsync(new ListOverdueRequest { FiscalYear = 2022 }, As(CityReviewer));
            var mine = overdue.Overdue.Single(s => s.UnitId == unit);
            Assert.Equal(("WAITING", true, waiting.DueDate), (mine.State, mine.Overdue, mine.DueDate));
            Assert.Contains((await fixture.Publications.ListOverdueAsync(new ListOverdueRequest { RegionCode = "650100" }, As(RegionReviewer))).Overdue, s => s.UnitId == unit);
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                fixture.Publications.ListOverdueAsync(new ListOverdueRequest { RegionCode = "650100" }, As(ChangjiReviewer)).ResponseAsync)).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                fixture.Publications.ListOverdueAsync(new ListOverdueRequest { RegionCode = "650100" }, As(clerk)).ResponseAsync)).StatusCode);
            Assert.Empty((await fixture.Publications.ListOverdueAsync(new ListOverdueRequest(), As(ChangjiReviewer))).Overdue);
        }
        finally
        {
            fixture.Time.Offset = TimeSpan.Zero;
        }
        GC.KeepAlive(opened);
    }

    private async Task AssertInvisibleAsync(string unit, string documentId, string name, string stage)
    {
        var p = fixture.Publications;
        foreach (var (version, format) in new[] { (0, "json"), (0, "html"), (1, "json"), (1, "html") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => p.GetDocumentAsync(new GetDocumentRequest { Id = documentId, Version = version, Format = format }, Anonymous).ResponseAsync);
            Assert.True(ex.StatusCode == StatusCode.NotFound, $"{stage}: GetDocument v{version} {format} answered {ex.StatusCode}");
        }
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => p.GetTableAsync(new GetTableRequest { Id = documentId, Table = "Z01" }, Anonymous).ResponseAsync)).StatusCode);
        Assert.Empty((await p.ListDocumentsAsync(new ListDocumentsRequest { RegionCode = "650000", Query = name }, Anonymous)).Documents);
        Assert.Empty((await p.ListDocumentsAsync(new ListDocumentsRequest { UnitId = unit }, Anonymous)).Documents);
        Assert.DoesNotContain((await p.GetFeedAsync(new GetFeedRequest { Limit = 1000 }, Anonymous)).Entries, e => e.DocumentId == documentId);
        var bulk = await p.GetBulkAsync(new GetBulkRequest { RegionCode = "650100", FiscalYear = 2022 }, Anonymous);
        using (var archive = new ZipArchive(new MemoryStream(bulk.Zip.ToByteArray())))
        {
            Assert.DoesNotContain(archive.Entries, e => e.FullName.StartsWith(documentId, StringComparison.Ordinal));
        }

        foreach (var path in new[]
        {
            $"/public/v1/disclosures/{documentId}.html", $"/public/v1/disclosures/{documentId}.json",
            $"/public/v1/disclosures/{documentId}/versions/1.html", $"/public/v1/disclosures/{documentId}/versions/1.json",
            $"/public/v1/disclosures/{documentId}/versions/1/tables/Z01.csv",
        })
        {
            AssertStatus(HttpStatusCode.NotFound, await fixture.GetAsync(path), $"{stage}: {path}");
        }
        foreach (var path in new[] { $"/public/v1/disclosures?unit={unit}", "/public/v1/feed.json?limit=1000", "/public/v1/feed.atom?limit=1000" })
        {
            var response = await fixture.GetAsync(path);
            AssertStatus(HttpStatusCode.OK, response, $"{stage}: {path}");
            Assert.DoesNotContain(documentId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var httpZip = new ZipArchive(new MemoryStream(await (await fixture.GetAsync("/public/v1/bulk/650100/2022.zip")).Content.ReadAsByteArrayAsync()));
        Assert.DoesNotContain(httpZip.Entries, e => e.FullName.StartsWith(documentId, StringComparison.Ordinal));
    }
}
