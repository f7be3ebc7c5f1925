using Platform.Domain;
using Platform.Identity.Domain;

namespace Platform.Identity.Tests;

public sealed class UserProfileTests
{
    [Fact]
    public void Create_EveryBadField_NamedAtOnceInChinese()
    {
        var ex = Assert.Throws<ValidationException>(() => UserProfile.Create("A", "", "boss", "65", null));

        Assert.Equal(["display_name", "jurisdiction", "login_name", "role"], ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(ex.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Reason));
    }

    [Theory]
    [InlineData("clerk", null, "unit_id")]          // unit staff belong to a unit
    [InlineData("reviewer", "urumqi-emergency", "unit_id")]  // an office's reviewer does not
    [InlineData("clerk", "../etc", "unit_id")]      // the one unit-id grammar
    public void Create_RoleAndUnitDisagree_Refused(string role, string? unit, string field)
    {
        var ex = Assert.Throws<ValidationException>(() => UserProfile.Create("someone", "某人", role, "650100", unit));
        Assert.Equal(field, Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Create_GoodProfile_RoleFromEitherSpelling()
    {
        Assert.Equal(PortalRole.UnitHead, UserProfile.Create("head.x", "负责人", "unit-head", "650100", "urumqi-emergency").Role);
        Assert.Equal(PortalRole.Administrator, UserProfile.Create("admin.x", "管理员", "Administrator", "650000", null).Role);
        Assert.Equal("admin", PortalRoles.Claim(PortalRole.Administrator));
    }

    [Fact]
    public void PasswordPolicy_ShortNoDigitOrTheLoginName_EachReasonGiven()
    {
        Assert.Equal(3, PasswordPolicy.Problems("abcdefg", "abcdefg", 10).Count);
        Assert.Empty(PasswordPolicy.Problems("winter-2026-ok", "clerk.x", 10));
    }
}
