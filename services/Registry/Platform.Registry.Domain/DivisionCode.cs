using Platform.Domain;

namespace Platform.Registry.Domain;

public enum DivisionLevel
{
    /// <summary>省级: the autonomous region (650000).</summary>
    Province,
    /// <summary>地级: prefecture, autonomous prefecture or prefecture-level city (650100, 652300).</summary>
    Prefecture,
    /// <summary>县级: county, county-level city, district (652301), and development zones given a code at this level.</summary>
    County,
}

/// <summary>
/// A 6-digit administrative division code (GB/T 2260): digits 1-2 the province-level region, 3-4 the
/// prefecture or city, 5-6 the county or district; trailing "00" pairs mark the higher levels.
/// </summary>
public readonly record struct DivisionCode
{
    private DivisionCode(string value) => Value = value;

    public string Value { get; }

    public DivisionLevel Level => Value.EndsWith("0000", StringComparison.Ordinal) ? DivisionLevel.Province
        : Value.EndsWith("00", StringComparison.Ordinal) ? DivisionLevel.Prefecture
        : DivisionLevel.County;

    /// <summary>The code of the level above by the code's own structure (null for a province).</summary>
    public DivisionCode? StructuralParent => Level switch
    {
        DivisionLevel.Province => null,
        DivisionLevel.Prefecture => new DivisionCode(Value[..2] + "0000"),
        _ => new DivisionCode(Value[..4] + "00"),
    };

    public override string ToString() => Value;

    public static DivisionCode Parse(string? text, string field = "region_code")
    {
        var value = (text ?? "").Trim();
        if (value.Length != 6 || !value.AsSpan().ContainsOnlyDigits())
        {
            throw new ValidationException(field, RegistryMessages.InvalidDivisionCode(value), "INVALID_DIVISION_CODE");
        }
        // The first two digits name a province-level division of GB/T 2260 (reference-data/provinces.json), or the code
        // names no place ("00", "99").
        if (Provinces.NameOf(value) is null)
        {
            throw new ValidationException(field, RegistryMessages.NoProvinceInDivisionCode(value), "INVALID_DIVISION_CODE");
        }
        return new DivisionCode(value);
    }
}
