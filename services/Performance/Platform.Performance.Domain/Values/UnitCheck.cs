namespace Platform.Performance.Domain.Values;

/// <summary>A unit problem between an indicator's target and its actual.</summary>
public sealed record UnitFinding(string Code, string Message);

/// <summary>Whether a target and an actual measure the same thing, so that one can be scored against the other.</summary>
public static class UnitCheck
{
    public const string Missing = "UNIT_MISSING";
    public const string Mismatch = "UNIT_MISMATCH";
    public const string Differs = "UNIT_DIFFERS";

    /// <summary>
    /// Null when both quantities are in the same unit (or neither prints one). <see cref="Missing"/>: one side prints a
    /// unit, the other none ("15.99万元" vs "15.99"); <see cref="Mismatch"/>: different things (人 vs 次, 万元 vs %);
    /// <see cref="Differs"/>: the same dimension in another unit ("0.92%" vs "0.92‰": comparable after conversion, and
    /// often a printing error when the digits are the same).
    /// </summary>
    public static UnitFinding? Compare(Quantity target, Quantity actual) => (target.Unit, actual.Unit) switch
    {
        (null, null) => null,
        ({ } t, null) => new UnitFinding(Missing, PerformanceMessages.ActualWithoutUnit(t.ToString(), actual.Text)),
        (null, { } a) => new UnitFinding(Missing, PerformanceMessages.TargetWithoutUnit(a.ToString(), target.Text)),
        var (t, a) when t.ToString() == a.ToString() => null,
        var (t, a) when t!.IsComparableWith(a!) => new UnitFinding(Differs, PerformanceMessages.UnitDiffers(t!.ToString(), a!.ToString())),
        var (t, a) => new UnitFinding(Mismatch, PerformanceMessages.UnitMismatch(t!.ToString(), a!.ToString())),
    };
}
