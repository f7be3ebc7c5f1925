using Platform.Domain;
using Platform.Publication.Domain.Publishing;

namespace Platform.Publication.Domain;

/// <summary>
/// The catalogue of what the publication service says to a person (zh-CN): why a read of the public documents is
/// refused, why a publication file cannot move, and the names of the parts a file waits for. What a person typed is quoted
/// with <see cref="Quoting.Quote"/> (bounded); codes (UNKNOWN_TABLE), field paths and parameter names stay as they are.
/// The published documents' own text is written by the renderer; logs stay English. The messages every service shares
/// (not found, may not read, required, …) are <see cref="Messages"/>.
/// </summary>
public static class PublicationMessages
{
    // ---- Reading published documents ---------------------------------------------------------------------------

    public const string VersionOutOfRange = "版本号须为 0（最新版本）或已公开的版本号";

    /// <summary>The key of a document version that is not published (read as 未找到公开文件 “…（第 2 版）”).</summary>
    public static string VersionKey(string documentId, int version) => $"{documentId}（第 {version} 版）";

    public static string NoTable(string table, IEnumerable<string> tables) =>
        $"该公开文件中没有表 {Quoting.Quote(table)}（现有的表：{string.Join("、", tables)}）";

    public static string PageSize(int max) => $"每页条数须在 1 到 {max} 之间";

    /// <summary>A fiscal year asked for that no disclosure can have.</summary>
    public static string NotAFiscalYear(int year) => $"{year} 不是有效的年度（应为 {FiscalYearRange.First}–{FiscalYearRange.Last}）";

    public static string NotAWholeNumber(string text) => $"{Quoting.Quote(text)} 不是整数";

    public static string OutOfRange(string text) => $"{Quoting.Quote(text)} 超出可接受的范围";

    public static string UnknownParameter(IEnumerable<string> known) => $"不是本接口的参数（可用：{string.Join("、", known)}）";

    public static string BadVersion(string text) => $"{Quoting.Quote(text)} 不是版本号：版本号为 1、2 等整数，0 表示最新版本";

    public static string NoSuchAddress(string path) =>
        $"没有这个地址：{path}。公开接口为 /public/v1/disclosures（列表）、/public/v1/disclosures/{{编号}}.html|.json、/public/v1/disclosures/{{编号}}/versions/{{版本}}.html|.json、…/tables/{{表号}}.csv、/public/v1/feed.json|.atom、/public/v1/bulk/{{区划}}/{{年度}}.zip";

    public const string RequestRefused = "请求无效";

    public const string DocumentNotFoundTitle = "未找到该公开文件";

    public const string PageNotFoundTitle = "未找到该页面";

    public static string Limit(int max) => $"每次读取的条数须在 1 到 {max} 之间";

    public const string BadCursor = "游标无效：请使用订阅源返回的下一页游标（nextCursor，gRPC 为 next_cursor）";

    public static string CursorAhead(long last) => $"游标超出订阅源：最新一条为 {last}，请使用订阅源返回的下一页游标（nextCursor，gRPC 为 next_cursor；从头读取时不带游标）";

    public const string BadPageToken = "分页标记无效：请使用上一页返回的 next_page_token（JSON 中为 nextPageToken）";

    public const string NotARegionCode = "须为六位行政区划代码";

    public const string UnknownFormat = "文件格式须为 json 或 html（如 …/disclosures/编号.html）";

    public const string DocumentIdRequired = "必须填写公开文件编号（如 urumqi-emergency-2022）";

    // ---- Publication status and files ---------------------------------------------------------------------------

    /// <summary>The key of a publication file that does not exist yet (read as 未找到公开文件 “u1 2022 年度（尚无审核通过的决算）”).</summary>
    public static string NoFileKey(string unitId, int fiscalYear) => $"{unitId} {fiscalYear} 年度（尚无审核通过的决算）";

    public static string OverdueReviewerOnly(string region) =>
        $"只有管辖行政区划 {Quoting.Quote(region)} 的财政部门审核人员可以查看逾期未公开的名单";

    public static string NothingMissing(string unitId, int fiscalYear) =>
        $"单位 {unitId} {fiscalYear} 年度的决算公开文件已经公开，没有缺少的部分";

    public static string AlreadyPublished(string unitId, int fiscalYear, int returnVersion) =>
        $"单位 {unitId} {fiscalYear} 年度的决算公开文件已按第 {returnVersion} 版决算公开，无需再次公开";

    /// <summary>The 更正说明 of a correction whose return gave no reason.</summary>
    public static string DefaultCorrectionReason(int returnVersion) => $"决算数据更正（决算第{returnVersion}版）";

    /// <summary>第一部分 一、主要职能 of a unit the registry holds no functions for.</summary>
    public const string NoFunctionsRegistered = "单位名录中未登记本单位的主要职能。";

    /// <summary>A part a file waits for: its code and what a person calls it.</summary>
    public static string PartName(DocumentPart part) => part switch
    {
        DocumentPart.AssetInventory => "ASSET_INVENTORY 国有资产占用情况（资产盘点）",
        DocumentPart.PerformanceEvaluations => "PERFORMANCE_EVALUATIONS 项目支出绩效自评表",
        _ => part.ToString(),
    };
}

/// <summary>The fiscal years a disclosure can be of (the other services' transcription imports say 2000–2100 alike).</summary>
public static class FiscalYearRange
{
    public const int First = 2000;
    public const int Last = 2100;

    public static bool Contains(int year) => year is >= First and <= Last;
}
