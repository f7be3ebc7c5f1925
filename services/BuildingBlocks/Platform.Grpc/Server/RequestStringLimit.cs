using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Domain;

namespace Platform.Grpc;

/// <summary>
/// The platform-wide ceiling on every text a request carries, checked once for every call before any handler runs —
/// gRPC, gRPC-Web and JSON alike, since transcoded requests pass the same interceptor: no string field of any request may
/// exceed <see cref="MaxLength"/> characters. Fields with a tighter meaning have their own, lower maximum where the domain
/// accepts them (names 200, notes 500, prose 2,000: <see cref="FreeText"/>); this ceiling makes sure a field nobody
/// thought to limit cannot carry a megabyte into a row, a log line or an event. Bytes (uploaded files) are bounded by
/// the maximum message size instead. A field the contract marks as naming a unit (platform.api.scope UNIT) must also be
/// a unit id of the one grammar (<see cref="UnitIds"/>): "../../etc/passwd" is refused at the door of every rpc, with the
/// field named, before any handler could use it in a lookup, a path or a file name.
/// </summary>
internal static class RequestStringLimit
{
    public const int MaxLength = 10_000;

    /// <summary>Per message type: whether it holds any string field at any depth (most checks end here).</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, bool> HoldsText = new();

    public static void Check(object request)
    {
        if (request is not IMessage message || !Holds(message.Descriptor, 0))
        {
            return;
        }
        var errors = new List<FieldError>();
        Walk(message, "", errors, 0);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static bool Holds(MessageDescriptor descriptor, int depth) =>
        HoldsText.GetOrAdd(descriptor, static (d, depth) => depth < 16 && d.Fields.InDeclarationOrder().Any(f =>
            f.FieldType == FieldType.String || f.FieldType == FieldType.Message && Holds(f.MessageType, depth + 1)), depth);

    private static void Walk(IMessage message, string path, List<FieldError> errors, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType is not (FieldType.String or FieldType.Message) || field.FieldType == FieldType.Message && !Holds(field.MessageType, depth + 1))
            {
                continue;
            }
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            var unit = field.FieldType == FieldType.String
                && field.GetOptions()?.GetExtension(Platform.Api.AnnotationsExtensions.Scope) == Platform.Api.Scope.Unit;
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Visit(entry.Value, $"{name}[{entry.Key}]", errors, depth, false);
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    Visit(item, $"{name}[{index++}]", errors, depth, unit);
                }
            }
            else
            {
                Visit(value, name, errors, depth, unit);
            }
        }
    }

    private static void Visit(object? value, string path, List<FieldError> errors, int depth, bool unit)
    {
        switch (value)
        {
            case string { Length: > MaxLength } text:
                errors.Add(new FieldError(path, $"长度 {text.Length} 个字符，超过请求文本的上限 {MaxLength} 个字符", "TOO_LONG"));
                break;
            case string { Length: > 0 } text when unit && UnitIds.Problem(text) is { } problem:
                errors.Add(new FieldError(path, $"单位编码 {Quoting.Quote(text)} {problem}", "INVALID_ID"));
                break;
            case IMessage nested when depth < 16:
                Walk(nested, path, errors, depth + 1);
                break;
        }
    }
}
