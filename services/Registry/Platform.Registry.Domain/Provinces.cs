using System.Text.Json;

namespace Platform.Registry.Domain;

/// <summary>
/// The province-level divisions by the two leading digits of a division code (GB/T 2260; reference-data/provinces.json):
/// what lets a document that names its province in words ("重庆市", "新疆") be placed against a division code.
/// </summary>
public static class Provinces
{
    private static readonly IReadOnlyList<(string Code, string Name)> All = Load();

    /// <summary>The province's name for a code or code prefix ("65", "650100"); null when the first two digits name none.</summary>
    public static string? NameOf(string code) =>
        code.Length >= 2 ? All.FirstOrDefault(p => code.StartsWith(p.Code, StringComparison.Ordinal)).Name : null;

    /// <summary>
    /// The two-digit code of a province named as a publication prints it: the full name, or a short one its full name starts
    /// with ("新疆", "内蒙古"); null when no province is named so.
    /// </summary>
    public static string? CodeOf(string? name)
    {
        var text = name?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < 2)
        {
            return null;
        }
        return All.FirstOrDefault(p => p.Name == text).Code ?? All.FirstOrDefault(p => p.Name.StartsWith(text, StringComparison.Ordinal)).Code;
    }

    private static List<(string, string)> Load()
    {
        using var stream = typeof(Provinces).Assembly.GetManifestResourceStream("reference-data/provinces.json")!;
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("provinces").EnumerateArray().Select(p => (p.GetProperty("code").GetString()!, p.GetProperty("name").GetString()!))];
    }
}
