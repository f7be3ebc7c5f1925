using Platform.Domain;

namespace Platform.Grpc.Security;

/// <summary>
/// Who is calling: a user (or service) with roles and the jurisdiction their authority covers
/// (an administrative division code such as 652300, optionally narrowed to one unit). Every handler
/// reads it from <see cref="ServerCallContext.Caller"/>; between services it travels as signed metadata.
/// </summary>
public sealed record CallerIdentity(string Subject, IReadOnlyList<string> Roles, string? RegionCode = null, string? UnitId = null)
{
    public static readonly CallerIdentity Anonymous = new("", []);

    public bool IsAnonymous => Subject.Length == 0;

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public void RequireAuthenticated()
    {
        if (IsAnonymous)
        {
            throw new UnauthenticatedException("This call needs a signed-in caller.");
        }
    }

    /// <summary>Throws unless the caller holds one of <paramref name="roles"/>.</summary>
    public void RequireAnyRole(params string[] roles)
    {
        RequireAuthenticated();
        if (!roles.Any(IsInRole))
        {
            throw new ForbiddenException($"Caller '{Subject}' needs one of the roles: {string.Join(", ", roles)}.");
        }
    }
}

/// <summary>The caller of the call being served on this async flow; outgoing client calls propagate it.</summary>
public static class CallerContext
{
    private static readonly AsyncLocal<CallerIdentity?> CurrentCaller = new();

    public static CallerIdentity Current => CurrentCaller.Value ?? CallerIdentity.Anonymous;

    /// <summary>Sets the ambient caller until the returned scope is disposed.</summary>
    public static IDisposable Use(CallerIdentity caller)
    {
        var previous = CurrentCaller.Value;
        CurrentCaller.Value = caller;
        return new Scope(previous);
    }

    private sealed class Scope(CallerIdentity? previous) : IDisposable
    {
        public void Dispose() => CurrentCaller.Value = previous;
    }
}
