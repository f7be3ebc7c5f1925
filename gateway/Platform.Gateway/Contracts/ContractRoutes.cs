using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Platform.Gateway.Caching;
using Platform.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;

namespace Platform.Gateway.Contracts;

/// <summary>
/// The gateway's route table, generated from the contracts (<see cref="ContractCatalog"/>) instead of written out: one
/// definition of every rpc, from which YARP routes are made for each audience. For every service whose cluster is
/// configured (ReverseProxy:Clusters:{cluster}):
/// - gRPC: /{package.Service}/{method} for signed-in users (policy "portal"), and each public rpc's exact path anonymously;
/// - JSON: each google.api.http binding under /api/county, /api/prefecture and /api/city (policy of that portal, the
///   prefix removed before forwarding to the service's own JSON route), and each public rpc's GET bindings under
///   /api/public, anonymously, cacheable for the rpc's declared cache_seconds.
/// Routes of the configuration (ReverseProxy:Routes, gateway.routes.json) sit beside these: the plain-HTTP public
/// formats, or a deployment's own route with, say, a Timeout.
/// </summary>
internal sealed class ContractRoutes(ContractCatalog catalog, IConfiguration configuration) : IProxyConfigProvider
{
    public const string RpcKey = "Rpc";
    public const string BindingKey = "Binding";
    public const string AudienceKey = "Audience";

    /// <summary>The portals' route sets, named by the level of government whose offices use them.</summary>
    public static readonly IReadOnlyList<(string Name, string Policy)> Portals =
    [
        ("county", GatewayPolicies.CountyPortal),
        ("prefecture", GatewayPolicies.PrefecturePortal),
        ("city", GatewayPolicies.CityPortal),
    ];

    public const string PublicAudience = "public";

    private IProxyConfig? _config;

    public IProxyConfig GetConfig() => _config ??= new Snapshot(Build());

    internal IReadOnlyList<RouteConfig> Build()
    {
        var routes = new List<RouteConfig>();
        var served = catalog.All.Where(r => configuration.GetSection($"ReverseProxy:Clusters:{r.Cluster}").Exists()).ToList();
        foreach (var service in served.GroupBy(r => (r.Method.Service.FullName, r.Cluster)))
        {
            routes.Add(new RouteConfig
            {
                RouteId = $"grpc:{service.Key.FullName}",
                ClusterId = service.Key.Cluster,
                Match = new RouteMatch { Path = $"/{service.Key.FullName}/{{method}}", Methods = ["POST"] },
                AuthorizationPolicy = GatewayPolicies.Portal,
                RateLimiterPolicy = GatewayPolicies.Portal,
                CorsPolicy = GatewayCors.Portals,
                Metadata = new Dictionary<string, string> { [AudienceKey] = "portals" },
            });
        }
        foreach (var rpc in served)
        {
            if (rpc.Public)
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"grpc-public:{rpc.Path}",
                    ClusterId = rpc.Cluster,
                    Match = new RouteMatch { Path = rpc.Path, Methods = ["POST"] },
                    AuthorizationPolicy = "Anonymous",
                    RateLimiterPolicy = GatewayPolicies.Public,
                    CorsPolicy = GatewayCors.Public,
                    Metadata = new Dictionary<string, string> { [AudienceKey] = PublicAudience, [RpcKey] = rpc.Path },
                });
            }
            foreach (var binding in rpc.Bindings)
            {
                foreach (var (portal, policy) in Portals)
                {
                    routes.Add(Json(rpc, binding, portal, policy, GatewayPolicies.Portal, GatewayCors.Portals));
                }
                if (rpc.Public && binding.Verb == "GET")
                {
                    var route = Json(rpc, binding, PublicAudience, "Anonymous", GatewayPolicies.Public, GatewayCors.Public);
                    // HEAD as GET (RFC 9110 §9.3.2): a site checks a public read's headers without its body. The service's JSON
                    // route knows GET only, so the gateway asks it with GET; Kestrel sends no body in answer to a HEAD.
                    IReadOnlyList<IReadOnlyDictionary<string, string>> transforms =
                        [.. route.Transforms!, new Dictionary<string, string> { ["HttpMethodChange"] = "HEAD", ["Set"] = "GET" }];
                    routes.Add(route with
                    {
                        Match = route.Match with { Methods = ["GET", "HEAD"] },
                        OutputCachePolicy = PublicReadPolicy.Tag,
                        Transforms = rpc.CacheSeconds > 0
                            ? [.. transforms, new Dictionary<string, string>
                            {
                                ["ResponseHeader"] = "Cache-Control",
                                // Browsers keep it for the contract's lifetime; the gateway does not (s-maxage=0): a public
                                // rpc may answer "the latest", which a publication replaces at once on every replica.
                                ["Set"] = $"public, max-age={rpc.CacheSeconds.ToString(CultureInfo.InvariantCulture)}, s-maxage=0",
                                ["When"] = "Success",
                            }]
                            : transforms,
                    });
                }
            }
        }
        return routes;
    }

    private static RouteConfig Json(Rpc rpc, HttpBinding binding, string audience, string authorization, string rateLimiter, string cors) => new()
    {
        RouteId = $"json-{audience}:{rpc.Path}:{binding.Index}",
        ClusterId = rpc.Cluster,
        Match = new RouteMatch { Path = $"/api/{audience}{binding.RouteTemplate}", Methods = [binding.Verb] },
        AuthorizationPolicy = authorization,
        RateLimiterPolicy = rateLimiter,
        CorsPolicy = cors,
        Metadata = new Dictionary<string, string>
        {
            [AudienceKey] = audience,
            [RpcKey] = rpc.Path,
            [BindingKey] = binding.Index.ToString(CultureInfo.InvariantCulture),
        },
        Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = $"/api/{audience}" }],
    };

    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = [];

        /// <summary>Contracts are compiled in: the table never changes while the gateway runs.</summary>
        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
    }
}
