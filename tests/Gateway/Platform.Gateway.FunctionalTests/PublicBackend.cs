using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Testing;

namespace Platform.Gateway.FunctionalTests;

/// <summary>
/// A backend with public HTTP reads beside the interop gRPC service, counting what reaches it:
/// /public/v1/doc/{id} answers with the Cache-Control given in ?cc= (default: public, max-age=60) and an ETag.
/// </summary>
internal static class PublicBackend
{
    public static readonly ConcurrentDictionary<string, int> Hits = new();

    public static Task<TestHost> StartAsync() => TestHost.StartAsync(configureApp: app =>
    {
        app.MapGet("/public/v1/doc/{id}", (string id, HttpContext http) =>
        {
            Hits.AddOrUpdate(id, 1, (_, n) => n + 1);
            http.Response.Headers.CacheControl = http.Request.Query["cc"].FirstOrDefault() ?? "public, max-age=60";
            http.Response.Headers.ETag = $"\"{id}-v1\"";
            http.Response.Headers["x-seen-request-id"] = http.Request.Headers["x-request-id"].ToString();
            return Results.Text($"<p>document {id}</p>", "text/html; charset=utf-8");
        });
        // Not idempotent: every arrival counts as applying the change once.
        app.MapPost("/api/v1/apply/{id}", (string id) =>
        {
            Hits.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Results.Text("applied");
        });
    });

    public static int HitsOf(string id) => Hits.GetValueOrDefault(id);
}
