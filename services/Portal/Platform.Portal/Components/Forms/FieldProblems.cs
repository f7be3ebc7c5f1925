using Grpc.Core;
using Platform.Grpc;

namespace Platform.Portal.Components.Forms;

/// <summary>
/// What the server refused in a form, by the contract's field path (google.rpc.BadRequest field violations): shown at
/// each input and listed at the top, in the service's own words (zh-CN).
/// </summary>
public sealed class FieldProblems
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> All => _byPath;

    public int Count => _byPath.Count;

    /// <summary>The violations of a refused call; none when the status carried none (its detail then says what was wrong).</summary>
    public static FieldProblems From(RpcException ex)
    {
        var problems = new FieldProblems();
        foreach (var v in ex.FieldViolations())
        {
            problems.Add(v.Field, v.Description);
        }
        return problems;
    }

    /// <summary>A reason found before anything was sent (a count that is not a whole number cannot even be put in the message).</summary>
    public void Add(string path, string reason) =>
        _byPath[path] = _byPath.TryGetValue(path, out var earlier) ? earlier + "；" + reason : reason;

    /// <summary>A reason that stands instead of the service's for the field (the portal knows better what the person typed).</summary>
    public void Replace(string path, string reason) => _byPath[path] = reason;

    /// <summary>A reason that does not apply to what the person typed (a field the form says may be left blank).</summary>
    public void Remove(string path) => _byPath.Remove(path);

    public string? At(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>An element id for a field path: letters, digits and dashes only (brackets and dots are awkward in ids and selectors).</summary>
    public static string Anchor(string path) =>
        "f-" + string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-'));
}
