using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Identity.Domain;
using Platform.Identity.Host.Persistence;

namespace Platform.Identity.Host.Demo;

/// <summary>
/// One demo user per role for the demo units and offices (Identity:SeedDemo, set by `./platform run`), with the
/// passwords README.md lists — for the embedded default only: a deployment creates its users through its administrators.
/// Users already there are left as they are (a changed password stays changed).
/// </summary>
internal sealed class IdentityDemoSeeder(IServiceProvider services, IOptions<IdentityServiceOptions> options) : IHostedService
{
    public static readonly IReadOnlyList<(string Login, string Name, string Role, string Jurisdiction, string? Unit, string Password)> Users =
    [
        ("clerk.urumqi-emergency", "乌鲁木齐市应急管理局 填报员", "clerk", "650100", "urumqi-emergency", "demo-clerk-2022"),
        ("head.urumqi-emergency", "乌鲁木齐市应急管理局 单位负责人", "unit-head", "650100", "urumqi-emergency", "demo-head-2022"),
        ("clerk.urumqi-seismic", "乌鲁木齐市地震监测中心 填报员", "clerk", "650100", "urumqi-seismic", "demo-clerk-2022"),
        ("reviewer.urumqi", "乌鲁木齐市财政局 审核人员", "reviewer", "650100", null, "demo-reviewer-2022"),
        ("reviewer.xinshi", "新市区财政局 审核人员", "reviewer", "650104", null, "demo-reviewer-2022"),
        ("reviewer.changji", "昌吉回族自治州财政局 审核人员", "reviewer", "652300", null, "demo-reviewer-2022"),
        ("admin.xinjiang", "自治区财政厅 系统管理员", "admin", "650000", null, "demo-admin-2022"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemo)
        {
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        foreach (var (login, name, role, jurisdiction, unit, password) in Users)
        {
            if (await users.FindByNameAsync(login) is not null)
            {
                continue;
            }
            var created = await users.CreateAsync(PlatformUser.Of(UserProfile.Create(login, name, role, jurisdiction, unit)), password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {login} could not be created: {string.Join("; ", created.Errors.Select(e => e.Code))}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
