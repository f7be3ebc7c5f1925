namespace Platform.Domain;

/// <summary>
/// The catalogue of the messages a person reads that every service shares (zh-CN): who may not do what, what was not
/// found, what is missing, what has to be tried again. Rules and forms word their own findings; these are the common ones,
/// in one place, so that a clerk in any service reads the same sentence for the same situation and never an internal id
/// (a caller's subject, an entity's type name). Codes, field paths and logs stay English.
/// </summary>
public static class Messages
{
    private static readonly Dictionary<string, string> EntityNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["return"] = "决算报表",
        ["unit"] = "单位",
        ["region"] = "行政区划",
        ["scope"] = "决算范围",
        ["staffing"] = "人员编制情况",
        ["classification"] = "分类科目",
        ["evaluation"] = "绩效自评表",
        ["vehicle"] = "车辆",
        ["disclosure"] = "公开文件",
        ["publication file"] = "公开文件",
        ["inventory"] = "资产盘点",
        ["user"] = "用户",
    };

    /// <summary>The entity's name for a reader ("return" → 决算报表); the code itself when the catalogue has none.</summary>
    public static string EntityName(string entity) => EntityNames.GetValueOrDefault(entity, entity);

    /// <summary>
    /// A unit's status in the registry (ACTIVE, MERGED, SPLIT, DISSOLVED) as a predicate: 已被合并 — the one wording of every
    /// service (the registry said 已被合并 and 正常存续 where the others said 已合并 and 存续).
    /// </summary>
    public static string UnitStatus(string status) => status.ToUpperInvariant() switch
    {
        "MERGED" => "已被合并",
        "SPLIT" => "已分立",
        "DISSOLVED" => "已撤销",
        "ACTIVE" => "正常存续",
        _ => $"状态为 {status}",
    };

    /// <summary>A listing's region when the caller has none to default to.</summary>
    public const string RegionRequired = "必须填写（您的账号没有所属行政区划）";

    public static string NotARegionCode(string text) => $"{Quoting.Quote(text)} 不是六位行政区划代码";

    public static string PageSize(int max) => $"应在 1 到 {max} 之间";

    public const string BadPageToken = "不是本服务给出的翻页标记";

    public static string NotFound(string entity, string key) => $"未找到{EntityName(entity)} {Quoting.Quote(key)}";

    public const string Required = "必须填写";

    public const string SignInRequired = "此操作需要先登录";

    public static string OutsideJurisdiction(string what) => $"无权操作：{what}不在您的管辖范围内";

    /// <summary>The roles as people call them (单位名录管理员, not registry-admin): a refusal is read by a person.</summary>
    public static string RoleRequired(IEnumerable<string> roles) => $"无权执行此操作：需要以下角色之一：{string.Join("、", roles.Select(RoleName).Distinct())}";

    /// <summary>
    /// A role's name in Chinese: the platform's roles, and a service's administrator ("{service}-admin") by the service's
    /// business; a role this table does not know is shown as it is.
    /// </summary>
    public static string RoleName(string role) => role switch
    {
        PlatformRoles.Clerk => "填报员",
        PlatformRoles.UnitHead => "单位负责人",
        PlatformRoles.Reviewer => "审核人员",
        PlatformRoles.Service => "平台服务",
        "admin" => "系统管理员",
        _ when role.EndsWith("-admin", StringComparison.Ordinal) && AdministeredBusiness.TryGetValue(role[..^"-admin".Length], out var business) => $"{business}管理员",
        _ => role,
    };

    private static readonly Dictionary<string, string> AdministeredBusiness = new(StringComparer.Ordinal)
    {
        ["registry"] = "单位名录", ["accounts"] = "部门决算", ["performance"] = "绩效评价", ["assets"] = "资产",
        ["publication"] = "信息公开", ["identity"] = "用户",
    };

    public const string OwnUnitStaffOnly = "只有本单位的填报人员（填报员、单位负责人）可以办理本单位的此项业务";

    public const string SuperiorReviewerOnly = "只有上级财政部门（管辖该单位的审核人员）可以审核";

    // Said of a unit head reading another unit of the same city too: the jurisdiction may cover it, the role does not.
    public const string MayNotRead = "无权查看：您不是该单位的人员，也不是管辖该单位的审核人员";

    public const string TryAgain = "数据已被他人同时修改，请重新读取后再试";

    /// <summary>Not found as of a fiscal year: 未找到单位 “x”（2031 年度）.</summary>
    public static string NotFound(string entity, string key, int fiscalYear) => $"{NotFound(entity, key)}（{fiscalYear} 年度）";

    /// <summary>One field and what is wrong with it: the field path stays as the caller spelled it ("rows[3].amount").</summary>
    public static string AtField(string field, string reason) => $"{field}：{reason}";

    /// <summary>Several fields at once: “3 处输入有误：a：…；b：…”.</summary>
    public static string InvalidFields(int count, IEnumerable<string> each) => $"{count} 处输入有误：{string.Join("；", each)}";

    /// <summary>A text over its maximum (a name, a note, a comment).</summary>
    public static string TooLong(int length, int max) => $"长度 {length} 个字符，超过上限 {max} 个字符";

    // Why a text is not a unit id (UnitIds.Problem), said after the id: 单位编码 “Ab” 只能由…
    public const string UnitIdEmpty = "不能为空";

    public const string UnitIdCharacters = "只能由小写英文字母、数字和连字符“-”组成";

    public const string UnitIdHyphens = "须以字母或数字开头和结尾，不能有连续的连字符";

    /// <summary>A unit id outside the one grammar (<see cref="UnitIds.Problem"/> says why).</summary>
    public static string InvalidUnitId(string id, string problem) => $"单位编码 {Quoting.Quote(id)} {problem}";

    /// <summary>A region code the caller's jurisdiction does not cover.</summary>
    public static string RegionOutsideJurisdiction(string regionCode) => OutsideJurisdiction($"行政区划 {Quoting.Quote(regionCode)} ");

    /// <summary>A unit another service named that the registry does not know in that fiscal year.</summary>
    public static string UnknownUnit(string unitId, int fiscalYear) => $"单位名录中没有 {fiscalYear} 年度的单位 {Quoting.Quote(unitId)}，请核对单位编码";

    // ---- A transcription file (TranscriptionJson) ---------------------------------------------------------------

    public const string TranscriptionEmpty = "文件是空的：应为抄录的公开文件（JSON）";

    public static string TranscriptionNotText(string what) => $"文件不是 JSON 文本，看起来是{what}：应为抄录的公开文件（JSON，抄录格式见 disclosure-transcription-format.md）";

    /// <summary>Not JSON, with where the reader stopped (0-based line and byte, as <c>JsonException</c> gives them).</summary>
    public static string TranscriptionNotJson(long? line, long? bytePosition) =>
        line is { } l && bytePosition is { } b
            ? $"文件不是有效的 JSON：第 {l + 1} 行第 {b + 1} 个字节附近有误"
            : "文件不是有效的 JSON";
}
