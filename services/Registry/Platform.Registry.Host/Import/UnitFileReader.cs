using Platform.Registry.Domain;
using Platform.Registry.V1;
using Platform.Spreadsheets;

namespace Platform.Registry.Host.Import;

/// <summary>One data row of an import file: its 1-based row number in the file (header = 1) and its cells by column.</summary>
internal sealed record ImportRow(int FileRow, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.TryGetValue(column, out var value) ? value : "";
}

/// <summary>Reads the unit import files (CSV, xlsx first sheet) into rows, or says why the file cannot be read.</summary>
internal static class UnitFileReader
{
    public static readonly string[] Columns = ["id", "credit_code", "name", "region_code", "parent_id", "nature", "functions", "sections"];
    private static readonly string[] Required = ["id", "credit_code", "name", "region_code", "nature"];

    public static (List<ImportRow> Rows, List<ImportError> Errors) Read(ImportFormat format, byte[] content)
    {
        if (format is not (ImportFormat.Csv or ImportFormat.Xlsx))
        {
            return ([], [new ImportError { Message = RegistryMessages.ImportFormatRequired }]);
        }
        List<List<string>> table;
        try
        {
            table = format == ImportFormat.Csv ? ReadCsv(content) : ReadXlsx(content);
        }
        catch (FormatException ex)
        {
            return ([], [new ImportError { Message = RegistryMessages.FileUnreadable(format == ImportFormat.Csv ? "CSV" : "XLSX", ex.Message) }]);
        }
        if (table.Count == 0)
        {
            return ([], [new ImportError { Message = RegistryMessages.FileEmpty(Columns) }]);
        }
        var header = table[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var errors = new List<ImportError>();
        foreach (var missing in Required.Where(c => !header.Contains(c)))
        {
            errors.Add(new ImportError { Row = 1, Column = missing, Message = RegistryMessages.ColumnMissing(missing) });
        }
        foreach (var unknown in header.Where(h => h.Length > 0 && !Columns.Contains(h)))
        {
            errors.Add(new ImportError { Row = 1, Column = unknown, Message = RegistryMessages.ColumnUnknown(unknown, Columns) });
        }
        var rows = new List<ImportRow>();
        for (var r = 1; r < table.Count; r++)
        {
            if (table[r].All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count && c < table[r].Count; c++)
            {
                cells[header[c]] = table[r][c].Trim();
            }
            rows.Add(new ImportRow(r + 1, cells));
        }
        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError { Message = RegistryMessages.NoDataRows });
        }
        return (rows, errors);
    }

    /// <summary>
    /// RFC 4180: comma-separated, fields optionally in double quotes (a quote inside doubled), CRLF or LF line
    /// ends, UTF-8 with or without BOM. (CsvHelper 34 on the feed is a new SIMD API; for import files of a few
    /// thousand rows this reader is enough and is tested on its own.)
    /// </summary>
    internal static List<List<string>> ReadCsv(byte[] content)
    {
        var text = new StreamReader(new MemoryStream(content), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
        var table = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    table.Add(row);
                    row = [];
                    line++;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted)
        {
            throw new FormatException(RegistryMessages.QuoteNeverClosed(line));
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            table.Add(row);
        }
        return table;
    }

    /// <summary>The first worksheet, cells by position (A = 0).</summary>
    private static List<List<string>> ReadXlsx(byte[] content)
    {
        var sheet = XlsxReader.Read(content).FirstOrDefault() ?? throw new FormatException(RegistryMessages.NoSheet);
        return sheet.Rows.Select(r => r.Positional().ToList()).ToList();
    }
}
