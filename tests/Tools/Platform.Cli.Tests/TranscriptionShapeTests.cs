using System.Text.Json.Nodes;
using Platform.Accounts.Domain.Publications;
using Platform.Accounts.Domain.ReferenceData;
using Platform.Domain;

namespace Platform.Cli.Tests;

/// <summary>
/// Every field of a real transcription given a value of the wrong JSON kind ("amount_unit": true, "region_path": {},
/// a figure as an object): `check` and `render` refuse it naming the field, or read around it — never an unhandled
/// exception (an InvalidOperationException from GetString was an internal error in the import rpc and a stack trace here).
/// </summary>
public sealed class TranscriptionShapeTests
{
    [Theory]
    [InlineData("services/Demo/disclosures/000_bb240cb5f2680099.json")]
    [InlineData("tests/Tools/Platform.Cli.Tests/UnseenDocuments/101_daying-wenguanglv-2022.json")]
    [InlineData("tests/Tools/Platform.Cli.Tests/UnseenDocuments/109_xundian-tangzi-jiedao_2023.json")]
    public void CheckAndRender_AnyFieldOfTheWrongKind_RefusedNamingItOrReadAround(string file)
    {
        var original = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine(file)))!;
        var reference = ReferenceDataSet.LoadShipped();
        var directory = Directory.CreateTempSubdirectory("shape-").FullName;
        var failures = new List<string>();
        var mutants = 0;
        foreach (var (path, node) in Nodes(original, "$"))
        {
            foreach (var wrong in WrongKinds(node))
            {
                var mutant = Replaced(original, path, wrong);
                var target = Path.Combine(directory, "t.json");
                File.WriteAllText(target, mutant.ToJsonString());
                mutants++;
                try
                {
                    using (var stream = File.OpenRead(target))
                    {
                        DisclosureCheck.Run(DisclosureReader.Read(stream, "t.json", reference.CodesFor), reference);
                    }
                    DisclosureRender.Render(target);
                }
                catch (ValidationException refused) when (refused.Errors.All(e => e.Field.Length > 0 && e.Reason.Length > 0))
                {
                }
                catch (Exception ex)
                {
                    failures.Add($"{path} = {wrong.ToJsonString()}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        Assert.True(mutants > 100, $"only {mutants} mutants");
        Assert.Empty(failures);
    }

    /// <summary>Every node below the root with its path ($.department.name, $.items[3]).</summary>
    private static IEnumerable<(string Path, JsonNode? Node)> Nodes(JsonNode node, string path)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => ($"{path}.{p.Key}", p.Value)),
            JsonArray a => a.Select((v, i) => ($"{path}[{i}]", v)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            yield return (childPath, child);
            if (child is not null)
            {
                foreach (var below in Nodes(child, childPath))
                {
                    yield return below;
                }
            }
        }
    }

    /// <summary>Values of other kinds than the node's own: a flag, and a container of the other shape.</summary>
    private static IEnumerable<JsonNode> WrongKinds(JsonNode? node) => node switch
    {
        JsonObject => [JsonValue.Create(true), new JsonArray(JsonValue.Create("x"))],
        JsonArray => [JsonValue.Create(true), new JsonObject { ["x"] = 1 }],
        _ => [JsonValue.Create(true), new JsonObject { ["x"] = 1 }, new JsonArray(JsonValue.Create(1))],
    };

    private static JsonNode Replaced(JsonNode original, string path, JsonNode value)
    {
        var copy = original.DeepClone();
        var parentPath = path[..Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['))];
        var parent = Find(copy, parentPath);
        var last = path[parentPath.Length..];
        if (last.StartsWith('['))
        {
            parent!.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent!.AsObject()[last[1..]] = value;
        }
        return copy;
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var node = root;
        foreach (System.Text.RegularExpressions.Match step in System.Text.RegularExpressions.Regex.Matches(path, @"\.([^.\[]+)|\[(\d+)\]"))
        {
            node = step.Groups[1].Success ? node![step.Groups[1].Value] : node![int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
        }
        return node;
    }
}
