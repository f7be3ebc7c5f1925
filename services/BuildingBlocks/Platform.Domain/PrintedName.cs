namespace Platform.Domain;

/// <summary>
/// A name as people print and type it, folded for comparison: full-width and half-width brackets are the same bracket
/// (乌鲁木齐市应急管理局（市矿山安全监督管理局） and …(市矿山安全监督管理局) name one unit), spaces at the ends mean nothing.
/// </summary>
public static class PrintedName
{
    public static string Fold(string name) => name.Replace('（', '(').Replace('）', ')').Trim();

    public static bool Same(string a, string b) => Fold(a) == Fold(b);
}
