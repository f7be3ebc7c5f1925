namespace Platform.Performance.Domain.Values;

/// <summary>
/// What an indicator's printed target and actual read as, read once: the audit, the scorer, the comparator check, the cost
/// check and the fit all ask, and reading is most of scoring's time. An indicator's printed cells never change after it is
/// made, and its copy (`with`) gets readings of its own (Indicator's copy constructor), so a reading never outlives its
/// text. Two threads reading at once both parse and store the same result. Not part of what an indicator is: every
/// instance equals every other, so record equality stays that of the printed cells; and only fields hold it, which a
/// stored form's JSON does not carry.
/// </summary>
internal sealed class IndicatorReadings
{
    private ParseResult? _target;
    private ParseResult? _actual;

    public ParseResult? Target(string? text) => text is null ? null : _target ??= IndicatorValueParser.Parse(text);

    public ParseResult? Actual(string? text) => text is null ? null : _actual ??= IndicatorValueParser.Parse(text);

    public override bool Equals(object? obj) => obj is IndicatorReadings;

    public override int GetHashCode() => 0;
}
