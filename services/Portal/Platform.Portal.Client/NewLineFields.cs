using System.Globalization;

namespace Platform.Portal.Client;

/// <summary>
/// The form fields of a classification table's blank lines — newrow{n} for a new item's code, n{n}:COLUMN for its figures
/// — named in one place for the grid that renders them, the server that reads a posted form, and the grid that shows
/// them again after a refused save.
/// </summary>
public static class NewLineFields
{
    public static string Code(int slot) => "newrow" + slot.ToString(CultureInfo.InvariantCulture);

    public static string Figure(int slot, string column) => $"n{slot.ToString(CultureInfo.InvariantCulture)}:{column}";

    /// <summary>Reads a field's name: its line, and its column (null for the code field); false for any other field (a cell).</summary>
    public static bool TryRead(string field, out int slot, out string? column)
    {
        column = null;
        if (field.StartsWith("newrow", StringComparison.Ordinal))
        {
            return int.TryParse(field.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out slot);
        }
        var colon = field.IndexOf(':');
        if (field.StartsWith('n') && colon > 1 && colon < field.Length - 1
            && int.TryParse(field.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out slot))
        {
            column = field[(colon + 1)..];
            return true;
        }
        slot = 0;
        return false;
    }
}
