using System.Globalization;

namespace Platform.Performance.Domain;

/// <summary>How findings and explanations print a figure: invariant, no trailing zeros ("4.64", "100", "0.092").</summary>
internal static class Figures
{
    public static string Text(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
