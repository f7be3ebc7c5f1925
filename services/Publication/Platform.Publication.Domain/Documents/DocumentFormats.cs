using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Platform.Publication.Domain.Rendering;

namespace Platform.Publication.Domain.Documents;

/// <summary>The machine formats of a document: JSON (stable ids, exact amounts as strings) and CSV per table (RFC 4180).</summary>
public static class DocumentFormats
{
    /// <summary>
    /// camelCase, Chinese unescaped (sites read it), decimals written as JSON strings so no reader turns 元 into a
    /// binary float.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DecimalAsString(), new MomentAsTimestamp() },
    };

    /// <summary>
    /// A moment as <see cref="Timestamp"/> writes it everywhere: the document's and the feed's JSON wrote seven decimals
    /// where the lists wrote three, so a site comparing the strings saw a change that was none.
    /// </summary>
    private sealed class MomentAsTimestamp : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        // Raw: digits, T, colons, a dot and the offset's sign need no escaping, and the encoder would write "+" as \u002B.
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteRawValue($"\"{Timestamp(value)}\"");
    }

    /// <summary>Amounts as exact decimal strings in the platform's one canonical text ("1700000"); counts and versions stay numbers.</summary>
    private sealed class DecimalAsString : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
                : reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Platform.Domain.DecimalText.Canonical(value));
    }

    public static string ToJson(DisclosureDocument d) => JsonSerializer.Serialize(d, Json);

    /// <summary>
    /// A moment as every surface of the public API writes it (gRPC, its JSON mapping, the plain HTTP lists and feed):
    /// RFC 3339 to the millisecond with its offset — the plain HTTP routes wrote seven decimals, the others three.
    /// </summary>
    public static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static DisclosureDocument FromJson(string json) => JsonSerializer.Deserialize<DisclosureDocument>(json, Json)!;

    /// <summary>
    /// One table as a CSV file, wherever it is served (its URL, the bulk zip): UTF-8 with a byte-order mark, without which
    /// spreadsheet programs read the Chinese names in the locale's code page.
    /// </summary>
    public static string CsvFile(ReportTable t) => "\uFEFF" + Csv(t);

    /// <summary>
    /// One table as CSV: a header row (项目 and the column names), then one row per table row; amounts in 万元 as printed.
    /// The layout is fixed: a published version's CSV is made again from its stored document on every request under an
    /// address promised immutable, so a new layout would change files already served (a count row in an amount column —
    /// 车辆数 under 决算数（万元） — is known from the JSON's isAmount, not from this file).
    /// </summary>
    public static string Csv(ReportTable t)
    {
        var csv = new StringBuilder();
        csv.Append("代码,项目");
        foreach (var c in t.Columns)
        {
            csv.Append(',').Append(Text(c.IsAmount ? $"{c.Name}（万元）" : c.Name));
        }
        csv.Append("\r\n");
        foreach (var r in t.Rows)
        {
            csv.Append(Text(r.Id)).Append(',').Append(Text(r.Name));
            for (var i = 0; i < t.Columns.Count; i++)
            {
                csv.Append(',').Append(Cell(t.Columns[i], r, r.Values[i]));
            }
            csv.Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>A cell as printed: amounts in 万元 at two decimals, counts and areas as numbers, blank where blank.</summary>
    internal static string Cell(ReportColumn column, ReportRow row, decimal? value) => value is not { } v
        ? ""
        : column.IsAmount && row.IsAmount ? Wording.Wan(v) : v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A text field: a leading =, +, - or @ would make a spreadsheet evaluate a name as a formula (CSV injection), so such
    /// a field is prefixed with an apostrophe; then quoted as RFC 4180 requires.
    /// </summary>
    private static string Text(string field) => Quote(field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field);

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
