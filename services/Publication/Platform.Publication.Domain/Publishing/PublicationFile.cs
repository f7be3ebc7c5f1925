using Platform.Domain;

namespace Platform.Publication.Domain.Publishing;

/// <summary>The parts a document is written from, besides the approved return (which starts the file).</summary>
public enum DocumentPart
{
    /// <summary>国有资产占用情况: the unit's asset inventory of the year (assets service).</summary>
    AssetInventory,

    /// <summary>项目支出绩效自评表: at least one scored self-evaluation of the year (performance service).</summary>
    PerformanceEvaluations,
}

public enum PublicationState
{
    /// <summary>The return is approved; a part is missing, and the file says which.</summary>
    Waiting,

    /// <summary>The latest approved return is published (as version <see cref="PublicationFile.PublishedVersions"/>).</summary>
    Published,
}

/// <summary>
/// A department's disclosure of one fiscal year, from the approval of its return to its published versions. Publication
/// follows approval within <see cref="PublicationDeadline.Days"/> days; a correction of the return (a new approved version)
/// makes a new document version with its reason as the 更正说明, and no version is ever deleted.
/// </summary>
public sealed class PublicationFile
{
    private PublicationFile(string unitId, int fiscalYear, string regionCode)
    {
        UnitId = unitId;
        FiscalYear = fiscalYear;
        RegionCode = regionCode;
    }

    public string UnitId { get; }
    public int FiscalYear { get; }
    public string RegionCode { get; private set; }
    public PublicationState State { get; private set; }

    /// <summary>The approved return version waiting for (or given) publication, and when it was approved.</summary>
    public int ReturnVersion { get; private set; }
    public DateTimeOffset ApprovedAt { get; private set; }

    /// <summary>The return version the latest published document was written from (0: none yet).</summary>
    public int PublishedReturnVersion { get; private set; }
    public int PublishedVersions { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>The reason of the correction the latest published version carries, when it is one.</summary>
    public string? CorrectionReason { get; private set; }
    public IReadOnlyList<DocumentPart> Missing { get; private set; } = [];

    public DateOnly DueDate => PublicationDeadline.Due(ApprovedAt);

    public static PublicationFile Restore(string unitId, int fiscalYear, string regionCode, PublicationState state, int returnVersion, DateTimeOffset approvedAt,
        int publishedReturnVersion, int publishedVersions, DateTimeOffset? publishedAt, string? correctionReason, IReadOnlyList<DocumentPart> missing) =>
        new(unitId, fiscalYear, regionCode)
        {
            State = state, ReturnVersion = returnVersion, ApprovedAt = approvedAt, PublishedReturnVersion = publishedReturnVersion,
            PublishedVersions = publishedVersions, PublishedAt = publishedAt, CorrectionReason = correctionReason, Missing = missing,
        };

    /// <summary>The first approval of a department's return for the year opens its file.</summary>
    public static PublicationFile Open(string unitId, int fiscalYear, string regionCode, int returnVersion, DateTimeOffset approvedAt)
    {
        var file = new PublicationFile(unitId, fiscalYear, regionCode);
        file.Approved(returnVersion, regionCode, approvedAt);
        return file;
    }

    /// <summary>A return version was approved. False when it is not newer than what the file has (a redelivery, an old event).</summary>
    public bool Approved(int returnVersion, string regionCode, DateTimeOffset approvedAt)
    {
        if (returnVersion <= ReturnVersion)
        {
            return false;
        }
        ReturnVersion = returnVersion;
        RegionCode = regionCode;
        ApprovedAt = approvedAt;
        State = PublicationState.Waiting;
        Missing = [];
        return true;
    }

    /// <summary>Whether the approved return still waits for publication (a new part could let it through).</summary>
    public bool IsWaiting => State == PublicationState.Waiting;

    /// <summary>Records which parts are still missing; the file keeps waiting.</summary>
    public void StillMissing(IReadOnlyList<DocumentPart> missing)
    {
        if (!IsWaiting)
        {
            throw new PreconditionFailedException(PublicationMessages.NothingMissing(UnitId, FiscalYear));
        }
        Missing = missing.Distinct().Order().ToList();
    }

    /// <summary>
    /// Publishes the approved return as the next document version. The first version has no notice; every later one is a
    /// correction and carries the reason the return's correction gave (<paramref name="returnCorrectionReason"/>).
    /// </summary>
    public (int Version, CorrectionNoticeText? Notice) Publish(DateTimeOffset at, string? returnCorrectionReason)
    {
        if (!IsWaiting)
        {
            throw new PreconditionFailedException(PublicationMessages.AlreadyPublished(UnitId, FiscalYear, ReturnVersion));
        }
        var notice = PublishedVersions == 0
            ? null
            : new CorrectionNoticeText(PublishedVersions, string.IsNullOrWhiteSpace(returnCorrectionReason) ? PublicationMessages.DefaultCorrectionReason(ReturnVersion) : returnCorrectionReason.Trim());
        CorrectionReason = notice?.Reason;
        PublishedVersions++;
        PublishedReturnVersion = ReturnVersion;
        PublishedAt = at;
        State = PublicationState.Published;
        Missing = [];
        return (PublishedVersions, notice);
    }

    /// <summary>Approved but not published by the due date (or published after it).</summary>
    public bool IsOverdue(DateOnly today) => IsWaiting ? today > DueDate : PublishedAt is { } p && ChinaTime.DateOf(p) > DueDate;
}

/// <summary>The previous version a correction replaces, and why.</summary>
public sealed record CorrectionNoticeText(int PreviousVersion, string Reason);

/// <summary>
/// 财预〔2016〕143号《地方预决算公开操作规程》: departments publish their final accounts within 20 days of the finance
/// department's approval. Days are calendar days in China's time zone (UTC+8), from the day after approval.
/// </summary>
public static class PublicationDeadline
{
    public const int Days = 20;

    public static DateOnly Due(DateTimeOffset approvedAt) => ChinaTime.DateOf(approvedAt).AddDays(Days);
}
