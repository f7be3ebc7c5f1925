using System.Text.Json;

namespace Platform.Domain;

/// <summary>
/// What a value of a transcription or a request is, in the words a clerk reads: a field of the wrong JSON kind
/// ("amount_unit": 10000, "region_path": "新疆") is refused naming what it should be and what it is, never an unhandled
/// InvalidOperationException from <see cref="JsonElement.GetString"/>.
/// </summary>
public static class JsonKinds
{
    public static string Name(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "对象",
        JsonValueKind.Array => "数组",
        JsonValueKind.String => "字符串",
        JsonValueKind.Number => "数字",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    /// <summary>"应为字符串，实为数字"; a Latin name spaced from the Chinese before it ("实为 null").</summary>
    public static string Expected(string expected, JsonValueKind actual)
    {
        var name = Name(actual);
        return $"应为{expected}，实为{(char.IsAscii(name[0]) ? " " : "")}{name}";
    }
}
