namespace Platform.Domain.Tests;

public sealed class MessagesTests
{
    [Fact]
    public void RoleRequired_ServiceAdministratorsAndPlatformRoles_NamedAsPeopleCallThem()
    {
        var message = Messages.RoleRequired(["registry-admin", "accounts-admin", PlatformRoles.Reviewer, "performance-admin"]);

        Assert.Equal("无权执行此操作：需要以下角色之一：单位名录管理员、部门决算管理员、审核人员、绩效评价管理员", message);
        Assert.DoesNotContain("-admin", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleName_ARoleTheTableDoesNotKnow_ShownAsItIs() =>
        Assert.Equal("budget-auditor", Messages.RoleName("budget-auditor"));
}
