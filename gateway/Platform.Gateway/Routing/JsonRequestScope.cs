using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Contracts;

namespace Platform.Gateway.Routing;

/// <summary>
/// The scoped values of a JSON request, found where google.api.http lets a field be set (google/api/http.proto, and
/// JSON transcoding's reading of it): a path variable, a query parameter named by the field path (proto or JSON names),
/// or the body. Every place is looked at and every value found is checked, so no precedence between them can let a
/// value past the check. A body that is not a JSON object cannot be read: the request is refused (fail closed).
/// </summary>
internal static class JsonRequestScope
{
    /// <summary>The scope, or null when the body could not be read.</summary>
    public static async Task<RequestScope?> ReadAsync(HttpContext context, Rpc rpc, HttpBinding binding)
    {
        var scope = new RequestScope();
        var request = context.Request;
        foreach (var field in rpc.Scopes)
        {
            foreach (var (name, path) in binding.RouteValues)
            {
                if (path == field.ProtoPath && request.RouteValues.TryGetValue(name, out var value) && value is string text)
                {
                    scope.Add(field.Scope, text);
                }
            }
            foreach (var (key, values) in request.Query)
            {
                if (Names(field, key.Split('.')))
                {
                    foreach (var value in values)
                    {
                        scope.Add(field.Scope, value ?? "");
                    }
                }
            }
        }
        if (binding.Body is null || rpc.Scopes.Count == 0 || !HasBody(request))
        {
            return scope;
        }
        request.EnableBuffering();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            // body "*" is the request message; body "field" is that field of it.
            var prefix = binding.Body == "*" ? [] : binding.Body.Split('.');
            try
            {
                foreach (var field in rpc.Scopes)
                {
                    var segments = field.Path.Select(f => (f.Name, f.JsonName)).ToList();
                    if (prefix.Length > segments.Count || prefix.Where((p, i) => p != segments[i].Name).Any())
                    {
                        continue;
                    }
                    foreach (var value in Find(document.RootElement, segments.Skip(prefix.Length).ToList()))
                    {
                        scope.Add(field.Scope, value);
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // A name or string that is not UTF-8 (System.Text.Json checks only when it is read): unreadable.
                return null;
            }
        }
        return scope;
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    /// <summary>Whether a query key names the field: each segment its proto name or its JSON name.</summary>
    private static bool Names(ScopedField field, string[] key) =>
        key.Length == field.Path.Count && field.Path.Select((f, i) => key[i] == f.Name || key[i] == f.JsonName).All(matches => matches);

    private static IEnumerable<string> Find(JsonElement element, IReadOnlyList<(string Name, string JsonName)> path)
    {
        if (path.Count == 0)
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => [element.GetString() ?? ""],
                JsonValueKind.Number => [element.GetRawText()],
                JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Find(e, path)),
                _ => [],
            };
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var (name, jsonName) = path[0];
        return element.EnumerateObject()
            .Where(p => p.Name == name || p.Name == jsonName)
            .SelectMany(p => Find(p.Value, path.Skip(1).ToList()))
            .ToList();
    }
}
