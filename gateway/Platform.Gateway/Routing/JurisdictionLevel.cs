namespace Platform.Gateway.Routing;

/// <summary>The level of government an administrative division code denotes, and so the portal its offices use.</summary>
internal enum JurisdictionLevel
{
    None,
    /// <summary>Province-level: 650000 (the autonomous region). Oversees every portal.</summary>
    Region,
    /// <summary>Prefecture-level city (地级市): 650100 乌鲁木齐市; its districts are counties below it.</summary>
    City,
    /// <summary>Prefecture, autonomous prefecture or league (地区、自治州、盟): 652300 昌吉回族自治州.</summary>
    Prefecture,
    /// <summary>County-level: county, district, county-level city, development zone (652301, 650104).</summary>
    County,
}

internal static class JurisdictionLevels
{
    /// <summary>
    /// GB/T 2260's numbering: digits 3-4 are 00 for the province level; 01-20 and 51-70 for prefecture-level cities,
    /// 21-50 for prefectures, autonomous prefectures and leagues, 90 for county-level units the province administers
    /// directly (their codes, 659001 石河子市, are county-level); digits 5-6 are 00 for the prefecture level itself.
    /// </summary>
    public static JurisdictionLevel Of(string? code)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return JurisdictionLevel.None;
        }
        var prefecture = int.Parse(code.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture);
        var county = code.AsSpan(4, 2);
        if (prefecture == 0)
        {
            return county is "00" ? JurisdictionLevel.Region : JurisdictionLevel.None;
        }
        if (county is not "00")
        {
            return JurisdictionLevel.County;
        }
        return prefecture switch
        {
            <= 20 or (>= 51 and <= 70) => JurisdictionLevel.City,
            <= 50 => JurisdictionLevel.Prefecture,
            _ => JurisdictionLevel.None,
        };
    }
}
