using System.Globalization;

namespace Platform.Portal.Client;

/// <summary>
/// A figure as a person reads a long column of them: thousands separated, every decimal kept (21287500 → 21,287,500;
/// 1234.5 → 1,234.5) — for figures shown, never for what is typed or sent (inputs keep the exact text the service
/// reads). The exact text itself where it is not a plain number.
/// </summary>
public static class FigureText
{
    public static string Grouped(string exact) =>
        decimal.TryParse(exact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value.ToString("#,##0.############", CultureInfo.InvariantCulture)
            : exact;
}
