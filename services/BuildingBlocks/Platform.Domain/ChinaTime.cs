namespace Platform.Domain;

/// <summary>
/// The calendar the bureaus work by: China Standard Time, UTC+8 all year (no daylight saving). A deadline is a date in
/// it — a return submitted at 07:00 UTC on the day after the deadline is late, one at 15:00 UTC on the deadline is not —
/// so "today" and "late" are worked out in it everywhere, never from the server's UTC date.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The date in China at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);
}
