using System.CommandLine;
using System.Text;
using System.Text.Json;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Domain;
using Platform.Publication.Domain.Rendering;

namespace Platform.Cli;

/// <summary>
/// `platform disclosure render FILE.json [--format text|html|json]`: 第二部分 部门决算情况说明 (sections 一 to 十) written
/// from a transcribed publication's base figures (read as a return, as the accounts service stores it), every derived
/// figure recomputed. Issue 8 starts here; the publication service and its public API are not there yet.
/// </summary>
internal static class DisclosureRender
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A disclosure transcription (JSON)." };
        var format = new Option<string>("--format") { Description = "text, html or json.", DefaultValueFactory = _ => "text" };
        var render = new Command("render", "Write 第二部分 部门决算情况说明 from a transcribed publication's figures (sections 一 to 十).") { file, format };
        render.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var sections = Render(path.FullName);
                switch (parse.GetValue(format))
                {
                    case "json":
                        Console.WriteLine(JsonSerializer.Serialize(new
                        {
                            sections = sections.Select(s => new { number = s.Number, title = s.Title, paragraphs = s.Paragraphs }),
                        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }));
                        return 0;
                    case "text":
                        Console.Write(Text(sections));
                        return 0;
                    case "html":
                        Console.Write(HtmlWriter.Write("第二部分 部门决算情况说明", sections));
                        return 0;
                    default:
                        Console.Error.WriteLine("--format: text, html or json");
                        return 2;
                }
            }
            catch (Exception ex) when (ex is ValidationException or IOException or UnauthorizedAccessException)
            {
                var reason = ex is ValidationException v ? string.Join("; ", v.Errors.Select(e => $"{e.Field}: {e.Reason}")) : ex.Message;
                Console.Error.WriteLine($"{path.Name}: {reason}");
                return 2;
            }
        });
        return render;
    }

    /// <summary>The sections written from a transcription: its figures read as the accounts service reads a publication.</summary>
    internal static IReadOnlyList<Section> Render(string path)
    {
        var reference = ReferenceDataSet.LoadShipped();
        using var stream = File.OpenRead(path);
        var document = DisclosureReader.Read(stream, Path.GetFileName(path), reference.CodesFor);
        var codes = reference.CodesFor(document.FiscalYear).Get("functional");
        var figures = new DisclosureFigures(
            document.FiscalYear, document.DepartmentName,
            document.Cells.ToDictionary(c => c.Key.ToString(), c => c.Value),
            document.PriorCells.ToDictionary(c => c.Key.ToString(), c => c.Value),
            document.Explanations.GroupBy(e => e.Target.ToString()).ToDictionary(g => g.Key, g => g.First().Text),
            codes.Codes.ToDictionary(c => c, c => codes.Name(c) ?? c));
        return ExplanationWriter.Write(figures);
    }

    internal static string Text(IReadOnlyList<Section> sections)
    {
        var text = new StringBuilder("第二部分 部门决算情况说明\n\n");
        foreach (var section in sections)
        {
            text.Append(section.Number).Append('、').Append(section.Title).Append("\n\n");
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append(paragraph).Append("\n\n");
            }
        }
        return text.ToString();
    }
}
