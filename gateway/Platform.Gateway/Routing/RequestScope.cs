using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Api;
using Platform.Gateway.Contracts;

namespace Platform.Gateway.Routing;

/// <summary>
/// What a request names that the caller's jurisdiction must cover: the values of the request fields the contract marks
/// with platform.api.scope (region codes, unit ids) and the fiscal year units are placed in (0 when none).
/// </summary>
internal sealed class RequestScope
{
    public List<string> Regions { get; } = [];

    public List<string> Units { get; } = [];

    public int Year { get; private set; }

    public void Add(Scope scope, string value)
    {
        if (value.Length == 0)
        {
            return;
        }
        switch (scope)
        {
            // Only what is a division code in form: "6501" is not a region beyond the caller but a field the service names
            // as malformed (the page said 无权操作 over a typo). The services check every region themselves, and a value
            // that is not six digits is covered by no one's jurisdiction there (Jurisdiction.Covers), so nothing passes
            // that they would not refuse.
            case Scope.Region when value.Length == 6 && value.All(char.IsAsciiDigit):
                Regions.Add(value);
                break;
            case Scope.Unit:
                Units.Add(value);
                break;
            case Scope.FiscalYear when Year == 0 && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var year) && year > 0:
                Year = year;
                break;
        }
    }

    /// <summary>The scoped values of a gRPC request message (repeated string fields: each element).</summary>
    public static RequestScope Of(IMessage message, Rpc rpc)
    {
        var scope = new RequestScope();
        foreach (var field in rpc.Scopes)
        {
            IMessage? current = message;
            foreach (var step in field.Path.SkipLast(1))
            {
                current = step.IsRepeated ? null : step.Accessor.GetValue(current) as IMessage;
                if (current is null)
                {
                    break;
                }
            }
            if (current is null)
            {
                continue;
            }
            var leaf = field.Path[^1];
            var value = leaf.Accessor.GetValue(current);
            if (leaf.IsRepeated && value is System.Collections.IEnumerable items and not string)
            {
                foreach (var item in items)
                {
                    scope.Add(field.Scope, Text(item));
                }
            }
            else if (leaf.FieldType != FieldType.Message)
            {
                scope.Add(field.Scope, Text(value));
            }
        }
        return scope;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        int i => i == 0 ? "" : i.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
