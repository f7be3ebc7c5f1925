using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Platform.Portal.Work;

/// <summary>
/// Where the form on a clerk's page and the form saved meanwhile by someone else differ, input by input, named by the
/// same field paths the page's inputs carry (project_form.funds.execution_rate, overall_form.indicators[2].weight): what a
/// refused save (ABORTED, a newer revision) shows, so that saving again over the other person's work is never blind.
/// Generic over the contract's messages (every string field, nested and repeated), so both forms and any field added to
/// them later are compared alike. A line one side lacks compares as blank.
/// </summary>
internal static class FormDifferences
{
    public static IReadOnlyList<(string Path, string Yours, string Saved)> Between(IMessage? yours, IMessage? saved, string prefix)
    {
        var found = new List<(string, string, string)>();
        Walk(yours, saved, prefix, found);
        return found;
    }

    private static void Walk(IMessage? yours, IMessage? saved, string prefix, List<(string, string, string)> found)
    {
        if ((yours ?? saved)?.Descriptor is not { } descriptor)
        {
            return;
        }
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            var path = $"{prefix}.{field.Name}";
            if (field.IsRepeated)
            {
                var a = List(yours, field);
                var b = List(saved, field);
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var x = i < a.Count ? a[i] : null;
                    var y = i < b.Count ? b[i] : null;
                    if (field.FieldType == FieldType.Message)
                    {
                        Walk(x as IMessage, y as IMessage, $"{path}[{i}]", found);
                    }
                    else if (field.FieldType == FieldType.String)
                    {
                        Compare($"{path}[{i}]", x as string, y as string, found);
                    }
                }
            }
            else if (field.FieldType == FieldType.Message)
            {
                Walk(Value(yours, field) as IMessage, Value(saved, field) as IMessage, path, found);
            }
            else if (field.FieldType == FieldType.String)
            {
                Compare(path, Value(yours, field) as string, Value(saved, field) as string, found);
            }
        }
    }

    private static void Compare(string path, string? yours, string? saved, List<(string, string, string)> found)
    {
        var (a, b) = ((yours ?? "").Trim(), (saved ?? "").Trim());
        // The saved form comes back canonical (96, 1250) while the page holds what was typed (96%, 1,250, full-width):
        // the same number is no difference.
        if (a != b && !(Platform.Domain.PrintedNumber.Read(a) is { Ok: true } x && Platform.Domain.PrintedNumber.Read(b) is { Ok: true } y && x.Value == y.Value))
        {
            found.Add((path, a, b));
        }
    }

    private static object? Value(IMessage? message, FieldDescriptor field) => message is null ? null : field.Accessor.GetValue(message);

    private static IReadOnlyList<object?> List(IMessage? message, FieldDescriptor field) =>
        message is null ? [] : ((System.Collections.IList)field.Accessor.GetValue(message)).Cast<object?>().ToList();

    /// <summary>A value as the list of differences quotes it: "空" for blank, long text cut to its first 40 characters.</summary>
    public static string Quote(string value) => value.Length == 0 ? "空" : value.Length > 40 ? $"“{value[..40]}…”" : $"“{value}”";
}
