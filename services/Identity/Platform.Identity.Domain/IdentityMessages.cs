using Platform.Domain;

namespace Platform.Identity.Domain;

/// <summary>
/// The identity service's messages a person reads (zh-CN): the sign-in page, password changes and user profiles. Shared
/// refusals are <see cref="Messages"/>; codes and field names stay English; never a password, never a token.
/// </summary>
public static class IdentityMessages
{
    public const string RoleRequired = "请选择角色";

    public const string ControlCharacters = "不能包含换行、制表符等控制字符";

    public static string UnknownRole(string role) => $"角色 {Quoting.Quote(role)} 不存在：应为填报员（clerk）、单位负责人（unit-head）、财政审核人员（reviewer）或系统管理员（admin）之一";

    public static string NotADivisionCode(string code) => $"{Quoting.Quote(code)} 不是 6 位行政区划代码（如 650000、652300、652301）";

    public static string UnitRequired(PortalRole role) => $"{PortalRoles.DisplayName(role)}须属于一个单位：请指定其所在单位";

    public static string NoUnitForRole(PortalRole role) => $"{PortalRoles.DisplayName(role)}不属于某个单位：请不要填写单位";

    public static string LoginNameLength(int length, int max) => $"登录名应为 3 至 {max} 个字符，实际为 {length} 个";

    public const string LoginNameCharacters = "登录名只能包含小写英文字母、数字、“.”“-”“_”，并以字母或数字开头";

    public static string UsersOfRegion(string jurisdiction) => $"行政区划 {Quoting.Quote(jurisdiction)} 的用户";

    public static string UnitNotActive(string unit, string status) => $"单位 {Quoting.Quote(unit)} 本年度{Messages.UnitStatus(status)}，不能为其添加或调整人员";

    public static string UnitOutsideJurisdiction(string unit, string unitRegion, string jurisdiction) =>
        $"单位 {Quoting.Quote(unit)} 位于 {unitRegion}，与该用户的管辖范围 {jurisdiction} 不一致：单位人员的管辖范围应为单位所在地区";

    public const string NotOwnAccount = "不能在此管理自己的账户（修改密码请到“修改密码”页面）";

    public const string AdministratorsFromAbove = "系统管理员只能由上一级的系统管理员创建、修改或停用";

    public static string LoginNameTaken(string login) => $"登录名 {Quoting.Quote(login)} 已被使用";

    public static string PasswordNotAccepted(IEnumerable<string> problems) => string.Join("；", problems);

    public static string RegionNotRegistered(string code) => $"单位名录中没有行政区划 {Quoting.Quote(code)}：请核对代码";

    public const string NoLongerAdministrator = "您的账户已停用或已不是系统管理员，不能再管理用户：请重新登录";

    // ------------------------------------------------------------ the sign-in page

    public const string SignInTitle = "登录 · 部门决算与绩效管理平台";

    public const string WrongCredentials = "登录名或密码不正确";

    /// <summary>Why the provider refused a client's request, by its standard error code (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6).</summary>
    public static string OidcRefusal(string error) => error switch
    {
        "invalid_request" => "登录请求不完整或不正确（例如回调地址 redirect_uri 或退出后的返回地址未登记）。请从门户重新进入登录。",
        "invalid_client" or "unauthorized_client" => "发起登录的应用未登记或无权使用这种登录方式。",
        "invalid_scope" => "登录请求申请了未登记的权限范围（scope）。",
        "unsupported_response_type" => "登录请求使用了不支持的响应方式。",
        "access_denied" => "登录已被拒绝。",
        "login_required" or "consent_required" or "interaction_required" => "需要重新登录。请从门户重新进入登录。",
        _ => $"登录请求被拒绝（错误代码 {error}）。请从门户重新进入登录。",
    };

    public static string LockedOut(DateTimeOffset until, DateTimeOffset now) =>
        $"连续输错密码次数过多，账户已暂时锁定，请 {Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes))} 分钟后再试";

    public const string Disabled = "该账户已停用，请联系本级财政部门的系统管理员";

    public const string MissingCredentials = "请输入登录名和密码";

    /// <summary>The form's antiforgery token is missing or stale (an old tab, cookies blocked): fill it in again.</summary>
    public const string PageExpired = "页面已过期或浏览器未保存本站的 Cookie，请重新填写后提交";

    // ------------------------------------------------------------ password change

    public const string PasswordChanged = "密码已修改";

    public const string CurrentPasswordWrong = "当前密码不正确";

    public const string PasswordsDiffer = "两次输入的新密码不一致";

    public static string PasswordTooShort(string what, int min) => $"{what}至少 {min} 个字符";

    public static string PasswordNeedsDigit(string what) => $"{what}须包含至少一个数字";

    public static string PasswordNeedsLetter(string what) => $"{what}须包含至少一个字母";

    public static string PasswordSameAsLogin(string what) => $"{what}不能与登录名相同";

    public static string PasswordEdgeSpace(string what) => $"{what}不能以空格开头或结尾（输入时容易多出或漏掉）";

    public const string PasswordRejected = "新密码不符合要求";
}
