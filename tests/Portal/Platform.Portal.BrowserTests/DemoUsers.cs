namespace Platform.Portal.BrowserTests;

/// <summary>The demo users `./platform run` seeds (README.md lists them with their passwords, for the embedded default only).</summary>
internal static class DemoUsers
{
    public const string SeismicClerk = "clerk.urumqi-seismic";
    public const string EmergencyClerk = "clerk.urumqi-emergency";
    public const string ClerkPassword = "demo-clerk-2022";
    public const string EmergencyHead = "head.urumqi-emergency";
    public const string HeadPassword = "demo-head-2022";
    public const string UrumqiReviewer = "reviewer.urumqi";
    public const string XinshiReviewer = "reviewer.xinshi";
    public const string ReviewerPassword = "demo-reviewer-2022";
    public const string RegionAdministrator = "admin.xinjiang";
    public const string AdministratorPassword = "demo-admin-2022";
}
