namespace Platform.Spreadsheets;

/// <summary>
/// Why an uploaded workbook cannot be read (zh-CN): the message of the <see cref="FormatException"/> <see cref="XlsxReader"/>
/// throws, which every import turns into a field error for the clerk who uploaded the file.
/// </summary>
internal static class SpreadsheetMessages
{
    public const string FileEmpty = "文件为空，请选择要上传的 xlsx 工作簿";

    public const string NotAWorkbook = "不是 xlsx 工作簿（Excel 2007 及以后版本保存的 .xlsx 文件），或文件已损坏，请用 Excel 另存为 .xlsx 后重新上传";
}
