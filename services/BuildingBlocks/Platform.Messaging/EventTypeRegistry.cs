using System.Text.Json;
using Platform.Persistence;

namespace Platform.Messaging;

/// <summary>
/// The event contracts a service publishes, by stable name (the CLR full name of the past-tense record,
/// e.g. "Platform.Events.V1.UnitRegistered"). Outbox rows store the name, never an assembly-qualified
/// type, and the dispatcher resolves only registered names.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    public EventTypeRegistry Add<TEvent>() where TEvent : class => Add(typeof(TEvent));

    public EventTypeRegistry Add(Type type)
    {
        _byName[NameOf(type)] = type;
        return this;
    }

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    public bool TryResolve(string name, out Type type) => _byName.TryGetValue(name, out type!);
}

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds an event to the outbox of <paramref name="db"/>: it is committed by the same SaveChanges
    /// (and transaction) as the state change that raised it, and published after the commit.
    /// </summary>
    public static Guid AddEvent<TEvent>(this PlatformDbContext db, TEvent @event, DateTimeOffset occurredAt) where TEvent : class
    {
        // The runtime type, not TEvent: events are often handled as object or a base type.
        var type = @event.GetType();
        var id = Guid.CreateVersion7(occurredAt);
        db.OutboxMessages.Add(new OutboxMessage(id, EventTypeRegistry.NameOf(type), JsonSerializer.Serialize(@event, type, Json), occurredAt));
        return id;
    }
}
