using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.Events.V1;
using Platform.Messaging;
using Platform.Publication.Domain.Documents;
using Platform.Publication.Domain.Publishing;
using Platform.Publication.Domain.Rendering;
using Platform.Publication.Host.Assembly;
using Platform.Publication.Host.Persistence;

namespace Platform.Publication.Host.Publishing;

/// <summary>
/// Moves a department's file forward inside the caller's transaction (a consumer's, with its inbox row): records an
/// approval, and publishes when every part is in — the document, its HTML, the version row, the file and the
/// <see cref="DisclosurePublished"/> event commit together, or none of them.
/// </summary>
internal sealed partial class Publisher(PublicationDbContext db, IPartsGatherer gatherer, TimeProvider time, ILogger<Publisher> logger)
{
    /// <summary>A return version was approved: open or advance the file, then try to publish it.</summary>
    public async Task ApprovedAsync(ReturnApproved approved, CancellationToken token)
    {
        var row = await db.Files.FindAsync([approved.UnitId, approved.FiscalYear], token);
        PublicationFile file;
        if (row is null)
        {
            file = PublicationFile.Open(approved.UnitId, approved.FiscalYear, approved.RegionCode, approved.Version, approved.At);
            row = new FileRow();
            db.Files.Add(row);
        }
        else
        {
            file = row.ToDomain();
            if (!file.Approved(approved.Version, approved.RegionCode, approved.At))
            {
                return;
            }
        }
        await TryPublishAsync(file, token);
        row.CopyFrom(file);
    }

    /// <summary>A part arrived (an inventory, a scored evaluation): a waiting file may now be complete.</summary>
    public async Task PartArrivedAsync(string unitId, int fiscalYear, CancellationToken token)
    {
        var row = await db.Files.FindAsync([unitId, fiscalYear], token);
        if (row is null)
        {
            return;
        }
        var file = row.ToDomain();
        if (!file.IsWaiting)
        {
            // Published documents change only by a correction of the return (a reason for the 更正说明).
            LateArrival(logger, unitId, fiscalYear);
            return;
        }
        await TryPublishAsync(file, token);
        row.CopyFrom(file);
    }

    private async Task TryPublishAsync(PublicationFile file, CancellationToken token)
    {
        var gathered = await gatherer.GatherAsync(file, token);
        if (gathered.Sources is null)
        {
            file.StillMissing(gathered.Missing);
            Waiting(logger, file.UnitId, file.FiscalYear, string.Join(", ", gathered.Missing));
            return;
        }
        var now = time.GetUtcNow();
        var (version, notice) = file.Publish(now, gathered.CorrectionReason);
        var document = DocumentBuilder.Build(gathered.Sources, version, now, notice is null ? null : new CorrectionNotice(notice.PreviousVersion, notice.Reason, now));
        var documentId = DisclosureDocument.IdFor(file.UnitId, file.FiscalYear);
        await db.Versions.Where(v => v.DocumentId == documentId && v.IsLatest).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsLatest, false), token);
        db.Versions.Add(new VersionRow
        {
            DocumentId = documentId, Version = version, UnitId = file.UnitId, FiscalYear = file.FiscalYear, RegionCode = document.RegionCode,
            Title = document.Title, DepartmentName = document.Profile.Name, RegionName = PrintedRegion(document.Profile.RegionName), ReturnVersion = document.ReturnVersion, PublishedAt = now, CorrectionReason = notice?.Reason, IsLatest = true,
            Json = DocumentFormats.ToJson(document), Html = HtmlWriter.Write(document),
        });
        db.AddEvent(new DisclosurePublished(documentId, file.UnitId, file.FiscalYear, document.RegionCode, version, document.ReturnVersion, notice?.Reason, now), now);
        Published(logger, documentId, version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disclosure {DocumentId} published as version {Version}")]
    private static partial void Published(ILogger logger, string documentId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disclosure of {Unit} {FiscalYear} waits for: {Missing}")]
    private static partial void Waiting(ILogger logger, string unit, int fiscalYear, string missing);

    /// <summary>The profile's region name, unless it is the code the document fell back to when the registry had no name.</summary>
    private static string? PrintedRegion(string name) => name.Length == 0 || name.All(char.IsAsciiDigit) ? null : name;

    [LoggerMessage(Level = LogLevel.Information, Message = "A part of {Unit} {FiscalYear} arrived after publication; the published document stays until the return is corrected")]
    private static partial void LateArrival(ILogger logger, string unit, int fiscalYear);
}
