using System.Globalization;

namespace Platform.Domain;

/// <summary>
/// The one text of an exact decimal on the wire, everywhere (gRPC, JSON, published documents, findings): invariant
/// digits, a point only when there is a fraction, no trailing zeros, never an exponent — 450000, 785000, 0.5, -12.34.
/// What a clerk typed ("5000000.00") and how a computation scaled it ("450000.0") no longer show through; how a number is
/// displayed (thousands separators, two decimals in 万元) is the reader's choice, not the wire's.
/// </summary>
public static class DecimalText
{
    // 28 optional places: decimal's whole scale, so nothing is rounded, only trailing zeros dropped.
    private const string Format = "0.############################";

    public static string Canonical(decimal value) => value == 0m ? "0" : value.ToString(Format, CultureInfo.InvariantCulture);

    public static string Canonical(decimal? value) => value is { } v ? Canonical(v) : "";
}
