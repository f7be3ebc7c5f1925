using Grpc.Core;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Platform.Domain;
using Platform.Gateway.Contracts;
using Platform.Gateway.Identity;
using Platform.Grpc;
using Platform.Grpc.Security;
using Platform.Registry.Client;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Routing;

/// <summary>
/// Jurisdiction at the gateway, before a byte reaches a service: every region code and unit id a signed-in caller's
/// request names — the request fields its contract marks with platform.api.scope, wherever in the request they are —
/// must lie within the caller's jurisdiction: a county user reaches only units in that county, a prefecture reviewer every
/// county of the prefecture, a city office its districts. Region codes are compared by GB/T 2260 prefix
/// (<see cref="Jurisdiction.Covers"/>); a unit is placed by the registry as of the request's fiscal year (cached for a
/// minute). gRPC requests are read from their first frame (gRPC-Web too), JSON requests from their path, query and body
/// (<see cref="JsonRequestScope"/>). A request that cannot be read is refused (fail closed). Services check again from the
/// signed caller: this is the outer wall, not the authority.
/// </summary>
internal sealed class JurisdictionGuard(RequestDelegate next, ContractCatalog catalog, IUnitLookup units, IMemoryCache cache, TimeProvider time)
{
    private static readonly TimeSpan UnitRegionLifetime = TimeSpan.FromMinutes(1);
    /// <summary>The gateway's default body limit: any request it accepts can be inspected.</summary>
    private const int MaxInspectedBytes = 16 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = GatewayIdentity.ToCaller(context.User);
        var route = context.GetReverseProxyFeature().Route.Config;
        if (caller.IsAnonymous || IsPublic(route))
        {
            // Public reads are everyone's, signed in or not: nothing to scope (anonymous calls reach only those).
            await next(context);
            return;
        }
        var (scope, readable) = await ReadScopeAsync(context, route);
        if (!readable)
        {
            await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, GatewayMessages.RequestContentUnreadable, field: "body");
            return;
        }
        if (scope is not null)
        {
            foreach (var region in scope.Regions.Where(r => !caller.CoversRegion(r)))
            {
                await GatewayErrors.WriteAsync(context, StatusCode.PermissionDenied, GatewayMessages.RegionOutsideJurisdiction(region, caller.RegionCode));
                return;
            }
            foreach (var unitId in scope.Units.Distinct(StringComparer.Ordinal))
            {
                string? unitRegion;
                try
                {
                    unitRegion = await UnitRegionAsync(unitId, scope.Year, context.RequestAborted);
                    if (unitRegion is not null && !caller.CoversRegion(unitRegion) && await IsOwnMovedUnitAsync(caller, unitId, context.RequestAborted))
                    {
                        continue;
                    }
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    await GatewayErrors.WriteAsync(context, StatusCode.Unavailable, GatewayMessages.RegistryUnreachable);
                    return;
                }
                // An unknown unit is refused as one outside the jurisdiction, in the same words: "not registered" beside
                // "not yours" told a county's reviewer which ids exist in other regions (README: PERMISSION_DENIED, never
                // NOT_FOUND). The service's own answer ("单位名录中没有…") goes to those it tells nothing: an
                // administrator (who registers units, so names ids that do not exist yet) and the unit's own staff.
                if (unitRegion is null ? !MayLearnExistence(caller, unitId) : !caller.CoversRegion(unitRegion))
                {
                    await GatewayErrors.WriteAsync(context, StatusCode.PermissionDenied, GatewayMessages.UnitOutsideJurisdiction(unitId, caller.RegionCode));
                    return;
                }
            }
        }
        await next(context);
    }

    /// <summary>
    /// A unit's own staff (clerk, unit head) reach every year of it wherever the registry places it that year: a unit
    /// transferred to another region kept its clerk out of one side of its own history (the years before or after the
    /// move; the services allow staff by unit). Only a unit that sits in the caller's region now or in its latest version
    /// — the region the account was given for it, before or after the move — never one a token merely names.
    /// </summary>
    private async Task<bool> IsOwnMovedUnitAsync(CallerIdentity caller, string unitId, CancellationToken token)
    {
        if (!string.Equals(caller.UnitId, unitId, StringComparison.Ordinal)
            || !caller.Roles.Any(r => r is PlatformRoles.Clerk or PlatformRoles.UnitHead))
        {
            return false;
        }
        var thisYear = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        foreach (var year in new[] { thisYear, Platform.Registry.Client.RegistryYears.Latest })
        {
            if (await UnitRegionInAsync(unitId, year, token) is { } region && caller.CoversRegion(region))
            {
                return true;
            }
        }
        return false;
    }

    private static bool MayLearnExistence(CallerIdentity caller, string unitId) =>
        caller.Roles.Any(r => r.EndsWith("-admin", StringComparison.Ordinal)) || string.Equals(caller.UnitId, unitId, StringComparison.Ordinal);

    /// <summary>A route open to anonymous callers (YARP's "Anonymous" authorization policy): the public API.</summary>
    private static bool IsPublic(RouteConfig route) =>
        string.Equals(route.AuthorizationPolicy, "Anonymous", StringComparison.OrdinalIgnoreCase);

    /// <summary>The scope of an rpc's request (null for a route that is no rpc, or an rpc whose request names nothing), and whether it could be read.</summary>
    private async Task<(RequestScope? Scope, bool Readable)> ReadScopeAsync(HttpContext context, RouteConfig route)
    {
        if (route.Metadata?.GetValueOrDefault(ContractRoutes.RpcKey) is { } path
            && route.Metadata.GetValueOrDefault(ContractRoutes.BindingKey) is { } index
            && catalog.Find(path) is { } jsonRpc)
        {
            var binding = jsonRpc.Bindings[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
            var scope = await JsonRequestScope.ReadAsync(context, jsonRpc, binding);
            return (scope, scope is not null);
        }
        if (!GatewayErrors.IsGrpc(context.Request) || catalog.Find(context.Request.Path.Value ?? "") is not { } rpc
            || rpc.Method.IsClientStreaming || rpc.Scopes.Count == 0)
        {
            return (null, true);
        }
        var (message, readable) = await ReadGrpcRequestAsync(context, rpc.Method);
        return (message is null ? null : RequestScope.Of(message, rpc), readable);
    }

    /// <summary>
    /// Where the registry places a unit in a fiscal year; a request that names no year (an import, whose year is in its
    /// file) is placed as of this year, or last year for a unit dissolved since.
    /// </summary>
    private async Task<string?> UnitRegionAsync(string unitId, int year, CancellationToken token)
    {
        if (year > 0)
        {
            return await UnitRegionInAsync(unitId, year, token);
        }
        var thisYear = time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        return await UnitRegionInAsync(unitId, thisYear, token) ?? await UnitRegionInAsync(unitId, thisYear - 1, token);
    }

    private async Task<string?> UnitRegionInAsync(string unitId, int year, CancellationToken token)
    {
        var key = $"unit-region:{unitId}:{year}";
        if (cache.TryGetValue(key, out string? region))
        {
            return region;
        }
        try
        {
            region = (await units.GetAsync(unitId, year, "unit_id", token)).RegionCode;
        }
        catch (ValidationException)
        {
            region = null;
        }
        cache.Set(key, region, UnitRegionLifetime);
        return region;
    }

    /// <summary>
    /// The request message of a gRPC call whose client sends one message (null for other calls), and whether it could be
    /// read. The frame is read off the body once and put back in front of the rest of it, so the forwarder sends the same
    /// bytes without the whole body being buffered.
    /// </summary>
    private static async Task<(IMessage? Message, bool Readable)> ReadGrpcRequestAsync(HttpContext context, MethodDescriptor method)
    {
        var request = context.Request;
        if (GatewayErrors.IsGrpcWebText(request))
        {
            return await ReadGrpcWebTextRequestAsync(context, method);
        }
        var body = request.Body;
        var header = new byte[GrpcWire.FrameHeaderSize];
        var read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, context.RequestAborted);
        if (read != header.Length)
        {
            request.Body = new PrefixedStream(header.AsMemory(0, read), body);
            return (null, false);
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > MaxInspectedBytes)
        {
            request.Body = new PrefixedStream(header, body);
            return (null, false);
        }
        var frame = new byte[GrpcWire.FrameHeaderSize + (int)length];
        header.CopyTo(frame, 0);
        read = await body.ReadAtLeastAsync(frame.AsMemory(GrpcWire.FrameHeaderSize), (int)length, throwOnEndOfStream: false, context.RequestAborted);
        request.Body = new PrefixedStream(frame.AsMemory(0, GrpcWire.FrameHeaderSize + read), body);
        if (read != length)
        {
            return (null, false);
        }
        var payload = frame.AsMemory(GrpcWire.FrameHeaderSize).ToArray();
        var message = header[0] switch
        {
            0 => Parse(method.InputType, payload),
            1 when Gunzip(payload) is { } inflated => Parse(method.InputType, inflated),
            _ => null,
        };
        return (message, message is not null);
    }

    /// <summary>
    /// gRPC-Web's text mode carries the frames in base64: the body (bounded by the request limit) is read whole, decoded
    /// for the check and put back as it came.
    /// </summary>
    private static async Task<(IMessage? Message, bool Readable)> ReadGrpcWebTextRequestAsync(HttpContext context, MethodDescriptor method)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var text = buffer.ToArray();
        request.Body = new MemoryStream(text, writable: false);
        byte[] frames;
        try
        {
            frames = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(text));
        }
        catch (FormatException)
        {
            return (null, false);
        }
        if (frames.Length < GrpcWire.FrameHeaderSize)
        {
            return (null, false);
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(1));
        if (length > frames.Length - GrpcWire.FrameHeaderSize)
        {
            return (null, false);
        }
        var payload = frames.AsSpan(GrpcWire.FrameHeaderSize, (int)length).ToArray();
        var message = frames[0] switch
        {
            0 => Parse(method.InputType, payload),
            1 when Gunzip(payload) is { } inflated => Parse(method.InputType, inflated),
            _ => null,
        };
        return (message, message is not null);
    }

    private static IMessage? Parse(MessageDescriptor type, byte[] payload)
    {
        try
        {
            return type.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>At most <see cref="MaxInspectedBytes"/> inflated (a small compressed frame may expand without bound).</summary>
    private static byte[]? Gunzip(byte[] payload)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxInspectedBytes)
                {
                    return null;
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
