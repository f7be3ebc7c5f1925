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
        ["inventory"] = "资产清查",
    };

    /// <summary>The entity's name for a reader ("return" → 决算报表); the code itself when the catalogue has none.</summary>
    public static string EntityName(string entity) => EntityNames.GetValueOrDefault(entity, entity);

    public static string NotFound(string entity, string key) => $"未找到{EntityName(entity)} {Quoting.Quote(key)}";

    public const string Required = "必须填写";

    public const string SignInRequired = "此操作需要先登录";

    public static string OutsideJurisdiction(string what) => $"无权操作：{what}不在您的管辖范围内";

    public static string RoleRequired(IEnumerable<string> roles) => $"无权执行此操作：需要以下角色之一：{string.Join("、", roles)}";

    public const string OwnUnitStaffOnly = "只有本单位的填报人员（填报员、单位负责人）可以办理本单位的此项业务";

    public const string SuperiorReviewerOnly = "只有上级财政部门（管辖该单位的审核人员）可以审核";

    public const string MayNotRead = "无权查看：该单位不在您的管辖范围内，您也不是该单位的人员";

    public const string TryAgain = "数据已被他人同时修改，请重新读取后再试";
}
