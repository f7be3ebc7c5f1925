namespace Platform.Domain;

/// <summary>
/// Every free-text field a person types has a declared maximum, checked where the domain accepts it: a note of why a
/// figure changed, a review comment, the reason of a vehicle movement. The limits are generous for prose and small
/// enough that no text can swell a row, an audit trail or an event.
/// </summary>
public static class FreeText
{
    /// <summary>A short note (why a draft changed, a movement's reason).</summary>
    public const int NoteLength = 500;

    /// <summary>Prose a reviewer or a clerk writes at a cell (a review comment, an explanation).</summary>
    public const int ProseLength = 2000;

    /// <summary>The trimmed text (null when empty), or a field error when longer than <paramref name="max"/> characters.</summary>
    public static string? Check(string? text, int max, string field)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > max)
        {
            throw new ValidationException(field, Messages.TooLong(trimmed.Length, max), "TOO_LONG");
        }
        return trimmed;
    }
}
