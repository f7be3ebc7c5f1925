using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Platform.Api;
using Platform.Gateway.Contracts;
using Platform.Gateway.FunctionalTests.Authorization;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>
/// A bad-input corpus generated from the request descriptors, sent through the gateway to the real services: for every
/// JSON route of every rpc, an unknown field, each body field twice, each field of the wrong type, each text field with
/// invalid UTF-8 and over the platform's text ceiling, each number out of range, each unit field a path, each declared
/// decimal (platform.api.decimal, at any depth of singular messages) over-precise and, unless it may be, negative; for
/// every rpc over gRPC, each text field over the ceiling, each unit field a path and each declared decimal as over JSON. Every case must be a 4xx (gRPC: a status that is
/// neither UNAVAILABLE nor INTERNAL/UNKNOWN), a 400 must name the field, the destination must stay in rotation (a good
/// request right after succeeds), and nothing may be written (every table of every service's database keeps its rows).
/// </summary>
public sealed class BadInputCorpusTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const int Year = 2022;
    // A new subject per token: the gateway limits each user's rate, and a corpus is hundreds of requests in a row.
    private static string Admin => GatewayHost.Token($"corpus-admin-{Guid.NewGuid():N}", ["admin", "reviewer"], "650000");
    private static string Clerk => GatewayHost.Token($"corpus-clerk-{Guid.NewGuid():N}", ["clerk"], "650100", "urumqi-emergency");

    public static IEnumerable<MethodDescriptor> Rpcs() => DeclaredAccessMatrixTests.PlatformRpcs();

    private static MethodDescriptor Find(string rpc) => Rpcs().Single(m => m.FullName == rpc);

    public static TheoryData<string, string, string> JsonCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Rpcs())
        {
            if (method.GetOptions()?.GetExtension(Google.Api.AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }
            var binding = HttpBinding.Of(method, rule, 0);
            var fields = InputFields(method, binding).ToList();
            data.Add(method.FullName, "unknown", "");
            foreach (var field in fields)
            {
                if (binding.Body is not null)
                {
                    data.Add(method.FullName, "duplicate", field.Name);
                }
                if (binding.Body is not null || field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message))
                {
                    data.Add(method.FullName, "wrong-type", field.Name);
                }
                if (field.FieldType == FieldType.String && !field.IsRepeated && binding.Body is not null)
                {
                    data.Add(method.FullName, "invalid-utf8", field.Name);
                    data.Add(method.FullName, "over-long", field.Name);
                }
                if (IsNumber(field) && !field.IsRepeated)
                {
                    data.Add(method.FullName, "huge-number", field.Name);
                }
                if (Scope(field) == Api.Scope.Unit && !field.IsRepeated)
                {
                    data.Add(method.FullName, "path-id", field.Name);
                }
            }
            if (binding.Body == "*")
            {
                AddDecimalCases(data, method);
            }
        }
        return data;
    }

    private static void AddDecimalCases(TheoryData<string, string, string> data, MethodDescriptor method)
    {
        foreach (var (path, declared) in DecimalFields(method.InputType, "", 0))
        {
            data.Add(method.FullName, "over-precise", path);
            if (!declared.Negative)
            {
                data.Add(method.FullName, "negative", path);
            }
        }
    }

    /// <summary>Every string field declared a decimal, reached through singular message fields (the paths a request spells).</summary>
    private static IEnumerable<(string Path, Api.Decimal Declared)> DecimalFields(MessageDescriptor message, string prefix, int depth)
    {
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => !f.IsRepeated && !f.IsMap))
        {
            if (field.FieldType == FieldType.String && field.GetOptions()?.GetExtension(AnnotationsExtensions.Decimal) is { } declared)
            {
                yield return (prefix + field.Name, declared);
            }
            else if (field.FieldType == FieldType.Message && depth < 4)
            {
                foreach (var nested in DecimalFields(field.MessageType, prefix + field.Name + ".", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>A value the declaration refuses: one decimal more than it allows, or below zero.</summary>
    private static string DecimalValue(string kind, MethodDescriptor method, string path) => kind == "negative"
        ? "-1"
        : "1." + new string('1', FieldAt(method.InputType, path).GetOptions().GetExtension(AnnotationsExtensions.Decimal).Scale + 1);

    /// <summary>Whether a person can reach the service with the rpc at all (a service-only rpc is refused at the gateway's door).</summary>
    private static bool PersonsMayCall(MethodDescriptor method) =>
        (method.GetOptions()?.GetExtension(AnnotationsExtensions.Access)?.Allow ?? []).Any(a => a != Audience.PlatformService);

    public static TheoryData<string, string, string> GrpcCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Rpcs().Where(m => !m.IsClientStreaming))
        {
            AddDecimalCases(data, method);
            foreach (var field in method.InputType.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.String && !f.IsMap))
            {
                data.Add(method.FullName, "over-long", field.Name);
                if (Scope(field) == Api.Scope.Unit)
                {
                    data.Add(method.FullName, "path-id", field.Name);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task Json_BadInput_4xxNamingTheFieldDestinationHealthyNothingWritten(string rpc, string kind, string fieldName)
    {
        var method = Find(rpc);
        var binding = HttpBinding.Of(method, method.GetOptions().GetExtension(Google.Api.AnnotationsExtensions.Http), 0);
        var field = fieldName.Length > 0 ? FieldAt(method.InputType, fieldName) : null;
        var before = await platform.RowCountsAsync();

        var (path, body) = kind is "over-precise" or "negative" ? BuildDecimal(method, binding, kind, fieldName) : Build(method, binding, kind, field);
        using var http = platform.Gateway.Http();
        using var request = new HttpRequestMessage(new HttpMethod(binding.Verb), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(method));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var context = $"{binding.Verb} {path} ({kind} {fieldName}): {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}";

        Assert.True((int)response.StatusCode is >= 400 and < 500, context);
        // What a person reads of any refusal is Chinese (codes and field paths aside).
        if (text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("message", out var message))
        {
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(message.GetString() ?? "", @"\p{IsCJKUnifiedIdeographs}"), context);
        }
        if (kind is "over-precise" or "negative")
        {
            // The declaration is checked before any handler: a person's request is refused as bad input, naming the field
            // (a service-only rpc may refuse the person first).
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest || !PersonsMayCall(method) && response.StatusCode == HttpStatusCode.Forbidden, context);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains(fieldName, Violations(text));
            }
        }
        else if (response.StatusCode == HttpStatusCode.BadRequest && kind != "path-id")
        {
            var expected = kind == "unknown" ? "no_such_field" : field!.Name;
            var named = Violations(text).ToList();
            Assert.True(named.Any(v => v == expected || v.StartsWith(expected + ".", StringComparison.Ordinal) || v.StartsWith(expected + "[", StringComparison.Ordinal)
                || kind == "invalid-utf8" && v == "body" || kind == "unknown" && v == "noSuchField"), $"{context} — fields named: {string.Join(", ", named)}");
        }
        await AssertStillServingAsync(http);
        Assert.Equal(before, await platform.RowCountsAsync());
    }

    [Theory]
    [MemberData(nameof(GrpcCases))]
    public async Task Grpc_BadInput_RefusedNamingTheFieldNothingWritten(string rpc, string kind, string fieldName)
    {
        var method = Find(rpc);
        var before = await platform.RowCountsAsync();
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        var (holder, field) = Holder(request, fieldName);
        var value = kind switch
        {
            "over-long" => new string('长', 10_001),
            "over-precise" or "negative" => DecimalValue(kind, method, fieldName),
            _ => "../../etc/passwd",
        };
        if (field.IsRepeated)
        {
            ((System.Collections.IList)field.Accessor.GetValue(holder)).Add(value);
        }
        else
        {
            field.Accessor.SetValue(holder, value);
        }
        var call = new Method<IMessage, IMessage>(method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            method.Service.FullName, method.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.InputType.Parser.ParseFrom(b)),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => method.OutputType.Parser.ParseFrom(b)));
        var invoker = platform.Gateway.Channel().CreateCallInvoker();
        var options = GatewayHost.Bearer(TokenFor(method), DateTime.UtcNow.AddSeconds(30));

        var status = Status.DefaultSuccess;
        try
        {
            if (method.IsServerStreaming)
            {
                using var stream = invoker.AsyncServerStreamingCall(call, null, options, request);
                await foreach (var _ in stream.ResponseStream.ReadAllAsync())
                {
                }
            }
            else
            {
                await invoker.AsyncUnaryCall(call, null, options, request);
            }
        }
        catch (RpcException ex)
        {
            status = ex.Status;
        }

        var context = $"{rpc} ({kind} {fieldName}): {status.StatusCode} {status.Detail}";
        Assert.True(status.StatusCode is not (StatusCode.OK or StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown), context);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(status.Detail, @"\p{IsCJKUnifiedIdeographs}"), context);
        if (kind is "over-precise" or "negative")
        {
            Assert.True(status.StatusCode == StatusCode.InvalidArgument || !PersonsMayCall(method) && status.StatusCode == StatusCode.PermissionDenied, context);
            if (status.StatusCode == StatusCode.InvalidArgument)
            {
                Assert.Contains(fieldName, status.Detail, StringComparison.Ordinal);
            }
        }
        if (kind == "over-long")
        {
            Assert.True(status.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated, context);
            if (status.StatusCode == StatusCode.InvalidArgument)
            {
                Assert.Contains(fieldName, status.Detail, StringComparison.Ordinal);
            }
        }
        using var http = platform.Gateway.Http();
        await AssertStillServingAsync(http);
        Assert.Equal(before, await platform.RowCountsAsync());
    }

    // ------------------------------------------------------------------ generating one case

    /// <summary>The fields a JSON request can set: the body's (all of the request for body "*"), else the query's scalars.</summary>
    private static IEnumerable<FieldDescriptor> InputFields(MethodDescriptor method, HttpBinding binding) =>
        method.InputType.Fields.InDeclarationOrder().Where(f => !binding.RouteValues.Values.Contains(f.Name) && !f.IsMap
            && (binding.Body is not null || f.FieldType != FieldType.Message));

    private static (string Path, byte[]? Body) Build(MethodDescriptor method, HttpBinding binding, string kind, FieldDescriptor? field)
    {
        var path = "/api/city" + string.Concat(binding.RouteTemplate.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => "/" + (segment.StartsWith('{') ? Uri.EscapeDataString(RouteValue(method, binding.RouteValues[segment.Trim('{', '}')])) : segment)));
        if (binding.Body is null)
        {
            var query = kind switch
            {
                "unknown" => "no_such_field=1",
                "wrong-type" => $"{field!.Name}={(field.FieldType == FieldType.Bool ? "maybe" : "abc")}",
                "huge-number" => $"{field!.Name}=1e400",
                "path-id" => $"{field!.Name}={Uri.EscapeDataString("../../etc/passwd")}",
                _ => throw new InvalidOperationException(kind),
            };
            return ($"{path}?{query}", null);
        }
        var json = kind switch
        {
            "unknown" => """{"noSuchField":1}""",
            "duplicate" => $$"""{"{{field!.JsonName}}":{{Good(field)}},"{{field.JsonName}}":{{Good(field)}}}""",
            "wrong-type" => $$"""{"{{field!.JsonName}}":{{Wrong(field)}}}""",
            "over-long" => $$"""{"{{field!.JsonName}}":"{{new string('长', 10_001)}}"}""",
            "huge-number" => $$"""{"{{field!.JsonName}}":1e400}""",
            "path-id" => $$"""{"{{field!.JsonName}}":"../../etc/passwd"}""",
            "invalid-utf8" => null,
            _ => throw new InvalidOperationException(kind),
        };
        if (kind == "invalid-utf8")
        {
            // "\xff\xfe" is no UTF-8 at all: it must be refused, never stored as replacement characters.
            return (path, [.. Encoding.UTF8.GetBytes($$"""{"{{field!.JsonName}}":"a"""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")]);
        }
        return (path, Encoding.UTF8.GetBytes(json!));
    }

    /// <summary>A body of nested objects down to the declared decimal: {"figures":{"buildingsArea":"1.111"}}.</summary>
    private static (string Path, byte[] Body) BuildDecimal(MethodDescriptor method, HttpBinding binding, string kind, string fieldPath)
    {
        var (path, _) = Build(method, binding, "unknown", null);
        var names = new List<string>();
        var message = method.InputType;
        foreach (var part in fieldPath.Split('.'))
        {
            var field = message.FindFieldByName(part);
            names.Add(field.JsonName);
            message = field.FieldType == FieldType.Message ? field.MessageType : message;
        }
        var json = JsonSerializer.Serialize(DecimalValue(kind, method, fieldPath));
        for (var i = names.Count - 1; i >= 0; i--)
        {
            json = "{\"" + names[i] + "\":" + json + "}";
        }
        return (path, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The message that holds the field at <paramref name="path"/>, creating the singular messages on the way.</summary>
    private static (IMessage Holder, FieldDescriptor Field) Holder(IMessage request, string path)
    {
        var parts = path.Split('.');
        var holder = request;
        foreach (var part in parts[..^1])
        {
            var field = holder.Descriptor.FindFieldByName(part);
            var next = (IMessage?)field.Accessor.GetValue(holder);
            if (next is null)
            {
                next = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                field.Accessor.SetValue(holder, next);
            }
            holder = next;
        }
        return (holder, holder.Descriptor.FindFieldByName(parts[^1]));
    }

    /// <summary>A well-formed value for a path variable (the rest of the request is what is wrong).</summary>
    private static string RouteValue(MethodDescriptor method, string fieldPath)
    {
        var field = FieldAt(method.InputType, fieldPath);
        return Scope(field) switch
        {
            Api.Scope.Unit => "urumqi-emergency",
            Api.Scope.Region => "650100",
            Api.Scope.FiscalYear => Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => IsNumber(field) ? "1" : "corpus",
        };
    }

    private static FieldDescriptor FieldAt(MessageDescriptor message, string path)
    {
        var parts = path.Split('.');
        var field = message.FindFieldByName(parts[0]);
        return parts.Length == 1 ? field : FieldAt(field.MessageType, string.Join('.', parts[1..]));
    }

    private static string Good(FieldDescriptor field) => field switch
    {
        { IsRepeated: true } => "[]",
        { FieldType: FieldType.Message } => "{}",
        { FieldType: FieldType.Bool } => "true",
        { FieldType: FieldType.Enum } => "0",
        _ when IsNumber(field) => "1",
        _ => "\"x\"",
    };

    private static string Wrong(FieldDescriptor field) => field switch
    {
        { IsRepeated: true } => "\"x\"",
        // A wrapper (Int32Value, StringValue…) is written as its value in JSON: wrong is a value of another type.
        { FieldType: FieldType.Message } when field.MessageType.File == Google.Protobuf.WellKnownTypes.WrappersReflection.Descriptor =>
            field.MessageType.FindFieldByNumber(1).FieldType == FieldType.String ? "{\"a\":1}" : "\"abc\"",
        { FieldType: FieldType.Message } => "5",
        { FieldType: FieldType.String or FieldType.Bytes } => "{\"a\":1}",
        { FieldType: FieldType.Bool } => "\"maybe\"",
        _ => "\"abc\"",
    };

    private static bool IsNumber(FieldDescriptor field) => field.FieldType is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64
        or FieldType.SInt32 or FieldType.SInt64 or FieldType.Fixed32 or FieldType.Fixed64 or FieldType.SFixed32 or FieldType.SFixed64
        or FieldType.Double or FieldType.Float;

    private static Api.Scope Scope(FieldDescriptor field) => field.GetOptions()?.GetExtension(AnnotationsExtensions.Scope) ?? Api.Scope.Unspecified;

    /// <summary>A caller the rpc lets in where it can, so that what is tested is the input, not the door.</summary>
    private static string TokenFor(MethodDescriptor method)
    {
        var allow = method.GetOptions()?.GetExtension(AnnotationsExtensions.Access)?.Allow ?? [];
        return allow.Contains(Audience.UnitStaff) && !allow.Contains(Audience.Administrator) && !allow.Contains(Audience.SignedIn) && !allow.Contains(Audience.Reviewer)
            ? Clerk
            : Admin;
    }

    private static IEnumerable<string> Violations(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("details", out var details))
        {
            yield break;
        }
        foreach (var detail in details.EnumerateArray())
        {
            if (detail.TryGetProperty("fieldViolations", out var violations))
            {
                foreach (var violation in violations.EnumerateArray())
                {
                    yield return violation.GetProperty("field").GetString()!;
                }
            }
        }
    }

    private static async Task AssertStillServingAsync(HttpClient http)
    {
        using var good = new HttpRequestMessage(HttpMethod.Get, $"/api/city/v1/units/urumqi-emergency?as_of_year={Year}");
        good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        using var response = await http.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
