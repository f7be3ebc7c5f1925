using Grpc.Core;
using Platform.Grpc.Security;

namespace Platform.Grpc;

/// <summary>Who is calling, as the <see cref="PlatformServerInterceptor"/> verified it for this call.</summary>
public static class CallerAccess
{
    internal const string UserStateKey = "platform.caller";

    extension(ServerCallContext context)
    {
        /// <summary>The signed caller of this call; <see cref="CallerIdentity.Anonymous"/> if none was sent.</summary>
        public CallerIdentity Caller =>
            context.UserState.TryGetValue(UserStateKey, out var caller) ? (CallerIdentity)caller : CallerIdentity.Anonymous;
    }
}
