using Grpc.Core;

namespace Platform.Portal;

/// <summary>A failed call as the person reads it: the service's own reason (Chinese), or that it is unavailable.</summary>
internal static class PortalErrors
{
    public static string Describe(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown => PortalText.Unavailable,
        _ when ex.Status.Detail is { Length: > 0 } detail && detail.Any(c => c >= '\u4e00' && c <= '\u9fff') => detail,
        StatusCode.PermissionDenied => "您无权查看或办理此事项",
        StatusCode.Unauthenticated => "登录已过期，请重新登录",
        StatusCode.NotFound => "未找到该事项",
        _ => PortalText.Unavailable,
    };

    /// <summary>
    /// A page whose subject could not be read: the reason as the person reads it, and the page answers with the status that
    /// reason means (403 for a refusal, 404, 503) — not 200, which tells a browser's history, a crawler or a monitor that
    /// the page is what was asked for. Pages render fully before they answer (no streaming), so the status can still change.
    /// </summary>
    public static string Page(Microsoft.AspNetCore.Http.HttpContext context, RpcException ex)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = HttpStatus(ex);
        }
        return Describe(ex);
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
