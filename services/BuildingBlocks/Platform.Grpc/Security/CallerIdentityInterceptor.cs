namespace Platform.Grpc.Security;

/// <summary>
/// Reads the signed caller from metadata before any handler runs. No token: anonymous (handlers
/// that need a caller refuse with UNAUTHENTICATED). A bad or expired token: UNAUTHENTICATED at once.
/// </summary>
public sealed class CallerIdentityInterceptor(CallerTokenCodec codec, TimeProvider time) : IServerInterceptor
{
    public async Task InterceptAsync(ServerCallContext context, ServerCallContinuation next)
    {
        var token = context.HttpContext.Request.Headers[CallerSigningOptions.MetadataKey].ToString();
        if (token.Length == 0)
        {
            // Anonymous: nothing to propagate (the ambient caller of a fresh request is already anonymous).
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!codec.TryVerify(token, time.GetUtcNow(), out var caller, out var reason))
        {
            throw new UnauthenticatedException($"Caller credentials rejected: {reason}.");
        }
        context.Caller = caller;
        using (CallerContext.Use(caller))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
