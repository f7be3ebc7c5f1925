using Microsoft.AspNetCore.Http;
using Platform.Grpc.Security;
using Yarp.ReverseProxy.Transforms;

namespace Platform.Gateway.Identity;

/// <summary>
/// The request transform on every route: whatever identity a client sent is removed, and the caller the gateway
/// authenticated is added as the signed metadata every service verifies (<see cref="CallerSigningOptions.MetadataKey"/>).
/// The bearer token itself stays at the gateway: services never need it, and fewer hops means fewer logs that could hold it.
/// </summary>
internal sealed class CallerForwarding(CallerTokenCodec codec, TimeProvider time) : RequestTransform
{
    /// <summary>Headers a client could use to claim an identity; all x-platform-* are the platform's own.</summary>
    internal const string PlatformHeaderPrefix = "x-platform-";

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        headers.Remove("Authorization");
        headers.Remove("Cookie");
        foreach (var name in headers.Select(h => h.Key).Where(IsPlatformHeader).ToList())
        {
            headers.Remove(name);
        }
        var caller = GatewayIdentity.ToCaller(context.HttpContext.User);
        if (!caller.IsAnonymous)
        {
            headers.TryAddWithoutValidation(CallerSigningOptions.MetadataKey, codec.Sign(caller, time.GetUtcNow()));
        }
        return ValueTask.CompletedTask;
    }

    internal static bool IsPlatformHeader(string name) => name.StartsWith(PlatformHeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
