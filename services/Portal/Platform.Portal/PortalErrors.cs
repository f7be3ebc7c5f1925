using Grpc.Core;

namespace Platform.Portal;

/// <summary>A failed call as the person reads it: the service's own reason (Chinese), or that it is unavailable.</summary>
internal static partial class PortalErrors
{
    public static string Describe(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown => PortalText.Unavailable,
        // The reasons without the request's field paths the detail puts first for API callers ("unit_id：单位名录中没有…"): a
        // person reads the page's subject, not a request (a form names its own inputs from the same violations).
        _ when Platform.Grpc.RpcExceptionExtensions.FieldViolations(ex) is { Count: > 0 } violations
            && violations.All(v => v.Description.Any(IsHan)) => string.Join("；", violations.Select(v => v.Description).Distinct()),
        // A detail that starts with the request's field path ("comment：必须填写退回意见") without a violation to take the
        // reason from: the reason alone.
        _ when ex.Status.Detail is { Length: > 0 } detail && detail.Any(IsHan) => FieldPath().Replace(detail, "", 1),
        StatusCode.PermissionDenied => "您无权查看或办理此事项",
        StatusCode.Unauthenticated => "登录已过期，请重新登录",
        StatusCode.NotFound => "未找到该事项",
        _ => PortalText.Unavailable,
    };

    private static bool IsHan(char c) => c >= '\u4e00' && c <= '\u9fff';

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\[\]]*：")]
    private static partial System.Text.RegularExpressions.Regex FieldPath();

    /// <summary>
    /// A page whose subject could not be read: the reason as the person reads it, and the page answers with the status that
    /// reason means (403 for a refusal, 404, 503) — not 200, which tells a browser's history, a crawler or a monitor that
    /// the page is what was asked for.
    /// </summary>
    public static string Page(Microsoft.AspNetCore.Http.HttpContext context, RpcException ex)
    {
        Answer(context, HttpStatus(ex));
        return Describe(ex);
    }

    /// <summary>A page whose subject does not exist (a project's form never filed): the words, and 404.</summary>
    public static string Missing(Microsoft.AspNetCore.Http.HttpContext context, string words)
    {
        Answer(context, Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound);
        return words;
    }

    /// <summary>
    /// Sets the page's status as the response starts, over a plain 200 only. Not during rendering: Blazor's static rendering
    /// (.NET 10) writes no body for a 404 set there — it leaves the page to the status-code-pages middleware's re-execution
    /// (dotnet/aspnetcore#62153) — and the person would see the browser's bare error instead of the reason. A redirect
    /// the page chose after all (a form handler that succeeded) keeps its status.
    /// </summary>
    private static void Answer(Microsoft.AspNetCore.Http.HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == Microsoft.AspNetCore.Http.StatusCodes.Status200OK)
            {
                context.Response.StatusCode = status;
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The HTTP status a portal endpoint answers for a failed call (a download, a draft saved by the page's script).</summary>
    public static int HttpStatus(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Aborted => Microsoft.AspNetCore.Http.StatusCodes.Status409Conflict,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition => Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest,
        StatusCode.PermissionDenied => Microsoft.AspNetCore.Http.StatusCodes.Status403Forbidden,
        StatusCode.NotFound => Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound,
        StatusCode.Unauthenticated => Microsoft.AspNetCore.Http.StatusCodes.Status401Unauthorized,
        _ => Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
    };
}
