using Platform.Domain;

namespace Platform.Registry.Domain;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015): registration authority (1),
/// organisation category (1), administrative division of registration (6), organisation code (9), check
/// character (1). Characters come from a 31-symbol alphabet without I, O, Z, S, V; the check character is
/// 31 − (Σ value(cᵢ) × 3ⁱ mod 31) mod 31 over the first 17 characters.
/// </summary>
public readonly record struct CreditCode
{
    internal const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private CreditCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>The division code embedded at positions 3-8 (where the unit was registered).</summary>
    public string RegistrationDivision => Value.Substring(2, 6);

    public override string ToString() => Value;

    /// <summary>Parses or explains exactly what is wrong (position, character, expected check character).</summary>
    public static CreditCode Parse(string? text, string field = "credit_code")
    {
        if (TryParse(text, out var code, out var reason))
        {
            return code;
        }
        throw new ValidationException(field, reason, "INVALID_CREDIT_CODE");
    }

    public static bool TryParse(string? text, out CreditCode code, out string reason)
    {
        code = default;
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            reason = RegistryMessages.CreditCodeLength(value.Length);
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var index = Alphabet.IndexOf(value[i], StringComparison.Ordinal);
            if (index < 0)
            {
                reason = RegistryMessages.CreditCodeCharacter(value, i);
                return false;
            }
            if (i < 17)
            {
                sum += index * Weights[i];
            }
        }
        var expected = CheckCharacter(sum);
        if (value[17] != expected)
        {
            reason = RegistryMessages.CreditCodeCheckCharacter(expected, value[17]);
            return false;
        }
        if (!value.AsSpan(2, 6).ContainsOnlyDigits())
        {
            reason = RegistryMessages.CreditCodeDivision(value.Substring(2, 6));
            return false;
        }
        code = new CreditCode(value);
        reason = "";
        return true;
    }

    /// <summary>Completes 17 characters with their check character (demo data, generators).</summary>
    public static CreditCode Complete(string first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 characters expected.", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var index = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the credit-code alphabet.", nameof(first17));
            }
            sum += index * Weights[i];
        }
        return Parse(first17 + CheckCharacter(sum));
    }

    private static char CheckCharacter(int weightedSum) => Alphabet[(31 - weightedSum % 31) % 31];
}

internal static class SpanExtensions
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
