namespace Platform.Domain;

/// <summary>
/// Base of every error a domain rule raises. Hosts translate these into transport statuses in
/// one place (see Platform.Grpc's ExceptionStatusMapper); domain code never names a status code.
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(string message) : base(message) { }
}

/// <summary>One invalid input: the field path (as the caller spelled it, e.g. "rows[3].amount") and why.</summary>
public sealed record FieldError(string Field, string Reason, string? Code = null);

/// <summary>The input is invalid; nothing was written. Carries every field error found, not just the first.</summary>
public sealed class ValidationException : DomainException
{
    public ValidationException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("A validation failure needs at least one field error.", nameof(errors));
        }
        Errors = errors;
    }

    public ValidationException(string field, string reason, string? code = null)
        : this([new FieldError(field, reason, code)]) { }

    public IReadOnlyList<FieldError> Errors { get; }

    private static string Describe(IReadOnlyList<FieldError> errors) =>
        errors.Count == 1
            ? Messages.AtField(errors[0].Field, errors[0].Reason)
            : Messages.InvalidFields(errors.Count, errors.Select(e => Messages.AtField(e.Field, e.Reason)));
}

/// <summary>The entity asked for does not exist (as of the requested fiscal year, where that applies).</summary>
public sealed class NotFoundException : DomainException
{
    public NotFoundException(string entity, string key)
        : base(Messages.NotFound(entity, key))
    {
        Entity = entity;
        Key = key;
    }

    /// <summary>Not found as of <paramref name="fiscalYear"/> (the message names the year beside the key).</summary>
    public NotFoundException(string entity, string key, int fiscalYear)
        : base(Messages.NotFound(entity, key, fiscalYear))
    {
        Entity = entity;
        Key = key;
        FiscalYear = fiscalYear;
    }

    public string Entity { get; }
    public string Key { get; }
    public int? FiscalYear { get; }
}

/// <summary>The change collides with existing state (duplicate code, stale version).</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>The state does not allow the operation (e.g. editing a closed fiscal year).</summary>
public sealed class PreconditionFailedException(string message) : DomainException(message);

/// <summary>The caller's role or jurisdiction does not cover the target.</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>The entity changed since the caller read it (optimistic concurrency); re-read and retry.</summary>
public sealed class ConcurrencyConflictException(string message) : DomainException(message);
