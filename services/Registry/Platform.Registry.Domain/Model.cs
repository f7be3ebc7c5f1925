namespace Platform.Registry.Domain;

public enum RegionKind
{
    AutonomousRegion,
    Prefecture,
    City,
    County,
    District,
    /// <summary>高新区, 经开区: administer units like a county-level region.</summary>
    DevelopmentZone,
}

/// <summary>An administrative region or development zone. Regions form a tree through ParentCode.</summary>
public sealed record Region(DivisionCode Code, string Name, RegionKind Kind, DivisionCode? ParentCode);

/// <summary>单位性质.</summary>
public enum UnitNature
{
    /// <summary>行政单位.</summary>
    Administrative,
    /// <summary>参照公务员法管理事业单位 (参公).</summary>
    CivilServiceManaged,
    /// <summary>事业单位.</summary>
    PublicInstitution,
}

public static class UnitNatureText
{
    public static string ToChinese(this UnitNature nature) => nature switch
    {
        UnitNature.Administrative => "行政单位",
        UnitNature.CivilServiceManaged => "参照公务员法管理事业单位",
        _ => "事业单位",
    };

    public static bool TryParse(string? text, out UnitNature nature)
    {
        switch ((text ?? "").Trim())
        {
            case "行政单位":
            case "Administrative":
                nature = UnitNature.Administrative;
                return true;
            case "参照公务员法管理事业单位":
            case "参公":
            case "CivilServiceManaged":
                nature = UnitNature.CivilServiceManaged;
                return true;
            case "事业单位":
            case "PublicInstitution":
                nature = UnitNature.PublicInstitution;
                return true;
            default:
                nature = default;
                return false;
        }
    }
}

public enum UnitStatus
{
    Active,
    /// <summary>Merged into another unit (see <see cref="UnitVersion.SuccessorIds"/>).</summary>
    Merged,
    /// <summary>Split into other units (see <see cref="UnitVersion.SuccessorIds"/>).</summary>
    Split,
    Dissolved,
}

/// <summary>What a unit is from fiscal year <see cref="FromYear"/> until the next version.</summary>
public sealed record UnitVersion(
    int FromYear,
    string Name,
    DivisionCode RegionCode,
    string? ParentId,
    UnitNature Nature,
    IReadOnlyList<string> Functions,
    IReadOnlyList<string> Sections,
    UnitStatus Status = UnitStatus.Active,
    IReadOnlyList<string>? SuccessorIds = null)
{
    public bool IsActive => Status == UnitStatus.Active;
}

/// <summary>Staffing of one unit for one fiscal year: 编制 and 实有人数 = 在职 + 离休 + 退休 (the split when known).</summary>
public sealed record Staffing(int? AuthorizedPosts, int ActualTotal, int? InService, int? RetiredLixiu, int? Retired);

public enum ReorganizationKind
{
    Merge,
    Split,
    Rename,
    Transfer,
    Dissolve,
}

/// <summary>A reorganization with its before → after mapping (unit ids), effective from a fiscal year.</summary>
public sealed record Reorganization(ReorganizationKind Kind, int EffectiveYear, IReadOnlyList<string> Before, IReadOnlyList<string> After, string Note);
