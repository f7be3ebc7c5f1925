using System.Net;
using System.Xml.Linq;
using Platform.Gateway.FunctionalTests.Authorization;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>The Atom feed read through the gateway points at the gateway, never at a service's internal address.</summary>
public sealed class PublicFeedTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task FeedAtom_ThroughTheGateway_LinksResolveAtTheGatewayAndNameNoInternalAddress()
    {
        using var http = platform.Gateway.Http();
        var feedUrl = new Uri(http.BaseAddress!, "/public/v1/feed.atom?limit=1000");
        var text = await WaitForEntriesAsync(http, feedUrl);
        var feed = XDocument.Parse(text);

        var links = feed.Descendants(Atom + "link").Select(l => l.Attribute("href")!.Value).ToList();
        var ids = feed.Descendants(Atom + "id").Select(i => i.Value).ToList();
        Assert.All(links.Concat(ids), value => Assert.DoesNotContain("127.0.0.1", value, StringComparison.Ordinal));
        Assert.All(links, href => Assert.False(Uri.TryCreate(href, UriKind.Absolute, out _), $"{href} is absolute"));

        var alternate = feed.Descendants(Atom + "entry").First().Elements(Atom + "link").First(l => (string?)l.Attribute("rel") == "alternate");
        using var document = await http.GetAsync(new Uri(feedUrl, alternate.Attribute("href")!.Value));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("text/html", document.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The demo publishes in the background: the feed is read until it has an entry (bounded).</summary>
    private static async Task<string> WaitForEntriesAsync(HttpClient http, Uri feedUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var attempt = 0; ; attempt++)
        {
            // A new query each time (a cache-buster, "_" as jQuery's): the gateway keeps public answers for a minute.
            var text = await http.GetStringAsync(new Uri(feedUrl + $"&_={attempt}"));
            if (XDocument.Parse(text).Descendants(Atom + "entry").Any() || DateTime.UtcNow > deadline)
            {
                return text;
            }
            await Task.Delay(200);
        }
    }
}
