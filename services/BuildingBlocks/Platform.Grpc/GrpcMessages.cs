using Platform.Domain;

namespace Platform.Grpc;

/// <summary>
/// The catalogue of what the platform's server pipeline tells a caller before or around a handler (zh-CN): the request
/// text ceiling, the strict JSON check, the bounded status of a long list of errors and refused caller credentials.
/// Messages every service shares are <see cref="Messages"/>; codes (TOO_LONG, INVALID_JSON), field paths and logs stay
/// English. Values sent are quoted with <see cref="Quoting.Quote"/>, so an answer stays small whatever was sent.
/// </summary>
internal static class GrpcMessages
{
    // ------------------------------------------------------------ request text

    public static string RequestTextTooLong(int length, int max) => $"长度 {length} 个字符，超过请求文本的上限 {max} 个字符";

    public const string DecimalNegative = "不能为负数";

    /// <summary>A declared decimal with more decimals than its declaration allows (scale 0: a whole number).</summary>
    public static string DecimalTooPrecise(int scale, int decimals) =>
        scale == 0 ? $"应为整数，不能有小数（实际有 {decimals} 位小数）" : $"最多 {scale} 位小数，实际有 {decimals} 位";

    /// <summary>A status whose list of field errors was cut to fit its header: how many more there are.</summary>
    public static string MoreNotListed(string message, int dropped) => $"{message}（另有 {dropped} 处错误未列出）";

    // ------------------------------------------------------------ caller credentials (x-platform-caller)

    public static string CredentialsRejected(string reason) => $"调用方身份凭据无效：{reason}";

    public const string TokenExpired = "凭据已过期";

    public const string TokenMalformed = "凭据格式不正确";

    public const string TokenSignatureInvalid = "凭据签名无效";

    public const string TokenNoSubject = "凭据中没有调用方标识";

    // ------------------------------------------------------------ JSON requests

    public const string BodyMustBeJson = "请求正文须为 JSON（Content-Type: application/json）";

    public const string NotAField = "不是该请求的字段";

    public const string OneValueOnly = "只能给出一个值";

    public const string DuplicateField = "重复出现（同一字段只能给出一次）";

    public static string OneofConflict(string other, string oneof) => $"与 {other} 同属 {oneof}，只能给出其中之一";

    public static string InvalidJson(long line, long bytePosition) => $"不是有效的 JSON（第 {line} 行第 {bytePosition} 个字节附近）";

    public const string MustBeObject = "须为 JSON 对象";

    public const string MustBeMap = "须为 JSON 对象（键值对）";

    public const string MustBeArray = "须为 JSON 数组";

    public const string NameNotUtf8 = "字段名不是有效的 UTF-8 文本";

    public const string TextNotUtf8 = "不是有效的 UTF-8 文本";

    public static string ValueNotOfType(string value, string type) => $"值{Quoting.Quote(value)}不是{type}";

    public static string MustBeOfType(string type) => $"须为{type}";

    public static string IntegerOutOfRange(string value, string min, string max) => $"值{Quoting.Quote(value)}超出范围：须在 {min} 到 {max} 之间";

    // The JSON types a field may have, as the two sentences above name them.

    public const string TypeBool = "布尔值（true 或 false）";

    public const string TypeBytes = "base64 编码的字节";

    public static string TypeEnum(string name, IEnumerable<string> values) => $"{name} 的取值（{string.Join("、", values)}）";

    public const string TypeNumber = "数字";

    public const string TypeString = "字符串";

    public const string TypeObject = "JSON 对象";

    public const string TypeInteger = "整数";
}
