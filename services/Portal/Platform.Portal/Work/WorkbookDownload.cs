using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Portal.Security;

namespace Platform.Portal.Work;

/// <summary>
/// The return as an xlsx file to download, in the layout clerks fill offline and upload back (the accounts service writes
/// it; the portal only hands it over, under the person's own token, so the service decides who may have it).
/// </summary>
internal static class WorkbookDownload
{
    public static string Path(string unit, int year) => $"/portal/returns/{Uri.EscapeDataString(unit)}/{year}/workbook.xlsx";

    public static IEndpointRouteBuilder MapWorkbookDownload(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/returns/{unit}/{year:int}/workbook.xlsx", async (string unit, int year, ReturnWorkspace workspace) =>
        {
            try
            {
                var body = await workspace.ExportWorkbookAsync(unit, year);
                return Results.File(body.Data.ToByteArray(), body.ContentType, $"{unit}-{year}-部门决算报表.xlsx");
            }
            catch (RpcException ex)
            {
                // A link a person followed: a page that says why, with the way back (it was a bare line of text).
                return Results.Content(Refused(unit, year, PortalErrors.Describe(ex)), "text/html; charset=utf-8", System.Text.Encoding.UTF8, PortalErrors.HttpStatus(ex));
            }
        }).RequireAuthorization(PortalAuthentication.Policy);
        return app;
    }

    private static string Refused(string unit, int year, string reason) => Platform.ServiceDefaults.MessagePage.Html("下载未成功", reason,
        ("返回报表", $"/portal/returns/{Uri.EscapeDataString(unit)}/{year}"), ("返回工作台", "/portal"));
}
