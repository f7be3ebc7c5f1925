using System.Globalization;
using System.Text.Json;

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using BadRequest = Google.Rpc.BadRequest;
using HttpRule = Google.Api.HttpRule;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Platform.Domain;
using Code = Google.Rpc.Code;
using Status = Google.Rpc.Status;

namespace Platform.Grpc.Json;

/// <summary>
/// A JSON request, checked against its rpc's request message before JSON transcoding reads it, so that a clerk's form is
/// told which field is wrong: Microsoft.AspNetCore.Grpc.JsonTranscoding ignores unknown fields and query parameters and
/// reports a type error without naming the field. Checked here, strictly (protobuf's JSON mapping,
/// https://protobuf.dev/programming-guides/json/): the content type; the body is one JSON object in valid UTF-8 with no
/// key twice; every body field and query parameter names a field of the request (its proto or JSON name); every value has
/// the field's type (numbers as JSON numbers or decimal strings, 64-bit integers either way, enums by name or number,
/// bytes as base64); at most one member of a oneof. Each problem is a google.rpc.BadRequest field violation naming the
/// field by its proto path (ref.unit_id, cells[2].value), all of them at once, answered as JSON transcoding answers
/// errors: 400 with google.rpc.Status. Values are not checked further: that is the service's.
/// </summary>
internal sealed partial class JsonRequestCheck(RequestDelegate next)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(PlatformGrpcServerExtensions.StatusDetailTypes));

    // Not async on the way through: every gRPC call passes here, and only JSON routes need a state machine.
    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoding
            ? CheckAsync(context, transcoding)
            : next(context);

    private async Task CheckAsync(HttpContext context, GrpcJsonTranscodingMetadata transcoding)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        var request = context.Request;
        var message = transcoding.MethodDescriptor.InputType;
        foreach (var (key, values) in request.Query)
        {
            if (Resolve(message, key) is not { } field)
            {
                violations.Add(Violation(key, GrpcMessages.NotAField, ParameterReason));
                continue;
            }
            if (!field.IsRepeated && values.Count > 1)
            {
                violations.Add(Violation(key, GrpcMessages.OneValueOnly, ParameterReason));
            }
            foreach (var value in values)
            {
                if (field.FieldType == FieldType.Message || !ParsesAs(field, value ?? ""))
                {
                    violations.Add(Violation(key, NotOfType(field, value ?? ""), ParameterReason));
                }
            }
        }
        foreach (var variable in PathVariables(transcoding.HttpRule))
        {
            if (request.RouteValues.TryGetValue(variable, out var routeValue) && routeValue is string text
                && Resolve(message, variable) is { FieldType: not FieldType.Message } pathField && !ParsesAs(pathField, text))
            {
                violations.Add(Violation(variable, NotOfType(pathField, text), ParameterReason));
            }
        }
        var body = transcoding.HttpRule.Body;
        // "No body" as the server saw it: HTTP/1.1 without Content-Length or Transfer-Encoding (or a length of 0), HTTP/2 and
        // HTTP/3 with the stream ended on the headers — an HTTP/2 body of unknown length has neither header and is a body.
        if (body.Length > 0 && (request.ContentLength == 0 || context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
        {
            // No body at all (curl -X POST without data): read as an empty object, so the service names the fields it
            // needs in Chinese — JSON transcoding answered "Request JSON payload is not correctly formatted."
            request.Body = new MemoryStream("{}"u8.ToArray());
            request.ContentLength = 2;
            request.ContentType = "application/json";
        }
        else if (body.Length > 0)
        {
            if (!IsJson(request.ContentType))
            {
                await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, Code.InvalidArgument, GrpcMessages.BodyMustBeJson, []);
                return;
            }
            request.EnableBuffering();
            var bytes = await ReadAsync(request, context.RequestAborted);
            request.Body.Position = 0;
            var target = body == "*" ? message : Resolve(message, body)?.MessageType;
            var prefix = body == "*" ? "" : body;
            if (target is not null)
            {
                Check(bytes, target, prefix, violations);
            }
        }
        if (violations.Count > 0)
        {
            var summary = violations.Count == 1
                ? Messages.AtField(violations[0].Field, violations[0].Description)
                : Messages.InvalidFields(violations.Count, violations.Select(v => Messages.AtField(v.Field, v.Description)));
            await WriteAsync(context, StatusCodes.Status400BadRequest, Code.InvalidArgument, summary, violations);
            return;
        }
        await next(context);
    }

    /// <summary>The field paths of a rule's path variables ({ref.unit_id}), the names JSON transcoding gives its route values.</summary>
    private static IEnumerable<string> PathVariables(HttpRule rule)
    {
        var path = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            _ => "",
        };
        return System.Text.RegularExpressions.Regex.Matches(path, @"\{([^}=]+)(=[^}]*)?\}").Select(m => m.Groups[1].Value);
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, token);
        return buffer.ToArray();
    }

    private static void Check(byte[] json, MessageDescriptor message, string prefix, List<BadRequest.Types.FieldViolation> violations)
    {
        JsonDocument document;
        try
        {
            // Invalid UTF-8 and malformed JSON alike end here (System.Text.Json validates both).
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            violations.Add(Violation(prefix.Length > 0 ? prefix : "body", GrpcMessages.InvalidJson((ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1)));
            return;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                violations.Add(Violation(prefix.Length > 0 ? prefix : "body", GrpcMessages.MustBeObject));
                return;
            }
            CheckObject(document.RootElement, message, prefix, violations);
        }
    }

    private static void CheckObject(JsonElement element, MessageDescriptor message, string path, List<BadRequest.Types.FieldViolation> violations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var oneofs = new Dictionary<OneofDescriptor, string>();
        foreach (var property in element.EnumerateObject())
        {
            if (!IsText(property))
            {
                violations.Add(Violation(Join(path, "?"), GrpcMessages.NameNotUtf8));
                continue;
            }
            var field = message.FindFieldByName(property.Name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            var name = Join(path, field?.Name ?? property.Name);
            if (field is null)
            {
                violations.Add(Violation(name, GrpcMessages.NotAField));
                continue;
            }
            if (!seen.Add(field.Name))
            {
                violations.Add(Violation(name, GrpcMessages.DuplicateField));
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (field.RealContainingOneof is { } oneof)
            {
                if (oneofs.TryGetValue(oneof, out var other))
                {
                    violations.Add(Violation(name, GrpcMessages.OneofConflict(other, oneof.Name)));
                    continue;
                }
                oneofs[oneof] = name;
            }
            CheckField(property.Value, field, name, violations);
        }
    }

    private static void CheckField(JsonElement value, FieldDescriptor field, string path, List<BadRequest.Types.FieldViolation> violations)
    {
        if (field.IsMap)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                violations.Add(Violation(path, GrpcMessages.MustBeMap));
                return;
            }
            var valueField = field.MessageType.FindFieldByNumber(2);
            foreach (var entry in value.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Null)
                {
                    CheckSingle(entry.Value, valueField, $"{path}[{entry.Name}]", violations);
                }
            }
            return;
        }
        if (field.IsRepeated)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                violations.Add(Violation(path, GrpcMessages.MustBeArray));
                return;
            }
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckSingle(item, field, $"{path}[{index++}]", violations);
            }
            return;
        }
        CheckSingle(value, field, path, violations);
    }

    private static void CheckSingle(JsonElement value, FieldDescriptor field, string path, List<BadRequest.Types.FieldViolation> violations)
    {
        if (field.FieldType == FieldType.Message)
        {
            if (IsWrapper(field.MessageType))
            {
                CheckSingle(value, field.MessageType.FindFieldByNumber(1), path, violations);
            }
            else if (field.MessageType.File == Struct.Descriptor.File || field.MessageType.File != field.File && field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
            {
                // Well-known types with JSON forms of their own (Timestamp, Duration, Struct, Value, Any, FieldMask…):
                // JSON transcoding reads them.
            }
            else if (value.ValueKind != JsonValueKind.Object)
            {
                violations.Add(Violation(path, GrpcMessages.MustBeObject));
            }
            else
            {
                CheckObject(value, field.MessageType, path, violations);
            }
            return;
        }
        var text = "";
        if (value.ValueKind == JsonValueKind.String && !TryGetText(value, out text))
        {
            // System.Text.Json checks UTF-8 only when a string is read: refused here, never stored as U+FFFD.
            violations.Add(Violation(path, GrpcMessages.TextNotUtf8));
            return;
        }
        var ok = value.ValueKind switch
        {
            JsonValueKind.String => field.FieldType != FieldType.Bool && ParsesAs(field, text),
            JsonValueKind.Number => IsNumeric(field) && ParsesAs(field, value.GetRawText()),
            JsonValueKind.True or JsonValueKind.False => field.FieldType == FieldType.Bool,
            _ => false,
        };
        if (!ok)
        {
            violations.Add(Violation(path, value.ValueKind == JsonValueKind.String
                ? NotOfType(field, text)
                : value.ValueKind == JsonValueKind.Number && IntegerRange(field) is not null && WholeNumber().IsMatch(value.GetRawText())
                    ? NotOfType(field, value.GetRawText())
                    : GrpcMessages.MustBeOfType(TypeName(field))));
        }
    }

    /// <summary>Whether a JSON string (or property name) is valid UTF-8: reading it is the only check System.Text.Json makes.</summary>
    private static bool TryGetText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static bool IsText(JsonProperty property)
    {
        try
        {
            _ = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsWrapper(MessageDescriptor message) =>
        message.File == WrappersReflection.Descriptor;

    private static bool IsNumeric(FieldDescriptor field) => field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Bool or FieldType.Message);

    /// <summary>Whether text is a value of the field's scalar type in protobuf's JSON mapping.</summary>
    private static bool ParsesAs(FieldDescriptor field, string text) => field.FieldType switch
    {
        FieldType.String => true,
        FieldType.Bool => text is "true" or "false",
        FieldType.Bytes => IsBase64(text),
        FieldType.Enum => field.EnumType.FindValueByName(text) is not null
            || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
        FieldType.Float or FieldType.Double => text is "NaN" or "Infinity" or "-Infinity"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => false,
    };

    private static bool IsBase64(string text)
    {
        var normalized = text.Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + (4 - normalized.Length % 4) % 4, '=');
        return Convert.TryFromBase64String(normalized, new byte[normalized.Length], out _);
    }

    private static string TypeName(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => GrpcMessages.TypeBool,
        FieldType.Bytes => GrpcMessages.TypeBytes,
        FieldType.Enum => GrpcMessages.TypeEnum(field.EnumType.Name, field.EnumType.Values.Select(v => v.Name).Take(8)),
        FieldType.Float or FieldType.Double => GrpcMessages.TypeNumber,
        FieldType.String => GrpcMessages.TypeString,
        FieldType.Message => GrpcMessages.TypeObject,
        _ => GrpcMessages.TypeInteger,
    };

    /// <summary>A field of <paramref name="message"/> by its path in proto or JSON names ("ref.unit_id", "ref.unitId").</summary>
    private static FieldDescriptor? Resolve(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        var current = message;
        foreach (var segment in path.Split('.'))
        {
            if (current is null)
            {
                return null;
            }
            field = current.FindFieldByName(segment) ?? current.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == segment);
            if (field is null)
            {
                return null;
            }
            current = field.FieldType == FieldType.Message && !field.IsRepeated ? field.MessageType : null;
        }
        return field;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static BadRequest.Types.FieldViolation Violation(string field, string description, string reason = "INVALID_JSON") =>
        new() { Field = field, Description = description, Reason = reason };

    /// <summary>A query parameter or path variable that is not a value of its field (not JSON: the body's reason would mislead).</summary>
    private const string ParameterReason = "INVALID_PARAMETER";

    /// <summary>
    /// Why text is not a value of the field: a whole number past the field's range is said to be out of range, with the
    /// range ("999999999999 不是整数" was false: it is one, too large).
    /// </summary>
    private static string NotOfType(FieldDescriptor field, string text) =>
        IntegerRange(field) is var (min, max) && WholeNumber().IsMatch(text)
            ? GrpcMessages.IntegerOutOfRange(text, min, max)
            : GrpcMessages.ValueNotOfType(text, TypeName(field));

    private static (string Min, string Max)? IntegerRange(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int.MinValue.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture)),
        FieldType.UInt32 or FieldType.Fixed32 => ("0", uint.MaxValue.ToString(CultureInfo.InvariantCulture)),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long.MinValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture)),
        FieldType.UInt64 or FieldType.Fixed64 => ("0", ulong.MaxValue.ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex WholeNumber();

    private static Task WriteAsync(HttpContext context, int httpStatus, Code code, string message, IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var status = new Status { Code = (int)code, Message = message };
        if (violations.Count > 0)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { violations } }));
        }
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }
}
