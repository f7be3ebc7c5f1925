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
/// field named, before any handler could use it in a lookup, a path or a file name. A field the contract marks as a
/// decimal (platform.api.decimal) may carry no more decimals than it declares and no sign unless it allows one: "1.001"
/// 元 or "-5" vehicles never reach a domain that might round or store them.
/// </summary>
internal static class RequestStringLimit
{
    public const int MaxLength = 10_000;

    /// <summary>Per message type, worked out once: the fields that can hold text at any depth, and whether a string field names a unit.</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, TextField[]> TextFields = new();

    private sealed record TextField(FieldDescriptor Field, bool Unit, Platform.Api.Decimal? Decimal);

    public static void Check(object request)
    {
        if (request is not IMessage message || FieldsOf(message.Descriptor).Length == 0)
        {
            return;
        }
        List<FieldError>? errors = null;
        Walk(message, "", ref errors, 0);
        if (errors is not null)
        {
            throw new ValidationException(errors);
        }
    }

    private static TextField[] FieldsOf(MessageDescriptor descriptor) =>
        TextFields.GetOrAdd(descriptor, static d => d.Fields.InDeclarationOrder()
            .Where(f => f.FieldType == FieldType.String
                || f.FieldType == FieldType.Message && (f.IsMap ? IsText(f.MessageType.FindFieldByNumber(2)) : HoldsText(f.MessageType, 1)))
            .Select(f => new TextField(f, f.FieldType == FieldType.String
                && f.GetOptions()?.GetExtension(Platform.Api.AnnotationsExtensions.Scope) == Platform.Api.Scope.Unit,
                f.FieldType == FieldType.String ? f.GetOptions()?.GetExtension(Platform.Api.AnnotationsExtensions.Decimal) : null))
            .ToArray());

    // Not cached: a recursive message (google.protobuf.Struct) must not be cached half-worked-out; it runs once per type.
    private static bool HoldsText(MessageDescriptor descriptor, int depth) =>
        depth < 16 && descriptor.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.String
            || f.FieldType == FieldType.Message && HoldsText(f.MessageType, depth + 1));

    private static bool IsText(FieldDescriptor value) => value.FieldType == FieldType.String;

    // Field paths are built only for a value in error (and for the way down into a nested message): nothing is allocated
    // for a request that passes, which is nearly every request.
    private static void Walk(IMessage message, string path, ref List<FieldError>? errors, int depth)
    {
        foreach (var (field, unit, declared) in FieldsOf(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Visit(entry.Value, new Place(path, field.Name, entry.Key), ref errors, depth, false, null);
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    Visit(item, new Place(path, field.Name, index++), ref errors, depth, unit, declared);
                }
            }
            else
            {
                Visit(value, new Place(path, field.Name, null), ref errors, depth, unit, declared);
            }
        }
    }

    /// <summary>Where a value sits (parent path, field, index or map key): a struct, turned into text only when needed.</summary>
    private readonly record struct Place(string Parent, string Field, object? Key)
    {
        public override string ToString()
        {
            var name = Parent.Length == 0 ? Field : $"{Parent}.{Field}";
            return Key is null ? name : $"{name}[{Key}]";
        }
    }

    private static void Visit(object? value, Place place, ref List<FieldError>? errors, int depth, bool unit, Platform.Api.Decimal? declared)
    {
        switch (value)
        {
            case string { Length: > MaxLength } text:
                (errors ??= []).Add(new FieldError(place.ToString(), GrpcMessages.RequestTextTooLong(text.Length, MaxLength), "TOO_LONG"));
                break;
            case string { Length: > 0 } text when unit && UnitIds.Problem(text) is { } problem:
                (errors ??= []).Add(new FieldError(place.ToString(), Messages.InvalidUnitId(text, problem), "INVALID_ID"));
                break;
            case string { Length: > 0 } text when declared is not null && DecimalProblem(text, declared) is { } problem:
                (errors ??= []).Add(new FieldError(place.ToString(), $"{Quoting.Quote(text)} {problem.Reason}", problem.Code));
                break;
            case IMessage nested when depth < 16:
                Walk(nested, place.ToString(), ref errors, depth + 1);
                break;
        }
    }

    /// <summary>
    /// What is wrong with a declared decimal's text, or null. Only a plain number is judged here (a sign, digits, one
    /// point): anything else is left to the domain, which names what it expected of the field.
    /// </summary>
    private static (string Reason, string Code)? DecimalProblem(string text, Platform.Api.Decimal declared)
    {
        var s = text.AsSpan().Trim();
        var negative = s.StartsWith("-");
        var digits = negative || s.StartsWith("+") ? s[1..] : s;
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        if (digits.IsEmpty || !IsDigits(whole) || !IsDigits(fraction) || whole.IsEmpty && fraction.IsEmpty)
        {
            return null;
        }
        if (negative && !declared.Negative && (IsDigits(whole) && whole.ContainsAnyExcept('0') || fraction.ContainsAnyExcept('0')))
        {
            return (GrpcMessages.DecimalNegative, "NEGATIVE");
        }
        var decimals = fraction.TrimEnd('0').Length;
        if (decimals > declared.Scale)
        {
            return (GrpcMessages.DecimalTooPrecise(declared.Scale, decimals), "TOO_PRECISE");
        }
        return null;
    }

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('0', '9');
}
