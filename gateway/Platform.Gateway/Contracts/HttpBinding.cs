using System.Text;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Platform.Gateway.Contracts;

/// <summary>
/// One google.api.http binding of an rpc (google/api/http.proto): its verb, its path template as an ASP.NET route
/// template (a variable {ref.unit_id} becomes the route value ref__unit_id) and its body. The platform's contracts use
/// plain field variables only; a template beyond that (wildcards, {name=pattern}, a :verb suffix) stops the gateway at
/// start-up naming the rpc, rather than being routed wrongly.
/// </summary>
internal sealed partial record HttpBinding(int Index, string Verb, string RouteTemplate, string? Body, IReadOnlyDictionary<string, string> RouteValues)
{
    public static HttpBinding Of(MethodDescriptor method, HttpRule rule, int index)
    {
        var (verb, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            _ => throw Unsupported(method, "a custom verb"),
        };
        var template = new StringBuilder();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in path.Trim('/').Split('/'))
        {
            template.Append('/');
            if (Variable().Match(segment) is { Success: true } variable)
            {
                var field = variable.Groups[1].Value;
                var name = field.Replace(".", "__", StringComparison.Ordinal);
                values[name] = field;
                template.Append('{').Append(name).Append('}');
            }
            else if (Literal().IsMatch(segment))
            {
                template.Append(segment);
            }
            else
            {
                throw Unsupported(method, $"the path segment '{segment}'");
            }
        }
        return new HttpBinding(index, verb, template.ToString(), rule.Body.Length > 0 ? rule.Body : null, values);
    }

    private static InvalidOperationException Unsupported(MethodDescriptor method, string what) =>
        new($"{method.FullName}: the gateway routes google.api.http templates of literal segments and {{field.path}} variables; not {what}.");

    [GeneratedRegex(@"^\{([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\}$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^[A-Za-z0-9_.~-]+$")]
    private static partial Regex Literal();
}
