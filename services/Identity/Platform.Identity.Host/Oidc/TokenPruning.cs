using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Platform.Identity.Host.Oidc;

/// <summary>
/// Removes what OpenIddict no longer needs — redeemed codes, expired or revoked tokens, and authorizations left without
/// tokens — once they are older than <see cref="IdentityServiceOptions.PruneAfterDays"/>, every
/// <see cref="IdentityServiceOptions.PruneIntervalHours"/>. OpenIddict.Quartz would schedule this; the feed does not serve
/// it, and a timer on the host is all it needs (the managers' own PruneAsync does the work).
/// </summary>
internal sealed partial class TokenPruning(IServiceProvider services, IOptions<IdentityServiceOptions> options, TimeProvider time, ILogger<TokenPruning> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.Value.PruneIntervalHours), time);
        do
        {
            try
            {
                await PruneAsync(time.GetUtcNow() - TimeSpan.FromDays(options.Value.PruneAfterDays), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Prunes tokens and authorizations created before <paramref name="threshold"/>; the numbers removed.</summary>
    public async Task<(long Tokens, long Authorizations)> PruneAsync(DateTimeOffset threshold, CancellationToken token)
    {
        await using var scope = services.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, token);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, token);
        Pruned(logger, tokens, authorizations);
        return (tokens, authorizations);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations")]
    private static partial void Pruned(ILogger logger, long tokens, long authorizations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning tokens failed; it is tried again at the next interval")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
