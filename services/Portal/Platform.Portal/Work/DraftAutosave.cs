using Grpc.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>
/// Drafts that save themselves: the return page's script posts its form here a few seconds after the clerk stops typing
/// (the same fields as the page's own save, so the same reading and the same revision check), and updates the page with
/// the new revision. A conflict or a refusal is answered, never resolved here: the clerk's input stays on the page (and in
/// the tab's storage) until a save the clerk sees goes through.
/// </summary>
internal static class DraftAutosave
{
    public static string Path(string unit, int year) => $"/portal/returns/{Uri.EscapeDataString(unit)}/{year}/draft";

    public static IEndpointRouteBuilder MapDraftAutosave(this IEndpointRouteBuilder app)
    {
        app.MapPost("/portal/returns/{unit}/{year:int}/draft", SaveAsync)
            .RequireAuthorization(PortalAuthentication.Policy)
            .DisableAntiforgery();  // validated below, where a refusal can be answered in JSON rather than as an exception page
        return app;
    }

    private static async Task<IResult> SaveAsync(string unit, int year, HttpContext context, IAntiforgery antiforgery, ReturnWorkspace workspace)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Json(new { message = "页面已过期，请刷新后再保存" }, statusCode: StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!long.TryParse(form["revision"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision))
        {
            return Results.Json(new { message = "缺少修订号，请刷新后再保存" }, statusCode: StatusCodes.Status400BadRequest);
        }
        try
        {
            // No table: new classification lines are left for the clerk's own save (and no template is read per draft).
            var (cells, explanations) = ReturnWorkspace.ReadPosted(form, table: null);
            if (cells.Count + explanations.Count == 0)
            {
                return Results.Json(new { revision, saved = 0 });
            }
            var saved = await workspace.SaveAsync(unit, year, revision, cells, explanations);
            return Results.Json(new { revision = saved.Revision, saved = cells.Count + explanations.Count });
        }
        catch (RpcException ex)
        {
            var message = ex.StatusCode == StatusCode.Aborted
                ? "本报表在您打开后已被他人修改，未自动保存；您的输入仍在页面上，请点击“保存草稿”核对"
                : ex.StatusCode == StatusCode.InvalidArgument ? "有输入未通过检查，未自动保存；请点击“保存草稿”查看" : PortalErrors.Describe(ex);
            return Results.Json(new { message }, statusCode: PortalErrors.HttpStatus(ex));
        }
    }
}
