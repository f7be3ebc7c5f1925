using OpenIddict.Abstractions;

namespace Platform.Identity.Host.Oidc;

/// <summary>
/// Ends what a user was given before a change that must take effect at once — a new password, a disabled account, another
/// role or unit: every refresh token and authorization of the subject is revoked, so no client can renew an access token
/// issued under the old state (access tokens already out expire within <see cref="IdentityServiceOptions.AccessTokenMinutes"/>).
/// </summary>
internal sealed class SessionRevocation(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations)
{
    public async Task RevokeAsync(string subject, CancellationToken token)
    {
        await tokens.RevokeBySubjectAsync(subject, token);
        await authorizations.RevokeBySubjectAsync(subject, token);
    }
}
