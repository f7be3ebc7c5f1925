using System.Net;
using System.Text;

namespace Platform.ServiceDefaults;

/// <summary>
/// A page of one message in Chinese, where a browser expected a page and none of the platform's own applies — an address
/// no route serves, a refusal of the gateway, a sign-in that came back unusable, a form refused before its page ran: its
/// title as the heading, the message, and the ways on. One shape for every process that answers such a page (they were
/// five copies); text and addresses are HTML-encoded here.
/// </summary>
public static class MessagePage
{
    public static string Html(string title, string message, params (string Text, string Href)[] links)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title><link rel=\"icon\" href=\"data:,\"></head>\n<body><main><h1>")
            .Append(WebUtility.HtmlEncode(title)).Append("</h1><p role=\"alert\">").Append(WebUtility.HtmlEncode(message)).Append("</p>\n<p>");
        html.AppendJoin("　", links.Select(l => $"<a href=\"{WebUtility.HtmlEncode(l.Href)}\">{WebUtility.HtmlEncode(l.Text)}</a>"));
        return html.Append("</p></main></body></html>\n").ToString();
    }
}
