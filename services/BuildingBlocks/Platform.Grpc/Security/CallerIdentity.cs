using Platform.Domain;

namespace Platform.Grpc.Security;

/// <summary>
/// Who is calling: a user (or service) with roles and the jurisdiction their authority covers
/// (an administrative division code such as 652300, optionally narrowed to one unit). Every handler
/// reads it from <see cref="ServerCallContext.Caller"/>; between services it travels as signed metadata.
/// <paramref name="Name"/> is the display name from the sign-in token (王芳) for records such as an audit trail; never for
/// authorization.
/// </summary>
public sealed record CallerIdentity(string Subject, IReadOnlyList<string> Roles, string? RegionCode = null, string? UnitId = null, string? Name = null)
{
    public static readonly CallerIdentity Anonymous = new("", []);

    /// <summary>A platform service acting on its own (consumers, seeders, background work): role `service`, read-only on peers.</summary>
    public static CallerIdentity Service(string subject) => new(subject, [PlatformRoles.Service]);

    public bool IsAnonymous => Subject.Length == 0;

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public void RequireAuthenticated()
    {
        if (IsAnonymous)
        {
            throw new UnauthenticatedException(Messages.SignInRequired);
        }
    }

    /// <summary>The caller as domain rules see it; an anonymous caller is UNAUTHENTICATED here.</summary>
    public Actor ToActor()
    {
        RequireAuthenticated();
        return new Actor(Subject, Roles, RegionCode, UnitId, Name);
    }

    /// <summary>
    /// Whether the caller's region covers <paramref name="regionCode"/>. Administrative division codes
    /// (GB/T 2260) are hierarchical: digits 1-2 the province-level region, 3-4 the prefecture or city, 5-6 the
    /// county. 650000 covers every 65xxxx, 652300 covers 6523xx, 652301 only itself. Units that development
    /// zones administer carry the zone's own code and are covered by the region that contains that code.
    /// The registry (issue 3) answers for units; this is the rule on codes.
    /// </summary>
    public bool CoversRegion(string regionCode) => Jurisdiction.Covers(RegionCode, regionCode);

    /// <summary>Throws unless the caller's jurisdiction covers <paramref name="regionCode"/>.</summary>
    public void RequireRegion(string regionCode)
    {
        RequireAuthenticated();
        if (!CoversRegion(regionCode))
        {
            throw new ForbiddenException(Messages.RegionOutsideJurisdiction(regionCode));
        }
    }

    /// <summary>Throws unless the caller holds one of <paramref name="roles"/>.</summary>
    public void RequireAnyRole(params string[] roles)
    {
        RequireAuthenticated();
        if (!roles.Any(IsInRole))
        {
            throw new ForbiddenException(Messages.RoleRequired(roles));
        }
    }
}

/// <summary>The caller of the call being served on this async flow; outgoing client calls propagate it.</summary>
public static class CallerContext
{
    private static readonly AsyncLocal<CallerIdentity?> CurrentCaller = new();

    public static CallerIdentity Current => CurrentCaller.Value ?? CallerIdentity.Anonymous;

    /// <summary>Calls as <paramref name="service"/> until disposed when nobody is being served; otherwise keeps the caller.</summary>
    public static IDisposable? UseWhenAnonymous(CallerIdentity service) => Current.IsAnonymous ? Use(service) : null;

    /// <summary>
    /// Starts an outgoing call as <paramref name="caller"/> (the caller is signed when the call is made, so the scope covers
    /// just its start): <c>await CallerContext.StartAs(service, () =&gt; client.ReconcileAsync(request))</c>.
    /// </summary>
    public static T StartAs<T>(CallerIdentity caller, Func<T> start)
    {
        using (Use(caller))
        {
            return start();
        }
    }

    /// <summary>As <see cref="StartAs{T}"/>, for work that acts for the person being served when there is one.</summary>
    public static T StartAsWhenAnonymous<T>(CallerIdentity service, Func<T> start) => Current.IsAnonymous ? StartAs(service, start) : start();

    /// <summary>Sets the ambient caller until the returned scope is disposed.</summary>
    public static IDisposable Use(CallerIdentity caller)
    {
        var previous = CurrentCaller.Value;
        CurrentCaller.Value = caller;
        return new Scope(previous);
    }

    /// <summary>
    /// Sets the ambient caller for the rest of the calling async method, with no scope to dispose: an async method's
    /// changes to AsyncLocal values never flow back to its caller (the runtime restores the caller's ExecutionContext when
    /// the method yields or returns), so the served call's caller ends with the method that serves it. Only for that.
    /// </summary>
    internal static void EnterForThisAsyncMethod(CallerIdentity caller) => CurrentCaller.Value = caller;

    private sealed class Scope(CallerIdentity? previous) : IDisposable
    {
        public void Dispose() => CurrentCaller.Value = previous;
    }
}
