using System.Collections;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Platform.Api;
using Platform.Grpc.Security;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests.Authorization;

/// <summary>
/// The authorization matrix generated from the service descriptors: every rpc of every platform service (found in the
/// contracts assembly, so an rpc added tomorrow is in it) must declare who may call it (platform.api.access), and is
/// called straight at the services — no gateway in between — as every kind of caller, naming a unit or region inside
/// the caller's jurisdiction, outside it, and nothing at all. The service must refuse whom the declaration does not
/// allow (UNAUTHENTICATED, PERMISSION_DENIED — or INVALID_ARGUMENT for a malformed request, which reveals nothing; never
/// NOT_FOUND, which would tell whether a return or a vehicle exists) and let through whom it allows; whatever a call answers must name only
/// units and regions the caller covers (the scope marks on response fields). Requests carry only their scoped fields, so
/// an allowed call usually ends in a validation error: the matrix is about who gets past the door, not what happens next.
/// </summary>
public sealed class DeclaredAccessMatrixTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const int Year = 2023;

    private static readonly string[] Administrators = ["registry-admin", "accounts-admin", "performance-admin", "assets-admin", "publication-admin", "identity-admin"];

    /// <summary>Callers, each with a unit and region it covers and a unit and region it does not (demo units, all registered by 2023).</summary>
    private static readonly Dictionary<string, Caller> Callers = new()
    {
        ["anonymous"] = new(CallerIdentity.Anonymous, Kind.Anonymous, "urumqi-emergency", "650100", "changji-emergency", "652300"),
        ["clerk-urumqi"] = new(new("matrix-clerk", ["clerk"], "650100", "urumqi-emergency"), Kind.UnitStaff, "urumqi-emergency", "650100", "changji-emergency", "652300"),
        ["head-xinshi"] = new(new("matrix-head", ["unit-head"], "650104", "xinshi-emergency"), Kind.UnitStaff, "xinshi-emergency", "650104", "urumqi-emergency", "650100"),
        ["reviewer-650100"] = new(new("matrix-reviewer-city", ["reviewer"], "650100"), Kind.Reviewer, "urumqi-emergency", "650100", "changji-emergency", "652300"),
        ["reviewer-652300"] = new(new("matrix-reviewer-pref", ["reviewer"], "652300"), Kind.Reviewer, "changji-emergency", "652300", "urumqi-emergency", "650100"),
        ["admin-650100"] = new(new("matrix-admin", Administrators, "650100"), Kind.Administrator, "urumqi-emergency", "650100", "changji-emergency", "652300"),
        ["service"] = new(CallerIdentity.Service("matrix-service"), Kind.Service, "urumqi-emergency", "650100", null, null),
    };

    public static IEnumerable<MethodDescriptor> PlatformRpcs() =>
        typeof(Platform.Registry.V1.UnitRegistry).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package.StartsWith("platform.", StringComparison.Ordinal) && f.Package != "platform.api" && !f.Package.StartsWith("platform.testing", StringComparison.Ordinal))
            .SelectMany(f => f.Services)
            .SelectMany(s => s.Methods)
            .OrderBy(m => m.FullName, StringComparer.Ordinal);

    public static TheoryData<string> Rpcs() => new(PlatformRpcs().Select(m => m.FullName));

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in PlatformRpcs())
        {
            foreach (var caller in Callers.Keys)
            {
                data.Add(method.FullName, caller, "inside");
                if (HasScope(method.InputType, [ScopeKind.Unit, ScopeKind.Region]) && Callers[caller].OutsideUnit is not null)
                {
                    data.Add(method.FullName, caller, "outside");
                }
                data.Add(method.FullName, caller, "unnamed");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public void Declaration_EveryRpc_SaysWhoMayCallIt(string rpc)
    {
        var access = Find(rpc).GetOptions()?.GetExtension(AnnotationsExtensions.Access);
        Assert.True(access is not null && (access.Public || access.Allow.Count > 0),
            $"{rpc} declares no (platform.api.access) rule: say who may call it (public, or allow: [...]).");
        Assert.DoesNotContain(Audience.Unspecified, access!.Allow);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_CallerInsideOutsideOrUnnamed_AnsweredAsDeclared(string rpc, string callerName, string variant)
    {
        var method = Find(rpc);
        var caller = Callers[callerName];
        var access = method.GetOptions()?.GetExtension(AnnotationsExtensions.Access) ?? new Access();
        var request = variant switch
        {
            "inside" => Fill(method.InputType, caller.InsideUnit, caller.InsideRegion),
            "outside" => Fill(method.InputType, caller.OutsideUnit!, caller.OutsideRegion!),
            _ => Fill(method.InputType, null, null),
        };

        var (status, responses) = await CallAsync(method, request, caller.Identity);

        var allowed = access.Public || Allows(access, caller.Kind);
        var context = $"{rpc} as {callerName}, {variant} ({request}): {status.StatusCode} {status.Detail}";
        if (access.Public)
        {
            Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied), context);
        }
        else if (caller.Kind == Kind.Anonymous)
        {
            // Refused as malformed first is fine (the shape of a request says nothing about stored data); anything else
            // must be UNAUTHENTICATED — never an answer, never NOT_FOUND (which would say whether something exists).
            Assert.True(status.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument, context);
        }
        else if (!allowed || variant == "outside")
        {
            Assert.True(status.StatusCode is StatusCode.PermissionDenied or StatusCode.InvalidArgument, context);
        }
        else if (variant == "inside")
        {
            Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unimplemented), context);
        }

        if (caller.Kind != Kind.Service)
        {
            var units = await platform.UnitRegionsAsync();
            foreach (var response in responses)
            {
                foreach (var (field, value) in ScopedValues(response))
                {
                    var region = field == ScopeKind.Region ? value : units.GetValueOrDefault(value);
                    Assert.True(region is not null && Platform.Domain.Jurisdiction.Covers(caller.Identity.RegionCode, region),
                        $"{context}: the answer names {field} '{value}' (region {region ?? "unknown"}), outside {caller.Identity.RegionCode}");
                }
            }
        }
    }

    // ------------------------------------------------------------------ the declaration's meaning

    private enum Kind { Anonymous, UnitStaff, Reviewer, Administrator, Service }

    private enum ScopeKind { Unit, Region, FiscalYear }

    private sealed record Caller(CallerIdentity Identity, Kind Kind, string InsideUnit, string InsideRegion, string? OutsideUnit, string? OutsideRegion);

    private static bool Allows(Access access, Kind kind) => access.Allow.Any(a => (a, kind) switch
    {
        (Audience.SignedIn, Kind.UnitStaff or Kind.Reviewer or Kind.Administrator) => true,
        (Audience.UnitStaff, Kind.UnitStaff) => true,
        (Audience.Reviewer, Kind.Reviewer) => true,
        (Audience.Administrator, Kind.Administrator) => true,
        (Audience.PlatformService, Kind.Service) => true,
        _ => false,
    });

    private static MethodDescriptor Find(string rpc) => PlatformRpcs().Single(m => m.FullName == rpc);

    private static ScopeKind? ScopeOf(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(AnnotationsExtensions.Scope) switch
        {
            Scope.Unit => ScopeKind.Unit,
            Scope.Region => ScopeKind.Region,
            Scope.FiscalYear => ScopeKind.FiscalYear,
            _ => null,
        };

    private static bool HasScope(MessageDescriptor message, ScopeKind[] kinds, int depth = 0) =>
        message.Fields.InDeclarationOrder().Any(f =>
            ScopeOf(f) is { } kind && kinds.Contains(kind)
            || f.FieldType == FieldType.Message && !f.IsMap && depth < 3 && HasScope(f.MessageType, kinds, depth + 1));

    /// <summary>
    /// A request with every scoped field set: units to <paramref name="unit"/>, regions to <paramref name="region"/> (both
    /// left empty when null), fiscal years to <see cref="Year"/>; message fields that hold scoped fields are created (the
    /// first member of a oneof only), repeated unit lists get the one unit.
    /// </summary>
    private static IMessage Fill(MessageDescriptor descriptor, string? unit, string? region, int depth = 0)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        var oneofsSet = new HashSet<OneofDescriptor>();
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.RealContainingOneof is { } oneof && !oneofsSet.Add(oneof))
            {
                continue;
            }
            object? value = ScopeOf(field) switch
            {
                ScopeKind.Unit when unit is not null && field.FieldType == FieldType.String => unit,
                ScopeKind.Region when region is not null && field.FieldType == FieldType.String => region,
                ScopeKind.FiscalYear when field.FieldType == FieldType.Int32 => Year,
                null when field.FieldType == FieldType.Message && !field.IsMap && !field.IsRepeated && depth < 3
                    && HasScope(field.MessageType, [ScopeKind.Unit, ScopeKind.Region, ScopeKind.FiscalYear]) => Fill(field.MessageType, unit, region, depth + 1),
                _ => null,
            };
            if (value is null)
            {
                if (field.RealContainingOneof is { } unset)
                {
                    oneofsSet.Remove(unset);
                }
                continue;
            }
            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    /// <summary>Every (scope, value) a response names through its scope-marked fields, at any depth.</summary>
    private static IEnumerable<(ScopeKind Kind, string Value)> ScopedValues(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            var values = field.IsRepeated && !field.IsMap ? ((IEnumerable)value).Cast<object>() : [value];
            foreach (var item in values)
            {
                if (ScopeOf(field) is ScopeKind.Unit or ScopeKind.Region && item is string { Length: > 0 } text)
                {
                    yield return (ScopeOf(field)!.Value, text);
                }
                else if (item is IMessage nested)
                {
                    foreach (var inner in ScopedValues(nested))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private async Task<(Status Status, List<IMessage> Responses)> CallAsync(MethodDescriptor descriptor, IMessage request, CallerIdentity caller)
    {
        var method = new Method<IMessage, IMessage>(
            descriptor.IsClientStreaming
                ? descriptor.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming
                : descriptor.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => descriptor.InputType.Parser.ParseFrom(bytes)),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => descriptor.OutputType.Parser.ParseFrom(bytes)));
        var invoker = platform.ServiceChannel.CreateCallInvoker();
        var options = caller.IsAnonymous ? new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)) : TestHost.As(caller, DateTime.UtcNow.AddSeconds(30));
        var responses = new List<IMessage>();
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    responses.Add(await invoker.AsyncUnaryCall(method, null, options, request));
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                    {
                        await foreach (var item in call.ResponseStream.ReadAllAsync())
                        {
                            responses.Add(item);
                        }
                    }
                    break;
                default:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.WriteAsync(request);
                        await call.RequestStream.CompleteAsync();
                        responses.Add(await call.ResponseAsync);
                    }
                    break;
            }
            return (Status.DefaultSuccess, responses);
        }
        catch (RpcException ex)
        {
            return (ex.Status, responses);
        }
    }
}
