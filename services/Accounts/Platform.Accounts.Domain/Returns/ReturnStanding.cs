namespace Platform.Accounts.Domain.Returns;

/// <summary>One version of a unit's return of a year, as its standing is worked out from.</summary>
public readonly record struct ReturnVersionState(int Version, ReturnState State, bool Late);

/// <summary>
/// Where a unit's return of a year stands, from all its versions: the state of its latest final version (approved, or
/// published) while a correction of it is being prepared — the approved figures stand until the correction is approved
/// — else its latest version's. One rule for the office's progress and for whatever else asks (whether a department's
/// published disclosure covers its units).
/// </summary>
public static class ReturnStanding
{
    public static (ReturnState State, bool Late, bool CorrectionOpen) Of(IReadOnlyCollection<ReturnVersionState> versions)
    {
        var latest = versions.MaxBy(v => v.Version);
        if (latest.State is ReturnState.Approved or ReturnState.Published)
        {
            return (latest.State, latest.Late, false);
        }
        var final = versions.Where(v => v.State is ReturnState.Approved or ReturnState.Published).Select(v => (ReturnVersionState?)v).MaxBy(v => v!.Value.Version);
        return final is { } f ? (f.State, f.Late, true) : (latest.State, latest.Late, false);
    }
}
