using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Identity.Domain;
using Platform.Identity.Host.Persistence;

namespace Platform.Identity.Host.Account;

/// <summary>
/// The identity service's own pages, in Chinese: sign in (a wrong password counts towards the lockout; a locked or
/// disabled account says so and how long) and change one's password. Plain HTML forms with antiforgery tokens: they work
/// before any script loads and with any assistive technology. A return address is followed only when it is a path on
/// this site (never another host: no open redirect).
/// </summary>
internal static class AccountPages
{
    public const string Login = "/account/login";
    public const string Password = "/account/password";

    /// <summary>Longer than any login name or password a person types: refused before any lookup or hashing.</summary>
    private const int MaxLoginLength = 256;
    private const int MaxPasswordLength = 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Login, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, SignInForm(LocalOnly(returnUrl), null, "")));
        app.MapPost(Login, SignInAsync).DisableAntiforgery();
        app.MapGet(Password, (HttpContext http, IAntiforgery antiforgery) =>
            http.User.Identity?.IsAuthenticated == true ? Page(http, antiforgery, PasswordForm(null, false)) : Results.Redirect(Login + "?returnUrl=" + Uri.EscapeDataString(Password)));
        app.MapPost(Password, ChangePasswordAsync).DisableAntiforgery();
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, TimeProvider time,
        UnknownSignIns unknown)
    {
        var form = await http.Request.ReadFormAsync();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, SignInForm(LocalOnly(form["returnUrl"]), IdentityMessages.PageExpired, form["login_name"].ToString()), StatusCodes.Status400BadRequest);
        }
        var login = form["login_name"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOnly(form["returnUrl"]);
        if (login.Length == 0 || password.Length == 0)
        {
            return Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.MissingCredentials, login), StatusCodes.Status400BadRequest);
        }
        if (login.Length > MaxLoginLength || password.Length > MaxPasswordLength)
        {
            // No login name is this long (user names are checked when made); neither is read further, nor echoed.
            return Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.WrongCredentials, ""), StatusCodes.Status401Unauthorized);
        }
        var user = await users.FindByNameAsync(login);
        if (user is null)
        {
            // Refused as a real account is refused, in time and in lockout: nothing says whether the name exists.
            return unknown.Fail(login, password) is { } locked
                ? Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.LockedOut(locked, time.GetUtcNow()), login), StatusCodes.Status429TooManyRequests)
                : Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.WrongCredentials, login), StatusCodes.Status401Unauthorized);
        }
        // A disabled account says so only to someone who knows its password: otherwise it is a wrong password like any.
        var result = user is { Disabled: true }
            ? await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true)
            : await signIn.PasswordSignInAsync(login, password, isPersistent: false, lockoutOnFailure: true);
        if (user is { Disabled: true } && result.Succeeded)
        {
            return Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.Disabled, login), StatusCodes.Status403Forbidden);
        }
        if (result.Succeeded)
        {
            return Results.Redirect(returnUrl ?? "/");
        }
        if (result.IsLockedOut && user?.LockoutEnd is { } until)
        {
            return Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.LockedOut(until, time.GetUtcNow()), login), StatusCodes.Status429TooManyRequests);
        }
        return Page(http, antiforgery, SignInForm(returnUrl, IdentityMessages.WrongCredentials, login), StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, IAntiforgery antiforgery, UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn,
        IOptions<IdentityServiceOptions> options, Oidc.SessionRevocation revocation, TimeProvider time)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, PasswordForm([IdentityMessages.PageExpired], false), StatusCodes.Status400BadRequest);
        }
        var user = http.User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(http.User) : null;
        if (user is null || user.Disabled)
        {
            return Results.Redirect(Login + "?returnUrl=" + Uri.EscapeDataString(Password));
        }
        if (await users.IsLockedOutAsync(user) && user.LockoutEnd is { } until)
        {
            return Page(http, antiforgery, PasswordForm([IdentityMessages.LockedOut(until, time.GetUtcNow())], false), StatusCodes.Status429TooManyRequests);
        }
        var form = await http.Request.ReadFormAsync();
        var current = form["current"].ToString();
        var next = form["next"].ToString();
        var problems = next == form["confirm"].ToString()
            ? PasswordPolicy.Problems(next, user.UserName!, options.Value.MinimumPasswordLength)
            : [IdentityMessages.PasswordsDiffer];
        if (problems.Count == 0)
        {
            var changed = await users.ChangePasswordAsync(user, current, next);
            if (changed.Succeeded)
            {
                // A new security stamp ends the user's other sessions at their next authorization request; refresh tokens
                // issued before end now; this session carries on.
                await users.ResetAccessFailedCountAsync(user);
                await revocation.RevokeAsync(user.Id, http.RequestAborted);
                await signIn.RefreshSignInAsync(user);
                return Page(http, antiforgery, PasswordForm([], true));
            }
            var mismatch = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (mismatch)
            {
                // A wrong current password counts towards the lockout, as at sign-in: a left-open session cannot be used to guess.
                await users.AccessFailedAsync(user);
            }
            problems = mismatch ? [IdentityMessages.CurrentPasswordWrong] : [IdentityMessages.PasswordRejected];
        }
        return Page(http, antiforgery, PasswordForm(problems, false), StatusCodes.Status400BadRequest);
    }

    /// <summary>A path on this site, or null: "//host" and "https://host" are another site.</summary>
    private static string? LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'))
        // Browsers drop tabs and line breaks from a URL: "/\t/evil.test" would become "//evil.test", another site.
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ? url : null;

    private static string SignInForm(string? returnUrl, string? error, string login) => $"""
        <h1>登录</h1>
        {Alert(error)}
        <form method="post" action="{Login}">
          %ANTIFORGERY%
          <input type="hidden" name="returnUrl" value="{Encode(returnUrl ?? "")}">
          <p><label for="login_name">登录名</label><br><input id="login_name" name="login_name" autocomplete="username" required value="{Encode(login)}"{(error is null ? " autofocus" : "")}></p>
          <p><label for="password">密码</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
          <p><button type="submit">登录</button></p>
        </form>
        """;

    private static string PasswordForm(IReadOnlyList<string>? problems, bool changed) => $"""
        <h1>修改密码</h1>
        {(changed ? $"""<p role="status">{IdentityMessages.PasswordChanged}</p>""" : "")}
        {(problems is { Count: > 0 } ? $"""<div role="alert"><ul>{string.Concat(problems.Select(p => $"<li>{Encode(p)}</li>"))}</ul></div>""" : "")}
        <form method="post" action="{Password}">
          %ANTIFORGERY%
          <p><label for="current">当前密码</label><br><input id="current" name="current" type="password" autocomplete="current-password" required></p>
          <p><label for="next">新密码</label><br><input id="next" name="next" type="password" autocomplete="new-password" required></p>
          <p><label for="confirm">再次输入新密码</label><br><input id="confirm" name="confirm" type="password" autocomplete="new-password" required></p>
          <p><button type="submit">修改密码</button></p>
        </form>
        <p><a href="/portal">返回工作台</a></p>
        """;

    /// <summary>The sign-out confirmation: the end-session request's parameters carried in a form posted with an antiforgery token.</summary>
    public static IResult ConfirmSignOut(HttpContext http, IAntiforgery antiforgery)
    {
        var fields = string.Concat(http.Request.Query.Select(p => $"""<input type="hidden" name="{Encode(p.Key)}" value="{Encode(p.Value.ToString())}">"""));
        return Page(http, antiforgery, $"""
            <h1>退出登录</h1>
            <form method="post" action="{Oidc.ConnectEndpoints.Logout}">
              %ANTIFORGERY%
              {fields}
              <p><button type="submit">退出登录</button></p>
            </form>
            """);
    }

    private static string Alert(string? error) => error is null ? "" : $"""<p role="alert">{Encode(error)}</p>""";

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string body, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var field = $"""<input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken ?? "")}">""";
        // No caching of a page that carries a form token; no framing (clickjacking).
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        return Results.Content($"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>{IdentityMessages.SignInTitle}</title></head>
            <body><main>{body.Replace("%ANTIFORGERY%", field, StringComparison.Ordinal)}</main></body>
            </html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>Markup-significant characters escaped; Chinese kept as text (the default encoder writes it as entities).</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Encode(string text) => Html.Encode(text);
}
