namespace Platform.Portal.Work;

/// <summary>Where something a unit filed stands with the finance office, as its review form needs to know.</summary>
public enum ReviewStanding
{
    /// <summary>Filed, awaiting the office's decision.</summary>
    Awaiting,
    /// <summary>Accepted (审核通过): it may still be sent back.</summary>
    Accepted,
    /// <summary>Sent back to the unit: nothing to decide until it is filed again.</summary>
    Returned,
    /// <summary>Anything else (imported from a publication, never filed): nothing to decide.</summary>
    Other,
}
