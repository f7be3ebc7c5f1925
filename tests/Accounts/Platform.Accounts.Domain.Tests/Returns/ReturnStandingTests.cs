using Platform.Accounts.Domain.Returns;

namespace Platform.Accounts.Domain.Tests.Returns;

public sealed class ReturnStandingTests
{
    [Fact]
    public void Of_PublishedWithACorrectionInDraft_StandsPublishedWithTheCorrectionOpen()
    {
        var standing = ReturnStanding.Of([new(1, ReturnState.Published, false), new(2, ReturnState.Draft, false)]);

        Assert.Equal((ReturnState.Published, false, true), standing);
    }

    [Fact]
    public void Of_PublishedThenAnApprovedCorrection_StandsApproved()
    {
        // A department's imported disclosure corrected on the platform: no longer a published disclosure that covers its units.
        var standing = ReturnStanding.Of([new(2, ReturnState.Approved, true), new(1, ReturnState.Published, false)]);

        Assert.Equal((ReturnState.Approved, true, false), standing);
    }

    [Fact]
    public void Of_NeverFinal_TheLatestVersionsState()
    {
        Assert.Equal((ReturnState.Submitted, false, false), ReturnStanding.Of([new(1, ReturnState.Submitted, false)]));
    }
}
