using System.Globalization;

namespace Platform.Performance.Domain;

/// <summary>How findings and explanations print a figure: invariant, no trailing zeros ("4.64", "100", "0.092").</summary>
internal static class Figures
{
    public static string Text(decimal value) => Platform.Domain.DecimalText.Canonical(value);

    /// <summary>Half a unit of the last digit printed (<see cref="Platform.Domain.PrintedNumber.HalfUnit"/>).</summary>
    public static decimal HalfUnit(decimal printed) => Platform.Domain.PrintedNumber.HalfUnit(printed);
}
