namespace Platform.Events.V1;

/// <summary>
/// A department's disclosure was published (publication service): version <see cref="Version"/> of document
/// <see cref="DocumentId"/>. A version above 1 is a correction and carries its reason. Caches of the document's latest
/// version are dropped on this event.
/// </summary>
public sealed record DisclosurePublished(
    string DocumentId, string UnitId, int FiscalYear, string RegionCode, int Version, int ReturnVersion, string? CorrectionReason, DateTimeOffset At);
