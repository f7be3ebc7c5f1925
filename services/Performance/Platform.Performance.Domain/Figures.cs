using System.Globalization;

namespace Platform.Performance.Domain;

/// <summary>How findings and explanations print a figure: invariant, no trailing zeros ("4.64", "100", "0.092").</summary>
internal static class Figures
{
    public static string Text(decimal value) => Platform.Domain.DecimalText.Canonical(value);

    /// <summary>
    /// Half a unit of the last digit a figure was printed with: "86%" is right within 0.5, "86.2%" within 0.05. (A figure
    /// printed with more digits than a decimal keeps is rounded to 27 places first.)
    /// </summary>
    public static decimal HalfUnit(decimal printed) => new(5, 0, 0, false, (byte)(Math.Min((int)printed.Scale, 27) + 1));
}
