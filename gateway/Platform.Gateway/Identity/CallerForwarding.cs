using Microsoft.AspNetCore.Http;
using Platform.Grpc.Security;
using Yarp.ReverseProxy.Transforms;

namespace Platform.Gateway.Identity;

/// <summary>
/// The request transform on every route: whatever identity a client sent is removed, and the caller the gateway
/// authenticated is added as the signed metadata every service verifies (<see cref="CallerSigningOptions.MetadataKey"/>).
/// The bearer token itself stays at the gateway: services never need it, and fewer hops means fewer logs that could hold it.
/// Cookies are dropped too (the API is bearer-only, so no cookie can carry a cross-site request into a service), except on
/// the routes that declare <c>"Metadata": { "Cookies": "Forward" }</c>: the identity service's sign-in pages and OpenID
/// Connect endpoints, whose session and antiforgery cookies are theirs alone (path and SameSite set by that service).
/// </summary>
internal sealed class CallerForwarding(CallerTokenCodec codec, CallerSigningOptions options, TimeProvider time) : RequestTransform
{
    /// <summary>Headers a client could use to claim an identity; all x-platform-* are the platform's own.</summary>
    internal const string PlatformHeaderPrefix = "x-platform-";

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        headers.Remove("Authorization");
        if (!ForwardsCookies(context.HttpContext))
        {
            headers.Remove("Cookie");
        }
        foreach (var name in headers.Select(h => h.Key).Where(IsPlatformHeader).ToList())
        {
            headers.Remove(name);
        }
        if (Signed(context.HttpContext.User) is { } signed)
        {
            headers.TryAddWithoutValidation(CallerSigningOptions.MetadataKey, signed);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The signed caller of a principal, re-signed once half its lifetime has passed: the principal of a token the gateway
    /// has already validated is the same object call after call, so its caller is signed once, not per call.
    /// </summary>
    private string? Signed(System.Security.Claims.ClaimsPrincipal user)
    {
        var now = time.GetUtcNow();
        if (_signed.TryGetValue(user, out var held) && now < held.RenewAt)
        {
            return held.Token;
        }
        var caller = GatewayIdentity.ToCaller(user);
        if (caller.IsAnonymous)
        {
            return null;
        }
        var token = codec.Sign(caller, now);
        _signed.AddOrUpdate(user, new SignedCaller(token, now + options.Lifetime / 2));
        return token;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Security.Claims.ClaimsPrincipal, SignedCaller> _signed = new();

    private sealed record SignedCaller(string Token, DateTimeOffset RenewAt);

    internal const string CookiesMetadata = "Cookies";

    private static bool ForwardsCookies(HttpContext http) =>
        http.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>()?.Route.Config.Metadata is { } metadata
        && metadata.TryGetValue(CookiesMetadata, out var value) && string.Equals(value, "Forward", StringComparison.Ordinal);

    internal static bool IsPlatformHeader(string name) => name.StartsWith(PlatformHeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
