using System.Globalization;
using System.Text;

namespace Platform.Domain;

/// <summary>Why a text is not a number (the caller words it for its reader, in its own messages).</summary>
public enum NumberProblem
{
    None,
    /// <summary>Nothing but spaces.</summary>
    Blank,
    /// <summary>Not digits with at most a sign, a point and a percent sign.</summary>
    NotANumber,
    /// <summary>Separators (comma or space) that do not group the integer part by three: "12,34", "3989.8 0".</summary>
    BadGrouping,
}

/// <summary>A number as read: its value (exactly as written, scale kept: "2.50" has two decimals) and whether a percent sign followed it.</summary>
public readonly record struct ReadNumber(decimal Value, bool Percent, NumberProblem Problem)
{
    public bool Ok => Problem == NumberProblem.None;
}

/// <summary>
/// The one reader of numbers people write or print, for the whole platform (a clerk's cell, a transcribed disclosure, a
/// self-evaluation form): "2,269.08", "2 269.08", "21.50 %", "２２６９．０８", "－5", "+3". Full-width digits and signs (what a
/// Chinese input method types) read as their ASCII forms; spaces of any kind (no-break, ideographic, thin) may stand at the
/// ends and around the sign and the percent sign; thousands separators — commas, or spaces — are taken only where they
/// group the integer part by three, so "3989.8 0" or "12,34" stay errors rather than guesses. No exponent, no currency.
/// Units ("万元", "分") are the caller's to strip: this reads the number alone. Hand-written because
/// <c>decimal.Parse</c> with <c>NumberStyles.AllowThousands</c> takes a comma anywhere ("12,34" is 1234) and knows neither
/// full-width digits nor print spaces.
/// </summary>
public static class PrintedNumber
{
    /// <summary>
    /// A cell printed with dashes alone: the print dashes (—, –, ―, －), with slashes (/, ／) unless not wanted, and with the
    /// ASCII hyphens (-, ‐) where a text is a transcription's (a typing clerk's lone "-" is a minus still waiting for its
    /// digits). The one list of them: blanks here, placeholders in a form's cell, "not comparable" beside a rate.
    /// </summary>
    public static bool IsDashOnly(string text, bool asciiHyphens = false, bool slashes = true)
    {
        var bare = text.Trim();
        return bare.Length > 0 && bare.All(c => c is '—' or '–' or '―' or '－' || (slashes && c is '/' or '／') || (asciiHyphens && c is '-' or '‐'));
    }

    /// <summary>
    /// Half a unit of the last digit a figure was printed with: "86%" is right within 0.5, "86.2%" within 0.05. (A figure
    /// printed with more digits than a decimal keeps is taken at 27 places.)
    /// </summary>
    public static decimal HalfUnit(decimal printed) => new(5, 0, 0, false, (byte)(Math.Min((int)printed.Scale, 27) + 1));

    public static ReadNumber Read(string? text)
    {
        if (text is null)
        {
            return new ReadNumber(0, false, NumberProblem.Blank);
        }
        var s = Fold(text).Trim();  // any whitespace at the ends (a pasted cell's line break); inside, only print spaces
        // A cell printed with only a dash or a slash of print (—, –, －, ／) is the tables' mark for "nothing here", not a
        // number; an ASCII "-" alone is a minus still waiting for its digits (a clerk typing), and stays an error.
        if (s.Length == 0 || IsDashOnly(text))
        {
            return new ReadNumber(0, false, NumberProblem.Blank);
        }
        var percent = s.EndsWith('%');
        if (percent)
        {
            s = s[..^1].TrimEnd();
        }
        var sign = "";
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? "-" : "";
            s = s[1..].TrimStart();
        }
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) && s[0] != '.')
        {
            return new ReadNumber(0, percent, NumberProblem.NotANumber);
        }
        var point = s.IndexOf('.', StringComparison.Ordinal);
        var integer = point < 0 ? s : s[..point];
        var fraction = point < 0 ? "" : s[(point + 1)..];
        if (!fraction.All(char.IsAsciiDigit))
        {
            return new ReadNumber(0, percent, fraction.Any(c => c is ',' or ' ') ? NumberProblem.BadGrouping : NumberProblem.NotANumber);
        }
        if (integer.Any(c => c is ',' or ' '))
        {
            if (!Grouped(integer))
            {
                return new ReadNumber(0, percent, integer.All(c => char.IsAsciiDigit(c) || c is ',' or ' ') ? NumberProblem.BadGrouping : NumberProblem.NotANumber);
            }
            integer = string.Concat(integer.Where(char.IsAsciiDigit));
        }
        if (!integer.All(char.IsAsciiDigit) || integer.Length + fraction.Length == 0)
        {
            return new ReadNumber(0, percent, NumberProblem.NotANumber);
        }
        var canonical = sign + (integer.Length == 0 ? "0" : integer) + (point < 0 ? "" : "." + fraction);
        return decimal.TryParse(canonical, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new ReadNumber(value, percent, NumberProblem.None)
            : new ReadNumber(0, percent, NumberProblem.NotANumber);  // beyond decimal's range
    }

    /// <summary>
    /// Full-width forms (U+FF01–FF5E) to ASCII; the spaces of print (no-break, thin, ideographic) to an ASCII space; the minus sign and dashes printed
    /// for it (U+2212, U+2013, U+2014) to '-'; the ideographic full stop is not a decimal point and stays as it is.
    /// </summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\u200B' or '\uFEFF')
            {
                continue;  // zero-width characters copied along from a document
            }
            builder.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u2212' or '\u2013' or '\u2014' => '-',
                // Spaces a printed or pasted number carries; a tab or a line break is not inside a number.
                '\u00A0' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' => ' ',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// The integer part grouped by three with one kind of separator: "2,269", "1 000 000"; not "12,34", "1,000 000", nor
    /// "0,125" (a decimal comma, or a typo: never a thousand).
    /// </summary>
    private static bool Grouped(string integer)
    {
        var separator = integer.First(c => c is ',' or ' ');
        if (integer.Contains(separator == ',' ? ' ' : ','))
        {
            return false;
        }
        var groups = integer.Split(separator);
        return groups[0].Length is >= 1 and <= 3 && groups[0][0] != '0' && groups.Skip(1).All(g => g.Length == 3) && groups.All(g => g.All(char.IsAsciiDigit));
    }
}
