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
            return (null, AssetsMessages.PlateProvince(text!, s[0]));
        }
        if (s.Length < 2 || !IsLetter(s[1]))
        {
            return (null, AssetsMessages.PlateOffice(text!));
        }
        var serial = s[2..];
        if (serial.Contains('I', StringComparison.Ordinal) || serial.Contains('O', StringComparison.Ordinal))
        {
            return (null, AssetsMessages.PlateIO(text!));
        }
        if (serial.EndsWith("应急", StringComparison.Ordinal))
        {
            return serial.Length == 7 && serial[..5].All(IsAlphanumeric)
                ? (new Plate(s), null)
                : (null, AssetsMessages.PlateEmergency(text!));
        }
        if (SpecialSuffixes.FirstOrDefault(x => serial.EndsWith(x, StringComparison.Ordinal)) is { } suffix)
        {
            return serial.Length == 5 && serial[..4].All(IsAlphanumeric)
                ? (new Plate(s), null)
                : (null, AssetsMessages.PlateSpecial(text!, suffix));
        }
        return serial.Length switch
        {
            5 when serial.All(IsAlphanumeric) => (new Plate(s), null),
            6 when SmallNewEnergy.Contains(serial[0], StringComparison.Ordinal) && IsAlphanumeric(serial[1]) && serial[2..].All(char.IsAsciiDigit) => (new Plate(s), null),
            6 when (serial[5] is 'D' or 'F') && serial[..5].All(char.IsAsciiDigit) => (new Plate(s), null),
            6 => (null, AssetsMessages.PlateNewEnergy(text!, SmallNewEnergy)),
            5 => (null, AssetsMessages.PlateSerial(text!)),
            _ => (null, AssetsMessages.PlateLength(text!, s.Length)),
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
