using System.Net;
using System.Text;

namespace Platform.Publication.Domain.Rendering;

/// <summary>
/// The sections as an accessible HTML document: the language declared (lang="zh-CN"), one heading level per structure
/// level, each section a landmark labelled by its heading, text only from the figures and reasons (HTML-encoded), and a
/// print stylesheet (A4, no page break inside a paragraph).
/// </summary>
public static class HtmlWriter
{
    private const string Style = """
        body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", serif; line-height: 1.8; max-width: 46em; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        p { text-indent: 2em; margin: 0.6em 0; }
        p.sub { text-indent: 0; font-weight: bold; }
        @media print { @page { size: A4; margin: 2cm; } body { max-width: none; margin: 0; } p { break-inside: avoid; } a { color: inherit; } }
        """;

    public static string Write(string title, IReadOnlyList<Section> sections)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        foreach (var (section, i) in sections.Select((s, i) => (s, i)))
        {
            var id = $"section-{i + 1}";
            html.Append("<section aria-labelledby=\"").Append(id).Append("\">\n<h2 id=\"").Append(id).Append("\">")
                .Append(Encode($"{section.Number}、{section.Title}")).Append("</h2>\n");
            foreach (var paragraph in section.Paragraphs)
            {
                // "（一）…" lines head a sub-part of the section.
                var sub = paragraph.StartsWith('（') && paragraph.Length < 40 && !paragraph.Contains('。', StringComparison.Ordinal);
                html.Append(sub ? "<p class=\"sub\">" : "<p>").Append(Encode(paragraph)).Append("</p>\n");
            }
            html.Append("</section>\n");
        }
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
