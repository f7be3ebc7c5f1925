namespace Platform.Performance.Domain.Values;

/// <summary>
/// What an indicator's printed target and actual read as, read once: the audit, the scorer, the comparator check, the cost
/// check and the fit all ask, and reading is most of scoring's time. Each reading is kept with the text it was read from
/// (one reference, swapped whole, so concurrent readers see a pair or nothing). An indicator's copy gets readings of its
/// own (Indicator's copy constructor). Not part of what an indicator is: every instance equals every other, so record
/// equality stays that of the printed cells; and only fields hold it, which a stored form's JSON does not carry.
/// </summary>
internal sealed class IndicatorReadings
{
    private Entry? _target;
    private Entry? _actual;

    private sealed record Entry(string Text, ParseResult Result);

    public ParseResult? Target(string? text) => Read(text, ref _target);

    public ParseResult? Actual(string? text) => Read(text, ref _actual);

    private static ParseResult? Read(string? text, ref Entry? slot)
    {
        if (text is null)
        {
            return null;
        }
        if (Volatile.Read(ref slot) is { } entry && string.Equals(entry.Text, text, StringComparison.Ordinal))
        {
            return entry.Result;
        }
        var result = IndicatorValueParser.Parse(text);
        Volatile.Write(ref slot, new Entry(text, result));
        return result;
    }

    public override bool Equals(object? obj) => obj is IndicatorReadings;

    public override int GetHashCode() => 0;
}
