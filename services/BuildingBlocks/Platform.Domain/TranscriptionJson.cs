using System.Text.Json;

namespace Platform.Domain;

/// <summary>
/// A transcription file (a published document typed into the transcription format) as JSON, read alike by every service
/// and the CLI: a UTF-8 byte-order mark skipped (Notepad writes one), an empty file said to be empty, a picture, PDF,
/// spreadsheet or zip said to be what it is, and broken JSON said with where the reader stopped — one refusal for one
/// situation (the services said it in four shapes, and an image was "not valid JSON near line 1").
/// </summary>
public static class TranscriptionJson
{
    /// <summary>The code of every refusal here.</summary>
    public const string Code = "INVALID_JSON";

    /// <summary>Well-known starts of files that are not text (their "magic numbers"), with what a person calls them.</summary>
    private static readonly (byte[] Start, string What)[] NotText =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "PNG 图片"),
        ([0xFF, 0xD8, 0xFF], "JPEG 图片"),
        ("GIF8"u8.ToArray(), "GIF 图片"),
        ("%PDF"u8.ToArray(), "PDF 文件"),
        ([(byte)'P', (byte)'K', 3, 4], "Excel、Word 或 zip 压缩文件"),
        ([0xD0, 0xCF, 0x11, 0xE0], "旧版 Excel 或 Word 文件"),
    ];

    /// <summary>The document, or a <see cref="ValidationException"/> at <paramref name="field"/> saying what the bytes are instead.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes, string field)
    {
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        if (bytes.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            // Said as such: "第 1 行第 1 个字节附近有误" sent a clerk looking for a typo in nothing.
            throw new ValidationException(field, Messages.TranscriptionEmpty, Code);
        }
        foreach (var (start, what) in NotText)
        {
            if (bytes.Span.StartsWith(start))
            {
                throw new ValidationException(field, Messages.TranscriptionNotText(what), Code);
            }
        }
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new ValidationException(field, Messages.TranscriptionNotJson(ex.LineNumber, ex.BytePositionInLine), Code);
        }
    }
}
