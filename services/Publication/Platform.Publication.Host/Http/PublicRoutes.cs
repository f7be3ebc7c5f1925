using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Domain;
using Platform.Publication.Domain;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Host.Persistence;
using Platform.Publication.Host.Reading;

namespace Platform.Publication.Host.Http;

/// <summary>
/// The formats publication sites fetch over plain HTTP (anonymous, read-only, published versions only): the document as
/// accessible HTML or JSON, a table as CSV, the change feed as Atom and JSON, and the bulk zip. Versioned URLs are
/// immutable (cached for a year); "latest" URLs are revalidated (ETag, 304). Lists and the gRPC methods are also
/// reachable as JSON through the gateway's transcoding (issue 9); these routes serve what gRPC cannot (HTML, CSV, Atom, zip).
/// </summary>
internal static class PublicRoutes
{
    public const string Prefix = PublicAddresses.Prefix;

    private const string Immutable = "public, max-age=31536000, immutable";
    // "The latest" changes the moment a correction is published. A browser may keep it a minute; a shared cache (the
    // gateway, every replica of it) may not keep it at all (s-maxage=0, RFC 9111 §5.2.2.10), so no replica can serve a
    // version the service has already replaced. The service's own cache is replaced by the publication itself.
    private const string Revalidate = "public, max-age=60, s-maxage=0, must-revalidate";

    /// <summary>
    /// Every route answers HEAD as GET (RFC 9110 §9.3.2: the same headers, no body — Kestrel sends none): a site checks
    /// an ETag or a zip's size and checksum without fetching it.
    /// </summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    private static void Get(RouteGroupBuilder routes, string pattern, Delegate handler) => routes.MapMethods(pattern, GetOrHead, handler);

    public static void Map(IEndpointRouteBuilder app)
    {
        var routes = app.MapGroup(Prefix);
        Get(routes, "/disclosures/{id}.{format}", (string id, string format, HttpContext http, DocumentReader reader) =>
            Guarded(http, () => Document(http, reader, id, 0, format)));
        // The version is read here, not by a route constraint: "versions/abc" is a bad version (400 naming it), not an
        // address that does not exist (an empty 404).
        Get(routes, "/disclosures/{id}/versions/{version}.{format}", (string id, string version, string format, HttpContext http, DocumentReader reader) =>
            Guarded(http, () => Document(http, reader, id, VersionOf(version), format)));
        Get(routes, "/disclosures/{id}/versions/{version}/tables/{table}.csv", (string id, string version, string table, HttpContext http, DocumentReader reader) =>
            Guarded(http, async () =>
            {
                var number = VersionOf(version);
                var (_, t) = await reader.TableAsync(id, number, table, http.RequestAborted);
                var csv = DocumentFormats.CsvFile(t);
                return Send(http, "text/csv; charset=utf-8", csv, Etag(csv), number == 0 ? Revalidate : Immutable);
            }));
        Get(routes, "/disclosures", (HttpContext http, DocumentReader reader, string? region, string? year, string? unit, string? q, string? pageSize, string? pageToken) =>
            Guarded(http, async () =>
            {
                Only(http, "region", "year", "unit", "q", "pageSize", "pageToken");
                var page = await reader.ListAsync(region, Whole(year, "year"), unit, q, Positive(pageSize, "pageSize", PublicationMessages.PageSize(500)), pageToken, http.RequestAborted);
                return Listing(http, new
                {
                    documents = page.Documents.Select(d => new { id = d.DocumentId, unitId = d.UnitId, departmentName = d.DepartmentName, fiscalYear = d.FiscalYear, regionCode = d.RegionCode, regionName = d.RegionName, title = d.Title,
                        version = d.Version, publishedAt = DocumentFormats.Timestamp(d.PublishedAt), corrected = d.Version > 1, href = PublicAddresses.Document(d.DocumentId, d.Version, "html") }),
                    nextPageToken = page.NextPageToken,
                });
            }));
        Get(routes, "/directory.json", (HttpContext http, DocumentReader reader) =>
            Guarded(http, async () =>
            {
                Only(http);
                var (regions, years) = await reader.DirectoryAsync(http.RequestAborted);
                return Listing(http, new { regions = regions.Select(r => new { code = r.Code, name = r.Name ?? "", documents = r.Documents }), fiscalYears = years });
            }));
        Get(routes, "/feed.json", (HttpContext http, DocumentReader reader, string? cursor, string? limit, string? region) =>
            Guarded(http, async () =>
            {
                Only(http, "cursor", "limit", "region");
                var (entries, next) = await reader.FeedAsync(cursor, Positive(limit, "limit", PublicationMessages.Limit(1000)), region, http.RequestAborted);
                return Listing(http, new { entries = entries.Select(Entry), nextCursor = next.ToString(CultureInfo.InvariantCulture) });
            }));
        Get(routes, "/feed.atom", (HttpContext http, DocumentReader reader, string? cursor, string? limit, string? region) =>
            Guarded(http, async () =>
            {
                Only(http, "cursor", "limit", "region");
                var (entries, next) = await reader.FeedAsync(cursor, Positive(limit, "limit", PublicationMessages.Limit(1000)), region, http.RequestAborted);
                // An empty page (read to the end) was last updated when the feed was, not in 1970.
                var updated = entries.Count > 0 ? entries[^1].PublishedAt : await reader.LastPublishedAsync(region, http.RequestAborted) ?? DateTimeOffset.UnixEpoch;
                // The next page keeps the reader's region and limit (it dropped them: a region's feed went on with every region's).
                var rest = http.Request.Query.Where(p => !p.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
                    .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value.ToString()));
                var nextPage = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("feed.atom", [.. rest, new("cursor", next.ToString(CultureInfo.InvariantCulture))]);
                var atom = Atom(entries, nextPage, updated, "feed.atom" + http.Request.QueryString);
                return Send(http, "application/atom+xml; charset=utf-8", atom, Etag(atom), Revalidate);
            }));
        // The year read here (not by a route constraint), as the version is: "abc.zip" is a bad year, not a missing address.
        Get(routes, "/bulk/{region}/{year}.zip", (string region, string year, HttpContext http, DocumentReader reader) =>
            Guarded(http, async () =>
            {
                DocumentReader.RegionPrefix(region);
                var (zip, sha, _) = await reader.BulkAsync(region, Whole(year, "year"), http.RequestAborted);
                http.Response.Headers["X-Checksum-SHA256"] = sha;
                http.Response.Headers.ETag = $"\"{sha[..32]}\"";
                http.Response.Headers.CacheControl = Revalidate;
                return Results.File(zip, "application/zip", $"disclosures-{region}-{year}.zip");
            }));
        // Any other address under the prefix: a 404 that says so and where the routes are (was an empty body).
        Get(routes, "/{**rest}", (HttpContext http) => Missing(http, PublicationMessages.NoSuchAddress(http.Request.Path), PublicationMessages.PageNotFoundTitle));
    }

    private static object Entry(VersionRow e) => new
    {
        cursor = e.Sequence.ToString(CultureInfo.InvariantCulture), kind = e.Version == 1 ? "PUBLISHED" : "CORRECTED", documentId = e.DocumentId, version = e.Version,
        title = e.Title, departmentName = e.DepartmentName, regionCode = e.RegionCode, fiscalYear = e.FiscalYear, publishedAt = e.PublishedAt, correctionReason = e.CorrectionReason,
        href = PublicAddresses.Document(e.DocumentId, e.Version, "html"),
    };

    /// <summary>
    /// A list or feed page as JSON, revalidated as "the latest" is (ETag, 304): a site polling the feed downloads it again
    /// only when it changed (these answered without Cache-Control or ETag; their JSON mapping through the gateway had both).
    /// </summary>
    private static IResult Listing(HttpContext http, object page)
    {
        var json = JsonSerializer.Serialize(page, DocumentFormats.Json);
        return Send(http, "application/json; charset=utf-8", json, Etag(json), Revalidate);
    }

    private static async Task<IResult> Document(HttpContext http, DocumentReader reader, string id, int version, string format)
    {
        var rendered = await reader.GetAsync(id, version, format, http.RequestAborted);
        return Send(http, rendered.ContentType, rendered.Utf8, rendered.ETag, version == 0 ? Revalidate : Immutable);
    }

    /// <summary>RFC 9110 §13.1.2: If-None-Match matching the current ETag → 304 without a body.</summary>
    private static IResult Send(HttpContext http, string contentType, string content, string etag, string cacheControl) =>
        Send(http, contentType, Encoding.UTF8.GetBytes(content), etag, cacheControl);

    private static IResult Send(HttpContext http, string contentType, byte[] content, string etag, string cacheControl)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = cacheControl;
        var match = http.Request.Headers.IfNoneMatch.ToString();
        // If-None-Match compares weakly (RFC 9110 §13.1.2, §8.8.3.2): W/"x" matches "x" — a proxy that compressed the
        // response may have weakened the tag it passed on.
        if (match.Length > 0 && (match.Trim() == "*" || match.Split(',').Select(t => Opaque(t.Trim())).Contains(Opaque(etag))))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(content, contentType);
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;

    private static string Etag(string content) => RenderedDocument.Of("", 0, "", content).ETag;

    /// <summary>
    /// RFC 4287 Atom: one entry per published version, newest last (the order of the cursor), a link to resume. Links are
    /// relative to the feed's own URL (RFC 4287 §3.3 resolves them against it), so the feed read through the gateway, a
    /// publication site's mirror or any path prefix points where its reader found it — never at the service's internal
    /// address. Ids must be permanent whatever the host (§4.2.6): name-based UUIDs of the document version.
    /// </summary>
    private static string Atom(IReadOnlyList<VersionRow> entries, string next, DateTimeOffset updated, string self)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", ns);
            xml.WriteAttributeString("xml", "lang", null, "zh-CN");
            xml.WriteElementString("id", ns, AtomId("feed"));
            xml.WriteElementString("title", ns, "部门决算公开 更新");
            xml.WriteElementString("updated", ns, updated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            // RFC 4287 §4.2.7.2: the feed's own address (as asked, relative). A next page only after a page with entries:
            // an empty page's "next" was the page itself.
            Link(xml, ns, "self", self);
            if (entries.Count > 0)
            {
                Link(xml, ns, "next", next);
            }
            foreach (var e in entries)
            {
                xml.WriteStartElement("entry", ns);
                xml.WriteElementString("id", ns, AtomId($"disclosures/{e.DocumentId}/versions/{e.Version}"));
                xml.WriteElementString("title", ns, e.Version == 1 ? e.Title : $"{e.Title}（第{e.Version}版 更正）");
                xml.WriteElementString("updated", ns, e.PublishedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                // RFC 4287 §4.2.1: every entry has an author (no feed-level one); the department, by its printed name where kept.
                xml.WriteStartElement("author", ns);
                xml.WriteElementString("name", ns, e.DepartmentName ?? e.UnitId);
                xml.WriteEndElement();
                Link(xml, ns, "alternate", $"disclosures/{e.DocumentId}/versions/{e.Version}.html");
                xml.WriteElementString("summary", ns, e.CorrectionReason is { } reason ? $"更正说明：{reason}" : "首次公开");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// urn:uuid of a name-based UUID (RFC 9562 §5.5, version 5: SHA-1 over the URL namespace and the feed's own path).
    /// Written here because .NET's Guid makes random (v4) and time-ordered (v7) UUIDs only, and a package for eight lines
    /// of a published algorithm is not worth its weight.
    /// </summary>
    private static string AtomId(string name)
    {
        byte[] input = [.. UrlNamespace, .. Encoding.UTF8.GetBytes($"{Prefix}/{name}")];
        var bytes = System.Security.Cryptography.SHA1.HashData(input);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>The URL namespace of RFC 9562 Appendix A, in network byte order.</summary>
    private static readonly byte[] UrlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8").ToByteArray(bigEndian: true);

    private static void Link(XmlWriter xml, string ns, string rel, string href)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>
    /// A list's or feed's parameters are exactly its own: a misspelled filter (?regoin=650100) would otherwise answer every
    /// region's documents as if filtered — the JSON mapping of the same methods refuses it too. A parameter beginning with
    /// "_" is a client's cache-buster (jQuery's cache: false sends _=1733…) and means nothing here: ignored.
    /// </summary>
    private static void Only(HttpContext http, params string[] names)
    {
        // Case as the query binding reads it (?pagesize=50 binds pageSize): ignored alike.
        var unknown = http.Request.Query.Keys.Where(k => !k.StartsWith('_') && !names.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException([.. unknown.Select(k => new FieldError(k, PublicationMessages.UnknownParameter(names), "UNKNOWN_PARAMETER"))]);
        }
    }

    /// <summary>A version in a path: 0 (the latest) or a published version's number; anything else refused naming it.</summary>
    private static int VersionOf(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new ValidationException("version", PublicationMessages.BadVersion(text), "INVALID");

    /// <summary>A query's whole number ("year=2022"); absent is 0 (the reader's default); anything else is refused naming it.</summary>
    private static int Whole(string? text, string field, string? range = null) =>
        string.IsNullOrWhiteSpace(text) ? 0
        : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        // A whole number too large to be one of ours is out of range, not "not a whole number" (an outside look: limit=999999999999).
        : text.Trim().TrimStart('-') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit) && text.Trim().LastIndexOf('-') <= 0
            ? throw new ValidationException(field, range ?? PublicationMessages.OutOfRange(text), "OUT_OF_RANGE")
            : throw new ValidationException(field, PublicationMessages.NotAWholeNumber(text), "INVALID");

    /// <summary>
    /// A count asked for (?pageSize=, ?limit=): absent is 0, the reader's default; given, it must be at least 1 — "0" was
    /// answered with the default page under a message that says "1 到 500".
    /// </summary>
    private static int Positive(string? text, string field, string reason)
    {
        var value = Whole(text, field, reason);
        return string.IsNullOrWhiteSpace(text) || value >= 1 ? value : throw new ValidationException(field, reason, "OUT_OF_RANGE");
    }

    /// <summary>The HTTP API's names of the fields the reader names as the gRPC API does (?region=, not region_code).</summary>
    private static readonly Dictionary<string, string> QueryNames = new(StringComparer.Ordinal)
    {
        ["region_code"] = "region", ["page_size"] = "pageSize", ["page_token"] = "pageToken", ["fiscal_year"] = "year", ["unit_id"] = "unit",
    };

    /// <summary>
    /// Domain errors as HTTP statuses with a JSON body naming the field (as the query names it) and the reason; a page a
    /// citizen opened (.html) gets a page in Chinese, not JSON.
    /// </summary>
    private static async Task<IResult> Guarded(HttpContext http, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ValidationException ex)
        {
            // A parameter refused as unknown is named as it was typed (?region_code= is not this API's region).
            var errors = ex.Errors.Select(e => (Field: e.Code == "UNKNOWN_PARAMETER" ? e.Field : QueryNames.GetValueOrDefault(e.Field, e.Field), e.Reason, e.Code)).ToList();
            var message = string.Join("；", errors.Select(e => $"{e.Field}：{e.Reason}"));
            return AsPage(http)
                ? Page(PublicationMessages.RequestRefused, message, StatusCodes.Status400BadRequest)
                : Results.Json(new { code = "INVALID_ARGUMENT", message, details = errors.Select(e => new { field = e.Field, reason = e.Reason, code = e.Code }) },
                    DocumentFormats.Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException ex)
        {
            return Missing(http, ex.Message);
        }
    }

    private static IResult Missing(HttpContext http, string message, string title = PublicationMessages.DocumentNotFoundTitle) => AsPage(http)
        ? Page(title, message, StatusCodes.Status404NotFound)
        : Results.Json(new { code = "NOT_FOUND", message }, DocumentFormats.Json, statusCode: StatusCodes.Status404NotFound);

    private static bool AsPage(HttpContext http) => http.Request.Path.Value?.EndsWith(".html", StringComparison.OrdinalIgnoreCase) == true;

    private static IResult Page(string title, string message, int status) =>
        Results.Content(Platform.ServiceDefaults.MessagePage.Html(title, message, ("返回首页", "/")), "text/html; charset=utf-8", Encoding.UTF8, status);
}
