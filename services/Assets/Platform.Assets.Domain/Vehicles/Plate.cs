using Platform.Domain;
namespace Platform.Assets.Domain.Vehicles;

/// <summary>
/// A Chinese motor-vehicle plate (GA 36-2018 机动车号牌): the province's abbreviation, the issuing office's letter,
/// then the serial. Ordinary plates have a five-character serial (新A12345); new-energy plates six (8 characters in
/// all): small vehicles start the serial with an energy letter (D 纯电动, F 非纯电动, and since 2022 A B C E / G H J K)
/// followed by a letter or digit and four digits (新AD12345), large ones end with D or F after five digits
/// (新A12345D). Special-use plates end with 警, 学, 挂, 港, 澳 or 领 after a four-character serial, or with 应急.
/// Letters I and O are never used (they read as 1 and 0). Stored without the separator dot, in upper case.
/// </summary>
public sealed record Plate
{
    private const string Provinces = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新";
    private const string SmallNewEnergy = "DFABCEGHJK";
    private static readonly string[] SpecialSuffixes = ["警", "学", "挂", "港", "澳", "领"];

    private Plate(string value) => Value = value;

    public string Value { get; }

    public bool IsNewEnergy => Value.Length == 8 && !Value.EndsWith("应急", StringComparison.Ordinal);

    public override string ToString() => Value;

    /// <summary>The plate, or why the text is not one (null plate and a reason naming what is wrong).</summary>
    public static (Plate? Plate, string? Problem) Parse(string? text)
    {
        var s = Normalize(text);
        if (s.Length == 0)
        {
            return (null, Messages.Required);
        }
        if (!Provinces.Contains(s[0], StringComparison.Ordinal))
        {
            return (null, $"'{text}': a plate starts with a province's abbreviation (新, 京, 沪, …), not '{s[0]}'");
        }
        if (s.Length < 2 || !IsLetter(s[1]))
        {
            return (null, $"'{text}': the second character is the issuing office's letter (A–Z without I and O)");
        }
        var serial = s[2..];
        if (serial.Contains('I', StringComparison.Ordinal) || serial.Contains('O', StringComparison.Ordinal))
        {
            return (null, $"'{text}': plates never use the letters I and O (they read as 1 and 0)");
        }
        if (serial.EndsWith("应急", StringComparison.Ordinal))
        {
            return serial.Length == 7 && serial[..5].All(IsAlphanumeric)
                ? (new Plate(s), null)
                : (null, $"'{text}': an emergency plate is the office letter, five letters or digits and 应急 (新A12345应急)");
        }
        if (SpecialSuffixes.FirstOrDefault(x => serial.EndsWith(x, StringComparison.Ordinal)) is { } suffix)
        {
            return serial.Length == 5 && serial[..4].All(IsAlphanumeric)
                ? (new Plate(s), null)
                : (null, $"'{text}': a {suffix} plate has four letters or digits before {suffix} (新A1234{suffix})");
        }
        return serial.Length switch
        {
            5 when serial.All(IsAlphanumeric) => (new Plate(s), null),
            6 when SmallNewEnergy.Contains(serial[0], StringComparison.Ordinal) && IsAlphanumeric(serial[1]) && serial[2..].All(char.IsAsciiDigit) => (new Plate(s), null),
            6 when (serial[5] is 'D' or 'F') && serial[..5].All(char.IsAsciiDigit) => (new Plate(s), null),
            6 => (null, $"'{text}': a new-energy plate's serial is an energy letter ({SmallNewEnergy}), a letter or digit and four digits (新AD12345), or five digits and D or F (新A12345D)"),
            5 => (null, $"'{text}': the serial has characters that are neither letters nor digits"),
            _ => (null, $"'{text}' has {s.Length} characters: a plate has 7 (新A12345), 8 for a new-energy vehicle (新AD12345)"),
        };
    }

    /// <summary>Without separators (·, spaces, hyphens), full-width letters and digits made ASCII, upper case.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var chars = new List<char>(text.Length);
        foreach (var c in text.Trim())
        {
            if (c is '·' or '•' or '・' or '.' or ' ' or '-' or '\u3000')
            {
                continue;
            }
            var ascii = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            chars.Add(char.ToUpperInvariant(ascii));
        }
        return new string(chars.ToArray());
    }

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z' && c is not ('I' or 'O');

    private static bool IsAlphanumeric(char c) => char.IsAsciiDigit(c) || IsLetter(c);
}
