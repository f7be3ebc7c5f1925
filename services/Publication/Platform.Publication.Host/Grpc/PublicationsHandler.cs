using Grpc.Core;
using System.Globalization;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Grpc;
using Platform.Publication.Domain;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Publishing;
using Platform.Publication.Host.Persistence;
using Platform.Publication.Host.Reading;
using Platform.Publication.V1;
using Platform.Registry.Client;
using ProtoDocumentPage = Platform.Publication.V1.DocumentPage;
using VersionInfo = Platform.Publication.V1.VersionInfo;

namespace Platform.Publication.Host.Grpc;

/// <summary>
/// platform.publication.v1.Publications. The read methods are public: no caller is required, and they read through
/// <see cref="DocumentReader"/>, which sees published versions only. Status and overdue lists are internal: the unit's
/// staff and the finance office over it. Domain errors become statuses in the transport's one mapper.
/// </summary>
internal sealed class PublicationsHandler(DocumentReader reader, PublicationDbContext db, IUnitLookup units, TimeProvider time)
    : Publications.PublicationsBase
{
    public override async Task<ProtoDocumentPage> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var page = await reader.ListAsync(request.RegionCode, request.FiscalYear, request.UnitId, request.Query, request.PageSize, request.PageToken, context.CancellationToken);
        var proto = new ProtoDocumentPage { NextPageToken = page.NextPageToken ?? "" };
        proto.Documents.AddRange(page.Documents.Select(Summary));
        return proto;
    }

    public override async Task<DisclosureDirectory> GetDirectory(GetDirectoryRequest request, ServerCallContext context)
    {
        var (regions, years) = await reader.DirectoryAsync(context.CancellationToken);
        var directory = new DisclosureDirectory();
        directory.Regions.AddRange(regions.Select(r => new Platform.Publication.V1.DirectoryRegion { Code = r.Code, Name = r.Name ?? "", Documents = r.Documents }));
        directory.FiscalYears.AddRange(years);
        return directory;
    }

    public override async Task<Document> GetDocument(GetDocumentRequest request, ServerCallContext context)
    {
        var rendered = await reader.GetAsync(request.Id, request.Version, request.Format, context.CancellationToken);
        var versions = await reader.VersionsAsync(request.Id, context.CancellationToken);
        var this_ = versions.Single(v => v.Version == rendered.Version);
        var latest = versions.Single(v => v.IsLatest);
        var document = new Document
        {
            Summary = Summary(latest), Version = rendered.Version, ContentType = rendered.ContentType, Content = rendered.Content, Etag = rendered.ETag,
            CorrectionReason = this_.CorrectionReason ?? "",
        };
        document.Versions.AddRange(versions.Select(v => new VersionInfo { Version = v.Version, PublishedAt = Time(v.PublishedAt), CorrectionReason = v.CorrectionReason ?? "" }));
        return document;
    }

    public override async Task<Table> GetTable(GetTableRequest request, ServerCallContext context)
    {
        var (version, table) = await reader.TableAsync(request.Id, request.Version, request.Table, context.CancellationToken);
        var proto = new Table { DocumentId = request.Id, Version = version, Id = table.Id, Title = table.Title, Csv = DocumentFormats.Csv(table) };
        proto.Columns.AddRange(table.Columns.Select(c => c.Name));
        proto.Rows.AddRange(table.Rows.Select(r =>
        {
            var row = new TableRow { Id = r.Id, Name = r.Name, IsCount = !r.IsAmount };
            row.Values.AddRange(r.Values.Select(DecimalText.Canonical));
            return row;
        }));
        return proto;
    }

    public override async Task<Feed> GetFeed(GetFeedRequest request, ServerCallContext context)
    {
        var (entries, next) = await reader.FeedAsync(request.Cursor, request.Limit, request.RegionCode, context.CancellationToken);
        var feed = new Feed { NextCursor = next.ToString(CultureInfo.InvariantCulture) };
        feed.Entries.AddRange(entries.Select(e => new FeedEntry
        {
            Cursor = e.Sequence.ToString(CultureInfo.InvariantCulture), Kind = e.Version == 1 ? "PUBLISHED" : "CORRECTED", DocumentId = e.DocumentId,
            Version = e.Version, Title = e.Title, RegionCode = e.RegionCode, FiscalYear = e.FiscalYear, PublishedAt = Time(e.PublishedAt),
            CorrectionReason = e.CorrectionReason ?? "", DepartmentName = e.DepartmentName ?? "",
        }));
        return feed;
    }

    public override async Task<Bulk> GetBulk(GetBulkRequest request, ServerCallContext context)
    {
        DocumentReader.RegionPrefix(request.RegionCode);
        var (zip, sha, count) = await reader.BulkAsync(request.RegionCode, request.FiscalYear, context.CancellationToken);
        return new Bulk { Zip = ByteString.CopyFrom(zip), Sha256 = sha, Documents = count };
    }

    public override async Task<PublicationStatus> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var unit = await units.GetAsync(request.UnitId, request.FiscalYear, "unit_id", context.CancellationToken);
        if (!actor.IsStaffOf(unit.Id) && !actor.IsReviewerOver(unit.RegionCode) && !actor.IsPlatformService)
        {
            throw new ForbiddenException(Messages.MayNotRead);
        }
        var row = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.UnitId == unit.Id && f.FiscalYear == request.FiscalYear, context.CancellationToken)
            ?? throw new NotFoundException("Publication file", PublicationMessages.NoFileKey(unit.Id, request.FiscalYear));
        return Status(row.ToDomain());
    }

    public override async Task<OverdueList> ListOverdue(ListOverdueRequest request, ServerCallContext context)
    {
        var actor = context.Caller.ToActor();
        var region = request.RegionCode is { Length: > 0 } r ? r : actor.RegionCode ?? "";
        var prefix = DocumentReader.RegionPrefix(region);
        if (!actor.IsReviewerOver(region))
        {
            throw new ForbiddenException(PublicationMessages.OverdueReviewerOnly(region));
        }
        var today = Today();
        var rows = db.Files.AsNoTracking().Where(f => f.RegionCode.StartsWith(prefix));
        if (request.FiscalYear != 0)
        {
            rows = rows.Where(f => f.FiscalYear == request.FiscalYear);
        }
        // Waiting past the due date, or published after it (the index serves the first; the second is the rarer audit).
        var candidates = await rows.Where(f => f.DueDate < today || f.PublishedAt != null).OrderBy(f => f.DueDate).ThenBy(f => f.UnitId).ToListAsync(context.CancellationToken);
        var list = new OverdueList();
        list.Overdue.AddRange(candidates.Select(f => f.ToDomain()).Where(f => f.IsOverdue(today)).Select(Status));
        return list;
    }

    private PublicationStatus Status(PublicationFile f)
    {
        var status = new PublicationStatus
        {
            UnitId = f.UnitId, FiscalYear = f.FiscalYear, State = f.State == PublicationState.Waiting ? "WAITING" : "PUBLISHED", ReturnVersion = f.ReturnVersion,
            ApprovedAt = Time(f.ApprovedAt), DueDate = f.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PublishedVersions = f.PublishedVersions,
            PublishedAt = f.PublishedAt is { } p ? Time(p) : "", Overdue = f.IsOverdue(Today()),
        };
        status.Missing.AddRange(f.Missing.Select(PublicationMessages.PartName));
        return status;
    }

    private DateOnly Today() => Platform.Domain.ChinaTime.DateOf(time.GetUtcNow());

    private static DocumentSummary Summary(VersionRow v) => new()
    {
        Id = v.DocumentId, UnitId = v.UnitId, FiscalYear = v.FiscalYear, RegionCode = v.RegionCode, Title = v.Title, Version = v.Version,
        PublishedAt = Time(v.PublishedAt), Corrected = v.Version > 1, DepartmentName = v.DepartmentName ?? "", RegionName = v.RegionName ?? "",
    };

    private static string Time(DateTimeOffset at) => DocumentFormats.Timestamp(at);
}
