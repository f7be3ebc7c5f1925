using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain;

namespace Platform.Performance.Domain.Scoring;

/// <summary>One parameter of a policy file (its path, e.g. "quantity.equalMiss") and the values offices are known to use.</summary>
public sealed record PolicyParameter(string Path, IReadOnlyList<JsonNode> Values);

/// <summary>
/// The declared space of scoring policies (reference-data/policy-space.json) that <see cref="PolicyFit"/> searches. A
/// candidate is a policy file with one parameter's value written in, read back by <see cref="ScoringPolicy.Read"/>: the
/// space speaks the policy files' own vocabulary, and anything it can produce is a policy a region could ship.
/// </summary>
public sealed record PolicySpace(IReadOnlyList<PolicyParameter> Parameters)
{
    public static PolicySpace Read(JsonElement root, string file)
    {
        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationException($"{file}: parameters", PerformanceMessages.PolicyRequired("{path, values} 的列表"));
        }
        var list = new List<PolicyParameter>();
        foreach (var (p, i) in parameters.EnumerateArray().Select((p, i) => (p, i)))
        {
            if (!p.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String || path.GetString() is not { Length: > 0 } name)
            {
                throw new ValidationException($"{file}: parameters[{i}].path", PerformanceMessages.PolicyRequired("评分规则文件中的路径，如 quantity.equalMiss"));
            }
            if (!p.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                throw new ValidationException($"{file}: parameters[{i}].values", PerformanceMessages.PolicyRequired("至少一个取值"));
            }
            list.Add(new PolicyParameter(name, [.. values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())!)]));
        }
        return new PolicySpace(list);
    }

    public static PolicySpace LoadShipped()
    {
        using var stream = typeof(PolicySpace).Assembly.GetManifestResourceStream("reference-data/policy-space.json")!;
        using var document = JsonDocument.Parse(stream);
        return Read(document.RootElement, "policy-space.json");
    }

    /// <summary>
    /// <paramref name="policy"/> with <paramref name="value"/> written at <paramref name="path"/>; a value the policy
    /// files do not accept is refused by the reader, naming the field.
    /// </summary>
    public static ScoringPolicy With(ScoringPolicy policy, string path, JsonNode value)
    {
        var json = policy.ToJson();
        var parts = path.Split('.');
        var at = json;
        foreach (var part in parts[..^1])
        {
            if (at[part] is not JsonObject next)
            {
                next = [];
                at[part] = next;
            }
            at = next;
        }
        at[parts[^1]] = value.DeepClone();
        return ScoringPolicy.Read(JsonSerializer.SerializeToElement(json), "policy-space.json: " + path);
    }
}
