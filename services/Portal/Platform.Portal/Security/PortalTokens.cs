using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Portal.Security;

/// <summary>
/// Keeps a session's access token fresh: when it is about to expire, the refresh token (rolling, at the provider's token
/// endpoint, RFC 6749 §6) buys a new one and the session cookie is renewed with it. When that fails — the person was
/// disabled, changed their password, or the refresh token expired — the session ends: a page asks them to sign in again
/// and an API call is answered 401, so the page in the browser keeps what was typed.
/// </summary>
internal sealed partial class PortalTokens(IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider time, ILogger<PortalTokens> logger)
{
    /// <summary>Refresh this long before expiry, so a call made now does not arrive with an expired token.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan RevocationTimeout = TimeSpan.FromSeconds(5);

    public static Task RefreshIfDueAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<PortalTokens>().RefreshAsync(context);

    private async Task RefreshAsync(CookieValidatePrincipalContext context)
    {
        if (context.Properties.GetTokenValue("expires_at") is not { } expiresAt
            || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
            || expires - time.GetUtcNow() > Margin)
        {
            return;
        }
        var options = oidc.Get(PortalAuthentication.OidcScheme);
        if (context.Properties.GetTokenValue("refresh_token") is not { Length: > 0 } refresh || options.ConfigurationManager is null)
        {
            await EndAsync(context, "no refresh token");
            return;
        }
        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(context.HttpContext.RequestAborted);
            using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh,
                ["client_id"] = options.ClientId!,
            }), context.HttpContext.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                await EndAsync(context, $"the token endpoint answered {(int)response.StatusCode}");
                return;
            }
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted), cancellationToken: context.HttpContext.RequestAborted);
            var tokens = body.RootElement;
            context.Properties.UpdateTokenValue("access_token", tokens.GetProperty("access_token").GetString()!);
            if (tokens.TryGetProperty("refresh_token", out var rolled) && rolled.GetString() is { Length: > 0 } next)
            {
                context.Properties.UpdateTokenValue("refresh_token", next);
            }
            var lifetime = tokens.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300;
            context.Properties.UpdateTokenValue("expires_at", time.GetUtcNow().AddSeconds(lifetime).ToString("o", CultureInfo.InvariantCulture));
            context.ShouldRenew = true;
            LogRefreshed(logger);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await EndAsync(context, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Revokes the session's refresh token at the provider's revocation endpoint (RFC 7009, named by its discovery document):
    /// what a copied session could still renew is ended with the session. A provider without one, or one that does not
    /// answer, does not keep the person signed in — the session itself is removed either way — and is logged.
    /// </summary>
    public async Task RevokeAsync(HttpContext http)
    {
        var options = oidc.Get(PortalAuthentication.OidcScheme);
        if (await http.GetTokenAsync(PortalAuthentication.CookieScheme, "refresh_token") is not { Length: > 0 } refresh || options.ConfigurationManager is null)
        {
            return;
        }
        // A provider that does not answer holds the sign-out up for seconds, not the backchannel's minute.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(RevocationTimeout);
        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(limit.Token);
            if (!configuration.AdditionalData.TryGetValue("revocation_endpoint", out var endpoint) || endpoint is not string address)
            {
                LogNotRevoked(logger, "the provider names no revocation endpoint");
                return;
            }
            using var response = await options.Backchannel.PostAsync(address, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = refresh,
                ["token_type_hint"] = "refresh_token",
                ["client_id"] = options.ClientId!,
            }), limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogNotRevoked(logger, $"the revocation endpoint answered {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            LogNotRevoked(logger, ex.GetType().Name);
        }
    }

    private async Task EndAsync(CookieValidatePrincipalContext context, string why)
    {
        LogSessionEnded(logger, why);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(PortalAuthentication.CookieScheme);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A portal session's access token was refreshed.")]
    private static partial void LogRefreshed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A signed-out session's refresh token was not revoked ({Why}); the session itself was removed.")]
    private static partial void LogNotRevoked(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "A portal session ended: its access token could not be refreshed ({Why}).")]
    private static partial void LogSessionEnded(ILogger logger, string why);
}
