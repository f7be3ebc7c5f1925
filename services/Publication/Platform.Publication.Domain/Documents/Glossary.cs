using System.Text.Json;

namespace Platform.Publication.Domain.Documents;

/// <summary>
/// 第三部分 专业名词解释 as versioned data (services/Publication/reference-data/glossary.json): a fiscal year gets the latest
/// version that starts no later than the year.
/// </summary>
public sealed class Glossary
{
    private readonly IReadOnlyList<(int FromYear, IReadOnlyList<Term> Terms)> _versions;

    private Glossary(IReadOnlyList<(int, IReadOnlyList<Term>)> versions) => _versions = versions;

    public IReadOnlyList<Term> For(int fiscalYear) =>
        _versions.Where(v => v.FromYear <= fiscalYear).OrderByDescending(v => v.FromYear).Select(v => v.Terms).FirstOrDefault() ?? [];

    public static Glossary Read(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var versions = document.RootElement.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("fromYear").GetInt32(), (IReadOnlyList<Term>)v.GetProperty("terms").EnumerateArray()
                .Select(t => new Term(t.GetProperty("term").GetString()!, t.GetProperty("definition").GetString()!)).ToList()))
            .ToList();
        return new Glossary(versions);
    }

    public static Glossary LoadShipped()
    {
        using var stream = typeof(Glossary).Assembly.GetManifestResourceStream("reference-data/glossary.json")
            ?? throw new InvalidOperationException("reference-data/glossary.json is not embedded");
        return Read(stream);
    }
}
