namespace Platform.Domain;

/// <summary>What happened to a filing under review: the unit handed it in, or the finance office decided on it.</summary>
public enum ReviewAction
{
    /// <summary>Submitted (a self-evaluation) or reported (an inventory) by the unit.</summary>
    HandedIn = 1,

    /// <summary>审核通过.</summary>
    Accepted = 2,

    /// <summary>退回修改, with a comment.</summary>
    Returned = 3,
}

/// <summary>
/// One step of a filing's review, kept for good: a decision's comment and author outlive the next submission (the filing
/// itself keeps only its latest decision), so whoever reads the filing later sees how it got where it is.
/// </summary>
public sealed record ReviewStep(ReviewAction Action, long Revision, string? By, DateTimeOffset At, string? Comment = null);
