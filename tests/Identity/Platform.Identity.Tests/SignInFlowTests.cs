using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>
/// Signing in as the portal will: authorization code with PKCE (S256) on a real Kestrel port and PostgreSQL, the tokens'
/// claims, refresh, and what a person reads when it goes wrong (Chinese, no open redirect, lockout, disabled accounts).
/// </summary>
public sealed class SignInFlowTests(IdentityFixture identity) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task AuthorizationCode_ClerkSignsIn_TokensCarryRoleUnitAndJurisdictionForTheGateway()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-emergency");
        using var browser = identity.NewBrowser();

        var code = await browser.SignInForCodeAsync(login, IdentityFixture.Password);
        var (status, tokens) = await browser.RedeemAsync(code);

        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        var access = OidcBrowser.Payload(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal((login, "clerk", "650100", "urumqi-emergency", "platform-gateway"),
            (access.GetProperty("sub").GetString(), access.GetProperty("role").GetString(), access.GetProperty("jurisdiction").GetString(),
             access.GetProperty("unit").GetString(), access.GetProperty("aud").GetString()));
        var id = OidcBrowser.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(("测试用户", "n1"), (id.GetProperty("name").GetString(), id.GetProperty("nonce").GetString()));

        // A refresh token gives a new access token (and a new refresh token).
        Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> RefreshAsync(string refreshToken) => browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = "portal",
        });
        var (refreshed, again) = await RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.Equal(login, OidcBrowser.Payload(again.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());

        // The code is single-use; presenting it again revokes what it gave (RFC 6749 §4.1.2): the stolen-code case.
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.RedeemAsync(code)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(again.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Fact]
    public async Task Revoke_PortalSignsOut_ItsRefreshTokenNoLongerRenews()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-emergency");
        using var browser = identity.NewBrowser();
        var (_, tokens) = await browser.RedeemAsync(await browser.SignInForCodeAsync(login, IdentityFixture.Password));
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var discovery = System.Text.Json.JsonDocument.Parse(await (await browser.GetAsync("/.well-known/openid-configuration")).Content.ReadAsStringAsync());
        var endpoint = new Uri(discovery.RootElement.GetProperty("revocation_endpoint").GetString()!);

        // RFC 7009 §2.1, as the portal's sign-out sends it: the public client names itself, no secret.
        using var revoked = await browser.PostAsync(endpoint.PathAndQuery, new Dictionary<string, string>
        {
            ["token"] = refresh, ["token_type_hint"] = "refresh_token", ["client_id"] = "portal",
        });

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var (status, _) = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["client_id"] = "portal",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Prune_RedeemedCode_RemovedOnceOldEnoughStillValidRefreshTokenKept()
    {
        var login = await identity.UserAsync("reviewer", "650100", null);
        using var browser = identity.NewBrowser();
        var (_, tokens) = await browser.RedeemAsync(await browser.SignInForCodeAsync(login, IdentityFixture.Password));
        var pruning = identity.Host.Services.GetRequiredService<Platform.Identity.Host.Oidc.TokenPruning>();

        // Nothing is old enough a day ago; with the threshold just ahead, the redeemed code goes.
        Assert.Equal(0, (await pruning.PruneAsync(DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None)).Tokens);
        Assert.True((await pruning.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None)).Tokens >= 1);

        var (status, _) = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!, ["client_id"] = "portal",
        });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Token_WrongVerifierOrPlainChallenge_Refused()
    {
        var login = await identity.UserAsync("reviewer", "652300", null);
        using var browser = identity.NewBrowser();
        var code = await browser.SignInForCodeAsync(login, IdentityFixture.Password);

        var (status, error) = await browser.RedeemAsync(code, verifier: new string('x', 43));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error.GetProperty("error").GetString()));

        // "plain" PKCE is not offered at all (RFC 7636 §7.2), and a redirect address that is not registered gets no code.
        var plain = await browser.GetAsync(browser.AuthorizePath(challenge: browser.Verifier, method: "plain"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        var elsewhere = await browser.GetAsync(browser.AuthorizePath(redirect: "http://evil.test/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        // Said to the person in Chinese, by the standard code (was OpenIddict's English description and a documentation link).
        var page = await elsewhere.Content.ReadAsStringAsync();
        Assert.Contains("回调地址 redirect_uri 或退出后的返回地址未登记", page, StringComparison.Ordinal);
        Assert.DoesNotContain("The specified", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPasswords_ChineseReasonThenLockedForMinutes()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-seismic");
        using var browser = identity.NewBrowser();
        var fields = new Dictionary<string, string> { ["login_name"] = login, ["password"] = "wrong-password-1" };

        var first = await browser.SubmitAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("登录名或密码不正确", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await browser.SubmitAsync("/account/login", fields);
        var third = await browser.SubmitAsync("/account/login", fields);

        // Three wrong in a row (this deployment's setting): even the right password is refused until the lockout ends.
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        fields["password"] = IdentityFixture.Password;
        var right = await browser.SubmitAsync("/account/login", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Matches("账户已暂时锁定，请 1[0-5] 分钟后再试", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_UnknownName_AnsweredAsAKnownOne_WrongThenLockedAfterAsMany()
    {
        var known = await identity.UserAsync("clerk", "650100", "urumqi-seismic");
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        using var browser = identity.NewBrowser();

        async Task<(HttpStatusCode, string)[]> TryThreeAsync(string login)
        {
            var fields = new Dictionary<string, string> { ["login_name"] = login, ["password"] = "wrong-password-1" };
            var answers = new List<(HttpStatusCode, string)>();
            for (var i = 0; i < 3; i++)
            {
                using var response = await browser.SubmitAsync("/account/login", fields);
                // The page repeats the name typed: compared without it.
                answers.Add((response.StatusCode, (await response.Content.ReadAsStringAsync()).Replace(login, "{login}", StringComparison.Ordinal)));
            }
            return [.. answers];
        }

        var knownAnswers = await TryThreeAsync(known);
        var unknownAnswers = await TryThreeAsync(unknown);

        // Wrong, wrong, locked (this deployment locks after three) — for a name nobody has, too, in the same words.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], unknownAnswers.Select(a => a.Item1));
        Assert.Equal(knownAnswers.Select(a => a.Item1), unknownAnswers.Select(a => a.Item1));
        Assert.Matches("账户已暂时锁定，请 1[0-5] 分钟后再试", unknownAnswers[2].Item2);
        // The pages differ only in their antiforgery tokens.
        static string WithoutTokens(string page) => System.Text.RegularExpressions.Regex.Replace(page, "value=\"[A-Za-z0-9_\\-]{40,}\"", "value=\"…\"");
        Assert.Equal(WithoutTokens(knownAnswers[0].Item2), WithoutTokens(unknownAnswers[0].Item2));
    }

    [Fact]
    public async Task Disabled_NoSignInAndNoRefresh()
    {
        var login = await identity.UserAsync("unit-head", "650100", "urumqi-emergency");
        using var browser = identity.NewBrowser();
        var code = await browser.SignInForCodeAsync(login, IdentityFixture.Password);
        var (_, tokens) = await browser.RedeemAsync(code);

        await identity.DisableAsync(login);

        var (status, error) = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!, ["client_id"] = "portal",
        });
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (status, error.GetProperty("error").GetString()));
        using var other = identity.NewBrowser();
        var refused = await other.SubmitAsync("/account/login", new Dictionary<string, string> { ["login_name"] = login, ["password"] = IdentityFixture.Password });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("该账户已停用", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Only someone who knows the password learns that the account is disabled.
        var guessed = await other.SubmitAsync("/account/login", new Dictionary<string, string> { ["login_name"] = login, ["password"] = "a-wrong-guess-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);

        // The session that signed in before the account was disabled gets no new code either.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(browser.AuthorizePath())).StatusCode);
        Assert.Contains("/account/login", (await browser.GetAsync(browser.AuthorizePath())).Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithoutTheFormsAntiforgeryToken_RefusedAsAnExpiredPageNotSignedIn()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-emergency");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = identity.Http };

        // A form posted from another site carries no token of ours (cross-site request forgery of a sign-in).
        var answer = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["login_name"] = login, ["password"] = IdentityFixture.Password }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("页面已过期", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("platform.identity=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPasswordsInARow_LockedLikeAtSignIn()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-emergency");
        using var browser = identity.NewBrowser();
        await browser.SignInForCodeAsync(login, IdentityFixture.Password);
        var guess = new Dictionary<string, string> { ["current"] = "guess-number-1", ["next"] = "new-password-2026", ["confirm"] = "new-password-2026" };

        for (var i = 0; i < 3; i++)
        {
            await browser.SubmitAsync("/account/password", guess);
        }
        guess["current"] = IdentityFixture.Password;
        var locked = await browser.SubmitAsync("/account/password", guess);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("账户已暂时锁定", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_ByALinkFromAnotherSite_OnlyAsksTheSessionStays()
    {
        var login = await identity.UserAsync("reviewer", "650100", null);
        using var browser = identity.NewBrowser();
        await browser.SignInForCodeAsync(login, IdentityFixture.Password);

        var asked = await browser.GetAsync("/connect/logout");

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("退出登录", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/password")).StatusCode);
        // Confirmed with the form's token, the session ends.
        await browser.SubmitAsync("/connect/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/password")).StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnAddressOnAnotherSite_StaysHere()
    {
        var login = await identity.UserAsync("reviewer", "650104", null);
        using var browser = identity.NewBrowser();

        foreach (var elsewhere in new[] { "//evil.test/steal", "/\t/evil.test/steal", "/\\evil.test", "https://evil.test/" })
        {
            using var fresh = identity.NewBrowser();
            var answer = await fresh.SubmitAsync("/account/login?returnUrl=" + Uri.EscapeDataString(elsewhere),
                new Dictionary<string, string> { ["login_name"] = login, ["password"] = IdentityFixture.Password });

            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal("/", answer.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task ChangePassword_PolicyInChineseThenTheNewOneSignsIn()
    {
        var login = await identity.UserAsync("clerk", "650100", "urumqi-emergency");
        using var browser = identity.NewBrowser();
        var (_, before) = await browser.RedeemAsync(await browser.SignInForCodeAsync(login, IdentityFixture.Password));

        var weak = await browser.SubmitAsync("/account/password", new Dictionary<string, string> { ["current"] = IdentityFixture.Password, ["next"] = "short", ["confirm"] = "short" });
        var text = await weak.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("新密码至少 10 个字符", text, StringComparison.Ordinal);
        Assert.Contains("新密码须包含至少一个数字", text, StringComparison.Ordinal);
        var wrong = await browser.SubmitAsync("/account/password", new Dictionary<string, string> { ["current"] = "not-my-password-1", ["next"] = "new-password-2026", ["confirm"] = "new-password-2026" });
        Assert.Contains("当前密码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await browser.SubmitAsync("/account/password", new Dictionary<string, string> { ["current"] = IdentityFixture.Password, ["next"] = "new-password-2026", ["confirm"] = "new-password-2026" });
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Whatever was issued under the old password can no longer be renewed.
        var (stale, _) = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = before.GetProperty("refresh_token").GetString()!, ["client_id"] = "portal",
        });
        Assert.Equal(HttpStatusCode.BadRequest, stale);
        using var next = identity.NewBrowser();
        Assert.False(string.IsNullOrEmpty(await next.SignInForCodeAsync(login, "new-password-2026")));
    }
}
