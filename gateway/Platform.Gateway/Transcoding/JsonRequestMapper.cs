using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platform.Gateway.Transcoding;

/// <summary>
/// Builds a gRPC request message from an HTTP request, the way google.api.http transcoding does
/// (https://cloud.google.com/endpoints/docs/grpc-service-config/reference/rpc/google.api#http): the JSON body (when the
/// route takes one) is the message in the protobuf JSON mapping, route parameters and query parameters fill the fields
/// they name. A route parameter "ref__unit_id" names the nested field ref.unit_id (route templates cannot contain dots;
/// query parameters may use "ref.unit_id" directly). Everything goes through the protobuf JSON parser, so a bad value
/// fails with the field's name, and unknown fields are refused rather than ignored.
/// </summary>
internal static class JsonRequestMapper
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static IMessage Build(MessageDescriptor input, RouteValueDictionary routeValues, IQueryCollection query, string? body)
    {
        JsonObject json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? [] : JsonNode.Parse(body) as JsonObject ?? throw new TranscodingException("body", "must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new TranscodingException("body", $"is not valid JSON: {ex.Message}");
        }
        foreach (var (name, value) in routeValues)
        {
            if (value is string text)
            {
                Set(json, input, name.Replace("__", ".", StringComparison.Ordinal), [text]);
            }
        }
        foreach (var (name, values) in query)
        {
            Set(json, input, name, values.Where(v => v is not null).Select(v => v!).ToArray());
        }
        try
        {
            return Parser.Parse(json.ToJsonString(), input);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new TranscodingException(FieldOf(ex.Message) ?? "body", ex.Message);
        }
        catch (InvalidJsonException ex)
        {
            throw new TranscodingException("body", ex.Message);
        }
        catch (FormatException ex)
        {
            throw new TranscodingException(FieldOf(ex.Message) ?? "body", ex.Message);
        }
    }

    /// <summary>Puts a path or query value at its field path ("ref.unit_id"), typed as the field needs.</summary>
    private static void Set(JsonObject json, MessageDescriptor message, string path, string[] values)
    {
        var names = path.Split('.');
        var node = json;
        var descriptor = message;
        for (var i = 0; i < names.Length; i++)
        {
            var field = descriptor.FindFieldByName(names[i]) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == names[i])
                ?? throw new TranscodingException(path, $"is not a field of {message.Name}");
            if (i < names.Length - 1)
            {
                if (field.FieldType != FieldType.Message || field.IsRepeated)
                {
                    throw new TranscodingException(path, $"{names[i]} is not a message field");
                }
                node = node[field.JsonName] as JsonObject ?? (JsonObject)(node[field.JsonName] = new JsonObject());
                descriptor = field.MessageType;
                continue;
            }
            if (field.FieldType == FieldType.Message && !IsWellKnownScalar(field.MessageType))
            {
                throw new TranscodingException(path, "a message field cannot be given as a single value");
            }
            node[field.JsonName] = field.IsRepeated
                ? new JsonArray(values.Select(v => Scalar(path, field, v)).ToArray())
                : Scalar(path, field, values.LastOrDefault() ?? "");
        }
    }

    /// <summary>
    /// The JSON form the protobuf parser expects for a text value of this field (bools as true/false, the rest as
    /// strings), checked here so that a bad value is reported with the parameter's name.
    /// </summary>
    private static JsonNode? Scalar(string path, FieldDescriptor field, string value)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var integer = System.Globalization.NumberStyles.AllowLeadingSign;
        return field.FieldType switch
        {
            FieldType.Bool => value switch
            {
                "true" or "1" => JsonValue.Create(true),
                "false" or "0" or "" => JsonValue.Create(false),
                _ => throw new TranscodingException(path, $"must be true or false, not '{value}'"),
            },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 when !int.TryParse(value, integer, invariant, out _) =>
                throw new TranscodingException(path, $"must be a whole number, not '{value}'"),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 when !long.TryParse(value, integer, invariant, out _) =>
                throw new TranscodingException(path, $"must be a whole number, not '{value}'"),
            FieldType.UInt32 or FieldType.Fixed32 when !uint.TryParse(value, System.Globalization.NumberStyles.None, invariant, out _) =>
                throw new TranscodingException(path, $"must be a whole number of at least 0, not '{value}'"),
            FieldType.UInt64 or FieldType.Fixed64 when !ulong.TryParse(value, System.Globalization.NumberStyles.None, invariant, out _) =>
                throw new TranscodingException(path, $"must be a whole number of at least 0, not '{value}'"),
            FieldType.Float or FieldType.Double when !double.TryParse(value, System.Globalization.NumberStyles.Float, invariant, out _) =>
                throw new TranscodingException(path, $"must be a number, not '{value}'"),
            FieldType.Enum when field.EnumType.FindValueByName(value) is null && !int.TryParse(value, integer, invariant, out _) =>
                throw new TranscodingException(path, $"must be one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}, not '{value}'"),
            _ => JsonValue.Create(value),
        };
    }

    private static bool IsWellKnownScalar(MessageDescriptor type) =>
        type.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.StringValue" or "google.protobuf.Int32Value";

    private static string? FieldOf(string message)
    {
        var start = message.IndexOf("field '", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var end = message.IndexOf('\'', start + 7);
        return end > start ? message[(start + 7)..end] : null;
    }
}

/// <summary>A request the transcoder could not turn into a message: the field and why.</summary>
internal sealed class TranscodingException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
