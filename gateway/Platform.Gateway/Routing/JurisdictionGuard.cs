using Grpc.Core;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Platform.Domain;
using Platform.Gateway.Forwarding;
using Platform.Gateway.Identity;
using Platform.Grpc;
using Platform.Registry.Client;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.Routing;

/// <summary>
/// Jurisdiction at the gateway, before a byte reaches a service: every region_code and unit_id a signed-in caller's
/// request names (the message itself or a message field of it, such as ReturnRef ref) must lie within the caller's
/// jurisdiction — a county user reaches only units in that county, a prefecture reviewer every county of the prefecture,
/// a city office its districts. Region codes are compared by GB/T 2260 prefix (<see cref="Jurisdiction.Covers"/>); a unit
/// is placed by the registry (cached for a minute). Services check again from the signed caller; this is the outer wall.
/// gRPC requests are read from their first frame (the request of a unary or server-streaming call); JSON requests
/// from the message the transcoder built.
/// </summary>
internal sealed class JurisdictionGuard(RequestDelegate next, GrpcMethodCatalog methods, IUnitLookup units, IMemoryCache cache)
{
    private static readonly TimeSpan UnitRegionLifetime = TimeSpan.FromMinutes(1);
    /// <summary>The gateway's default body limit: any request it accepts can be inspected.</summary>
    private const int MaxInspectedBytes = 16 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = GatewayIdentity.ToCaller(context.User);
        if (caller.IsAnonymous || IsPublic(context))
        {
            // Public reads are everyone's, signed in or not: nothing to scope (anonymous calls reach only those).
            await next(context);
            return;
        }
        var (message, readable) = context.Items[typeof(IMessage)] is IMessage transcoded ? (transcoded, true) : await ReadGrpcRequestAsync(context);
        if (!readable)
        {
            // Fail closed: a request whose message the gateway cannot read is not forwarded unscoped.
            await GatewayErrors.WriteAsync(context, StatusCode.InvalidArgument, "the request message could not be read");
            return;
        }
        if (message is not null)
        {
            var (regions, unitIds, year) = Named(message);
            foreach (var region in regions.Where(r => !caller.CoversRegion(r)))
            {
                await GatewayErrors.WriteAsync(context, StatusCode.PermissionDenied,
                    $"region {region} is outside the caller's jurisdiction ({caller.RegionCode ?? "none"})");
                return;
            }
            foreach (var unitId in unitIds)
            {
                string? unitRegion;
                try
                {
                    unitRegion = await UnitRegionAsync(unitId, year, context.RequestAborted);
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    await GatewayErrors.WriteAsync(context, StatusCode.Unavailable, "the registry could not be reached to check the unit's jurisdiction");
                    return;
                }
                // An unknown unit is the service's to report (NOT_FOUND with the field); it reveals nothing here.
                if (unitRegion is not null && !caller.CoversRegion(unitRegion))
                {
                    await GatewayErrors.WriteAsync(context, StatusCode.PermissionDenied,
                        $"unit '{unitId}' is outside the caller's jurisdiction ({caller.RegionCode ?? "none"})");
                    return;
                }
            }
        }
        await next(context);
    }

    /// <summary>A route open to anonymous callers (YARP's "Anonymous" authorization policy): the public API.</summary>
    private static bool IsPublic(HttpContext context) =>
        string.Equals(context.GetReverseProxyFeature().Route.Config.AuthorizationPolicy, "Anonymous", StringComparison.OrdinalIgnoreCase);

    /// <summary>The region codes and unit ids a request names, and the fiscal year it is about (0 when none).</summary>
    internal static (List<string> Regions, List<string> UnitIds, int Year) Named(IMessage message)
    {
        var regions = new List<string>();
        var unitIds = new List<string>();
        var year = 0;
        Collect(message, depth: 0);
        return (regions, unitIds, year);

        void Collect(IMessage current, int depth)
        {
            foreach (var field in current.Descriptor.Fields.InDeclarationOrder())
            {
                if (field.IsRepeated || field.IsMap)
                {
                    continue;
                }
                var value = field.Accessor.GetValue(current);
                switch (field.Name, value)
                {
                    case ("region_code", string { Length: > 0 } region):
                        regions.Add(region);
                        break;
                    case ("unit_id", string { Length: > 0 } unit):
                        unitIds.Add(unit);
                        break;
                    case ("fiscal_year" or "as_of_year", int y) when y > 0 && year == 0:
                        year = y;
                        break;
                    case (_, IMessage nested) when depth == 0 && field.FieldType == FieldType.Message:
                        Collect(nested, depth + 1);
                        break;
                }
            }
        }
    }

    private async Task<string?> UnitRegionAsync(string unitId, int year, CancellationToken token)
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
    private async Task<(IMessage? Message, bool Readable)> ReadGrpcRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (!GatewayErrors.IsGrpc(request) || methods.Find(request.Path.Value ?? "") is not { IsClientStreaming: false } method)
        {
            return (null, true);
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
