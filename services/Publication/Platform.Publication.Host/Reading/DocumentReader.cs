using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Publication.Domain;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Host.Persistence;

namespace Platform.Publication.Host.Reading;

/// <summary>A page of latest published versions.</summary>
internal sealed record DocumentPage(IReadOnlyList<VersionRow> Documents, string? NextPageToken);

/// <summary>A region with published documents: its code, its name as its latest document prints it, how many it has.</summary>
internal sealed record DirectoryRegion(string Code, string? Name, int Documents);

/// <summary>
/// Every public read: published versions only (the only rows <c>publication_versions</c> holds), from the cache where
/// it can. One reader behind both the gRPC API and the HTTP formats, so the two cannot disagree on what is visible.
/// </summary>
internal sealed class DocumentReader(PublicationDbContext db, DocumentCache cache)
{
    public const string Json = "json";
    public const string Html = "html";

    /// <summary>The rendered document (<paramref name="version"/> 0: the latest); NOT_FOUND for anything not published.</summary>
    public async Task<RenderedDocument> GetAsync(string id, int version, string format, CancellationToken token)
    {
        format = Format(format);
        RequireId(id);
        if (version < 0)
        {
            throw new ValidationException("version", PublicationMessages.VersionOutOfRange, "OUT_OF_RANGE");
        }
        if (version == 0)
        {
            version = await cache.GetLatestAsync(id, token) ?? await LatestVersionAsync(id, token);
        }
        if (await cache.GetAsync(id, version, format, token) is { } cached)
        {
            return cached;
        }
        var row = await db.Versions.AsNoTracking().SingleOrDefaultAsync(v => v.DocumentId == id && v.Version == version, token)
            ?? throw new NotFoundException("Disclosure", PublicationMessages.VersionKey(id, version));
        var rendered = RenderedDocument.Of(id, version, format == Html ? "text/html; charset=utf-8" : "application/json; charset=utf-8", format == Html ? row.Html : row.Json);
        await cache.SetAsync(rendered, format, token);
        return rendered;
    }

    private async Task<int> LatestVersionAsync(string id, CancellationToken token)
    {
        var latest = await db.Versions.AsNoTracking().Where(v => v.DocumentId == id && v.IsLatest).Select(v => (int?)v.Version).SingleOrDefaultAsync(token)
            ?? throw new NotFoundException("Disclosure", id);
        await cache.SetLatestAsync(id, latest, token);
        return latest;
    }

    public async Task<IReadOnlyList<VersionRow>> VersionsAsync(string id, CancellationToken token) =>
        await db.Versions.AsNoTracking().Where(v => v.DocumentId == id).OrderBy(v => v.Version)
            .Select(v => new VersionRow { DocumentId = v.DocumentId, Version = v.Version, UnitId = v.UnitId, FiscalYear = v.FiscalYear, RegionCode = v.RegionCode,
                Title = v.Title, DepartmentName = v.DepartmentName, RegionName = v.RegionName, PublishedAt = v.PublishedAt, CorrectionReason = v.CorrectionReason, IsLatest = v.IsLatest,
                ReturnVersion = v.ReturnVersion, Sequence = v.Sequence })
            .ToListAsync(token);

    /// <summary>One table of a published version (0: the latest).</summary>
    public async Task<(int Version, ReportTable Table)> TableAsync(string id, int version, string table, CancellationToken token)
    {
        var document = DocumentFormats.FromJson((await GetAsync(id, version, Json, token)).Content);
        var found = document.Tables.FirstOrDefault(t => string.Equals(t.Id, table, StringComparison.OrdinalIgnoreCase))
            ?? throw new ValidationException("table", PublicationMessages.NoTable(table, document.Tables.Select(t => t.Id)), "UNKNOWN_TABLE");
        return (document.Version, found);
    }

    /// <summary>Latest published versions by region (and below), year, department and text; keyset pages by document id.</summary>
    public async Task<DocumentPage> ListAsync(string? regionCode, int fiscalYear, string? unitId, string? query, int pageSize, string? pageToken, CancellationToken token)
    {
        pageSize = pageSize switch
        {
            0 => 50,
            < 0 or > 500 => throw new ValidationException("page_size", PublicationMessages.PageSize(500), "OUT_OF_RANGE"),
            _ => pageSize,
        };
        // 0 is "any year" (proto3's absent); a year no disclosure can have is refused rather than answered with nothing.
        if (fiscalYear != 0 && !FiscalYearRange.Contains(fiscalYear))
        {
            throw new ValidationException("fiscal_year", PublicationMessages.NotAFiscalYear(fiscalYear), "OUT_OF_RANGE");
        }
        var rows = Latest(regionCode, fiscalYear);
        if (!string.IsNullOrWhiteSpace(unitId))
        {
            // Refused by the same rule on both surfaces (the JSON mapping's scope check said it; the plain HTTP list did not).
            if (UnitIds.Problem(unitId.Trim()) is { } problem)
            {
                throw new ValidationException("unit_id", problem, "INVALID");
            }
            rows = rows.Where(v => v.UnitId == unitId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(query))
        {
            var text = query.Trim();
            rows = rows.Where(v => v.Title.Contains(text));
        }
        if (!string.IsNullOrEmpty(pageToken))
        {
            var after = DecodeToken(pageToken);
            rows = rows.Where(v => string.Compare(v.DocumentId, after) > 0);
        }
        var page = await Summaries(rows.OrderBy(v => v.DocumentId)).Take(pageSize + 1).ToListAsync(token);
        return page.Count > pageSize
            ? new DocumentPage(page[..pageSize], Convert.ToBase64String(Encoding.UTF8.GetBytes(page[pageSize - 1].DocumentId)))
            : new DocumentPage(page, null);
    }

    /// <summary>
    /// What a reader can search by — the regions whose units have latest published versions, each named as its most
    /// recently published document prints it, and the years published — so a citizen picks a name, not a code. Grouped in
    /// the database: a region's documents are many, its regions and years few.
    /// </summary>
    public async Task<(IReadOnlyList<DirectoryRegion> Regions, IReadOnlyList<int> Years)> DirectoryAsync(CancellationToken token)
    {
        var latest = db.Versions.AsNoTracking().Where(v => v.IsLatest);
        var named = await latest.GroupBy(v => new { v.RegionCode, v.RegionName })
            .Select(g => new { g.Key.RegionCode, g.Key.RegionName, Count = g.Count(), Last = g.Max(v => v.Sequence) })
            .ToListAsync(token);
        var regions = named.GroupBy(n => n.RegionCode)
            .Select(g => new DirectoryRegion(g.Key,
                g.Where(n => !string.IsNullOrEmpty(n.RegionName)).OrderByDescending(n => n.Last).Select(n => n.RegionName).FirstOrDefault(),
                g.Sum(n => n.Count)))
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        var years = await latest.Select(v => v.FiscalYear).Distinct().OrderByDescending(y => y).ToListAsync(token);
        return (regions, years);
    }

    /// <summary>Publications and corrections after <paramref name="cursor"/> in the order they were published.</summary>
    public async Task<(IReadOnlyList<VersionRow> Entries, long Next)> FeedAsync(string? cursor, int limit, string? regionCode, CancellationToken token)
    {
        long after = 0;
        if (!string.IsNullOrEmpty(cursor) && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            throw new ValidationException("cursor", PublicationMessages.BadCursor, "INVALID_CURSOR");
        }
        limit = limit switch
        {
            0 => 100,
            < 0 or > 1000 => throw new ValidationException("limit", PublicationMessages.Limit(1000), "OUT_OF_RANGE"),
            _ => limit,
        };
        var rows = db.Versions.AsNoTracking().Where(v => v.Sequence > after);
        if (!string.IsNullOrEmpty(regionCode))
        {
            var prefix = RegionPrefix(regionCode);
            rows = rows.Where(v => v.RegionCode.StartsWith(prefix));
        }
        var entries = await Summaries(rows.OrderBy(v => v.Sequence)).Take(limit).ToListAsync(token);
        // A cursor the feed never gave (past its last entry) would silently skip whatever is published up to it.
        if (entries.Count == 0 && after > 0 && await db.Versions.MaxAsync(v => (long?)v.Sequence, token) is var last && after > (last ?? 0))
        {
            throw new ValidationException("cursor", PublicationMessages.CursorAhead(last ?? 0), "INVALID_CURSOR");
        }
        return (entries, entries.Count > 0 ? entries[^1].Sequence : after);
    }

    /// <summary>When the feed (of a region) last changed: its latest entry's publication; null before anything is published.</summary>
    public async Task<DateTimeOffset?> LastPublishedAsync(string? regionCode, CancellationToken token)
    {
        var rows = db.Versions.AsNoTracking();
        if (!string.IsNullOrEmpty(regionCode))
        {
            var prefix = RegionPrefix(regionCode);
            rows = rows.Where(v => v.RegionCode.StartsWith(prefix));
        }
        return (await rows.OrderByDescending(v => v.Sequence).Select(v => new { v.PublishedAt }).FirstOrDefaultAsync(token))?.PublishedAt;
    }

    /// <summary>
    /// Every latest version of a region and year in one zip: per document its JSON, HTML and one CSV per table, and
    /// manifest.sha256 (sha256sum's format) over every file, so a site can verify what it mirrors.
    /// </summary>
    public async Task<(byte[] Zip, string Sha256, int Count)> BulkAsync(string regionCode, int fiscalYear, CancellationToken token)
    {
        if (fiscalYear == 0)
        {
            throw new ValidationException("fiscal_year", Messages.Required, "REQUIRED");
        }
        if (!FiscalYearRange.Contains(fiscalYear))
        {
            // "-1" was told "必须填写", though it was given.
            throw new ValidationException("fiscal_year", PublicationMessages.NotAFiscalYear(fiscalYear), "OUT_OF_RANGE");
        }
        var rows = await Latest(regionCode, fiscalYear).OrderBy(v => v.DocumentId).ToListAsync(token);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new StringBuilder();
            void Add(string path, string content)
            {
                var bytes = Encoding.UTF8.GetBytes(content);
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                // Fixed entry times: the same documents give the same archive, so its checksum is stable.
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using (var stream = entry.Open())
                {
                    stream.Write(bytes);
                }
                manifest.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(path).Append('\n');
            }
            foreach (var row in rows)
            {
                // Entry names are built from checked parts only (a unit id of the one grammar, numbers, a table code): a
                // document stored before ids had a grammar is left out rather than written under a name that means a path.
                var folder = DisclosureDocument.IdFor(row.UnitId, row.FiscalYear);
                if (!UnitIds.IsValid(row.UnitId) || row.DocumentId != folder)
                {
                    continue;
                }
                var version = row.Version.ToString(CultureInfo.InvariantCulture);
                Add($"{folder}/v{version}.json", row.Json);
                Add($"{folder}/v{version}.html", row.Html);
                foreach (var table in DocumentFormats.FromJson(row.Json).Tables.Where(t => IsTableCode(t.Id)))
                {
                    Add($"{folder}/v{version}/{table.Id}.csv", DocumentFormats.CsvFile(table));
                }
            }
            Add("manifest.sha256", manifest.ToString());
        }
        var archive = buffer.ToArray();
        return (archive, Convert.ToHexStringLower(SHA256.HashData(archive)), rows.Count);
    }

    private IQueryable<VersionRow> Latest(string? regionCode, int fiscalYear)
    {
        var rows = db.Versions.AsNoTracking().Where(v => v.IsLatest);
        if (!string.IsNullOrEmpty(regionCode))
        {
            var prefix = RegionPrefix(regionCode);
            rows = rows.Where(v => v.RegionCode.StartsWith(prefix));
        }
        if (fiscalYear != 0)
        {
            rows = rows.Where(v => v.FiscalYear == fiscalYear);
        }
        return rows;
    }

    /// <summary>Lists and feeds carry no document bodies.</summary>
    private static IQueryable<VersionRow> Summaries(IQueryable<VersionRow> rows) =>
        rows.Select(v => new VersionRow
        {
            Sequence = v.Sequence, DocumentId = v.DocumentId, Version = v.Version, UnitId = v.UnitId, FiscalYear = v.FiscalYear, RegionCode = v.RegionCode,
            Title = v.Title, DepartmentName = v.DepartmentName, RegionName = v.RegionName, ReturnVersion = v.ReturnVersion, PublishedAt = v.PublishedAt,
            CorrectionReason = v.CorrectionReason, IsLatest = v.IsLatest,
        });

    internal static string RegionPrefix(string regionCode) =>
        regionCode.Length == 6 && regionCode.All(char.IsAsciiDigit)
            ? Jurisdiction.SignificantPrefix(regionCode)
            : throw new ValidationException("region_code", PublicationMessages.NotARegionCode, "INVALID_REGION");

    // An address's extension read as people type it (.HTML, .Json): a citizen was shown "format：格式须为 json 或 html".
    private static string Format(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or Json => Json,
        Html => Html,
        _ => throw new ValidationException("format", PublicationMessages.UnknownFormat, "UNKNOWN_FORMAT"),
    };

    /// <summary>A table code as templates write them (Z01, F03, GOV_FUNDS): letters, digits, underscores.</summary>
    private static bool IsTableCode(string id) =>
        id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void RequireId(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ValidationException("id", PublicationMessages.DocumentIdRequired, "REQUIRED");
        }
        if (id.Length > 200)
        {
            // Given, but longer than any document id (a unit id of at most 64 characters and a year): not "必须填写".
            throw new ValidationException("id", Platform.Domain.Messages.TooLong(id.Length, 200), "TOO_LONG");
        }
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ValidationException("page_token", PublicationMessages.BadPageToken, "INVALID_PAGE_TOKEN");
        }
    }
}
