using Platform.Domain;

namespace Platform.Gateway;

/// <summary>
/// The catalogue of what the gateway itself answers a client (zh-CN): a token it refuses, a request it cannot read or
/// that is over a limit, a service that did not answer, a request outside the caller's jurisdiction. What the services
/// answer passes through untouched; messages every service shares are <see cref="Messages"/>. Codes and logs stay
/// English, and no message names the token, the key or the caller's subject.
/// </summary>
internal static class GatewayMessages
{
    // ------------------------------------------------------------ tokens

    public const string SignInRequired = "此操作需要先登录（请求中没有 Bearer 令牌）";

    public const string NotAllowed = "您的角色或管辖范围不允许此操作";

    public const string TokenNoSubject = "令牌中没有用户标识（sub）";

    public const string TokenExpired = "令牌已过期，请重新登录";

    public const string TokenNotYetValid = "令牌尚未生效，请检查签发时间或本机时钟";

    public const string TokenOtherAudience = "令牌不是签发给本系统的（受众 aud 不符）";

    public const string TokenIssuerUntrusted = "令牌的签发方不受信任";

    public const string TokenAlgorithmRefused = "令牌的签名算法不被接受";

    public const string TokenSignatureInvalid = "令牌签名无效";

    public const string TokenNoExpiry = "令牌没有有效期（exp）";

    public const string TokenMalformed = "令牌格式不正确";

    // ------------------------------------------------------------ requests

    public static string BodyTooLarge(long? limit) => $"请求正文超过网关的上限 {limit} 字节";

    public const string RequestUnreadable = "无法读取该请求（格式不正确或不完整）";

    public const string RequestContentUnreadable = "请求内容无法读取（不是有效的 JSON 或 UTF-8，或消息不完整）";

    public static string TooManyRequests(int seconds) => $"请求过于频繁，请 {seconds} 秒后再试";

    /// <summary>An API address or method no route serves.</summary>
    public static string NoSuchRoute(string what) =>
        $"没有这个接口：{what}（地址或请求方法不对；接口见 /api/{{county,prefecture,city}}/v1/… 与 /api/public/v1/…）";

    /// <summary>A page no route serves, for a browser.</summary>
    public static string NoSuchPage(string what) => Platform.ServiceDefaults.MessagePage.Html("页面不存在", $"没有这个页面：{what}", ("返回首页", "/"));

    /// <summary>A form posted too often from one address (the sign-in page): a page, with the way back.</summary>
    public static string TooManyAttemptsPage(int seconds) =>
        Platform.ServiceDefaults.MessagePage.Html("尝试次数过多", $"从您所在网络提交登录的次数过多，请 {(seconds + 59) / 60} 分钟后再试。", ("返回登录", "/portal"));

    // ------------------------------------------------------------ jurisdiction

    public static string RegionOutsideJurisdiction(string regionCode, string? own) =>
        $"无权操作：行政区划 {Quoting.Quote(regionCode)} 不在您的管辖范围内{Own(own)}";

    /// <summary>A unit outside the caller's jurisdiction, or one the registry does not know (the same words for both: see JurisdictionGuard).</summary>
    public static string UnitOutsideJurisdiction(string unitId, string? own) =>
        $"无权操作：单位 {Quoting.Quote(unitId)} 不在您的管辖范围内{Own(own)}，或单位编码有误（请核对）";

    private static string Own(string? own) => own is null ? "（您的账号没有设定管辖区划）" : $"（您的管辖区划为 {own}）";

    public const string RegistryUnreachable = "暂时无法连接单位名录服务，无法核对单位的管辖范围，请稍后再试";

    // ------------------------------------------------------------ services behind the gateway

    public const string ServiceTimedOut = "服务未在规定时间内应答，请稍后再试";

    public static string ClusterTimedOut(string cluster) => $"{ServiceName(cluster)}未在规定时间内应答，请稍后再试";

    public static string NoHealthyReplica(string cluster) => $"{ServiceName(cluster)}暂时没有可用的服务实例，请稍后再试";

    public static string Unreachable(string cluster) => $"暂时无法连接{ServiceName(cluster)}，请稍后再试";

    public static string NotAnsweredInTime(string cluster) => $"{ServiceName(cluster)}未能及时应答，请稍后再试";

    public static string FailedWhileAnswering(string cluster) => $"{ServiceName(cluster)}在应答过程中出错，请稍后再试";

    /// <summary>A cluster (gateway.routes.json) as a reader knows the service, its id beside it for whoever reports the fault.</summary>
    public static string ServiceName(string cluster) => cluster switch
    {
        "registry" => "单位名录服务（registry）",
        "accounts" => "部门决算服务（accounts）",
        "performance" => "绩效评价服务（performance）",
        "assets" => "资产管理服务（assets）",
        "publication" or "publication-http" => $"信息公开服务（{cluster}）",
        _ => $"服务 {Quoting.Quote(cluster)}",
    };
}
