using MassTransit;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Persistence;

namespace Platform.Messaging;

/// <summary>
/// Which bus: RabbitMQ (Messaging__RabbitMq = amqp://user:pass@host:port/vhost) or in-process.
/// EndpointPrefix (Messaging__EndpointPrefix) separates queues of environments sharing a broker.
/// </summary>
public sealed record MessagingOptions(Uri? RabbitMq, string? EndpointPrefix = null)
{
    /// <summary>Read when the host is built (it decides which bus to register); a bad address stops the start-up naming the setting.</summary>
    public static MessagingOptions From(IConfiguration configuration)
    {
        Uri? rabbit = null;
        if (configuration["Messaging:RabbitMq"] is { Length: > 0 } text
            && (!Uri.TryCreate(text, UriKind.Absolute, out rabbit) || rabbit.Scheme is not ("amqp" or "amqps")))
        {
            throw new InvalidOperationException("Messaging__RabbitMq must be an amqp:// or amqps:// address (amqp://user:password@host:5672/vhost).");
        }
        return new(rabbit, configuration["Messaging:EndpointPrefix"]);
    }
}

public static class MessagingExtensions
{
    /// <summary>
    /// Integration events for a service whose database is <typeparamref name="TContext"/>: its outbox
    /// dispatcher, the bus (RabbitMQ when configured, otherwise the in-process mediator) and its consumers.
    /// </summary>
    public static IServiceCollection AddPlatformMessaging<TContext>(
        this IServiceCollection services,
        MessagingOptions options,
        Action<EventTypeRegistry> events,
        Action<IRegistrationConfigurator>? consumers = null,
        Action<OutboxOptions>? outbox = null)
        where TContext : PlatformDbContext
    {
        // One process may host several services (the embedded default): they share one type registry, one bus
        // and one outbox signal; each service adds its event types, its own dispatcher and its consumers.
        var setup = services.FirstOrDefault(d => d.ServiceType == typeof(MessagingSetup))?.ImplementationInstance as MessagingSetup;
        if (setup is null)
        {
            setup = new MessagingSetup(options);
            services.AddSingleton(setup);
            services.AddSingleton(setup.Events);
            var outboxOptions = new OutboxOptions();
            outbox?.Invoke(outboxOptions);
            services.AddSingleton(outboxOptions);
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<OutboxSignal>();
            services.AddSingleton<IInterceptor, OutboxSaveChangesInterceptor>();
            if (options.RabbitMq is null)
            {
                services.AddScoped<IEventPublisher, MediatorEventPublisher>();
            }
            else
            {
                services.AddScoped<IEventPublisher, BusEventPublisher>();
            }
        }
        else if (setup.Options != options)
        {
            throw new InvalidOperationException(
                $"{typeof(TContext).Name}: messaging options differ from those of a service already in this process ({setup.Options} vs {options}); one process has one bus.");
        }
        events(setup.Events);
        services.AddHostedService<OutboxDispatcher<TContext>>();
        if (consumers is not null || setup.BusDescriptors is null)
        {
            if (consumers is not null)
            {
                setup.Consumers.Add(consumers);
            }
            RegisterBus(services, setup);
        }
        return services;
    }

    /// <summary>
    /// MassTransit registers its bus (or mediator) once per container, with every consumer known at that moment.
    /// When a later service in the same process brings consumers, the bus registration made so far is taken out
    /// (exactly the descriptors it added) and made again with every service's consumers. A composition-root call
    /// after all services would avoid this, but then every host and test builder would have to remember it.
    /// </summary>
    private static void RegisterBus(IServiceCollection services, MessagingSetup setup)
    {
        if (setup.BusDescriptors is { } previous)
        {
            foreach (var descriptor in previous)
            {
                services.Remove(descriptor);
            }
        }
        var before = new HashSet<ServiceDescriptor>(services, ReferenceEqualityComparer.Instance);
        var options = setup.Options;
        if (options.RabbitMq is { } uri)
        {
            // The host counts as started only once the bus is connected and its queues are bound; otherwise
            // the first events could reach an exchange before this service's own queues exist.
            services.Configure<MassTransitHostOptions>(o =>
            {
                o.WaitUntilStarted = true;
                o.StartTimeout = TimeSpan.FromSeconds(60);
                o.StopTimeout = TimeSpan.FromSeconds(30);
            });
            services.AddMassTransit(x =>
            {
                x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, includeNamespace: false));
                setup.Consumers.ForEach(c => c(x));
                x.UsingRabbitMq((context, cfg) =>
                {
                    var (user, password) = Credentials(uri);
                    var vhost = uri.AbsolutePath.Trim('/') is { Length: > 0 } v ? Uri.UnescapeDataString(v) : "/";
                    cfg.Host(uri.Host, (ushort)(uri.Port > 0 ? uri.Port : 5672), vhost, h =>
                    {
                        h.Username(user);
                        h.Password(password);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            });
        }
        else
        {
            services.AddMediator(x => setup.Consumers.ForEach(c => c(x)));
        }
        setup.BusDescriptors = services.Where(d => !before.Contains(d)).ToList();
    }

    private static (string User, string Password) Credentials(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}

/// <summary>What the services of one process registered for messaging: one bus, every service's consumers.</summary>
internal sealed class MessagingSetup(MessagingOptions options)
{
    public MessagingOptions Options { get; } = options;

    public EventTypeRegistry Events { get; } = new();

    public List<Action<IRegistrationConfigurator>> Consumers { get; } = [];

    /// <summary>The descriptors the last bus registration added (null before the first).</summary>
    public List<ServiceDescriptor>? BusDescriptors { get; set; }
}

/// <summary>
/// Signals the context's dispatcher when outbox rows were committed, so events leave without waiting for a poll: after
/// a save outside an explicit transaction (committed by the save itself), or when an explicit transaction commits
/// (signalling at the save would wake the dispatcher before the rows are visible, and it would sleep a poll interval).
/// </summary>
internal sealed class OutboxSaveChangesInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Stateless (one instance serves every context): after a save, rows just added are tracked as
    // Unchanged and still unpublished.
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            NotifyIfPending(context);
        }
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            NotifyIfPending(context);
        }
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            NotifyIfPending(context);
        }
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            NotifyIfPending(context);
        }
    }

    private void NotifyIfPending(DbContext context)
    {
        if (context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.PublishedAt is null))
        {
            signal.Notify(context.GetType());
        }
    }
}
