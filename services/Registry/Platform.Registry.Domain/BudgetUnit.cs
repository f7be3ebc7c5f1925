namespace Platform.Registry.Domain;

/// <summary>
/// A budget unit (预算单位) with its whole history: one <see cref="UnitVersion"/> per change, each valid from
/// its fiscal year until the next. Every question is asked "as of" a fiscal year.
/// </summary>
public sealed class BudgetUnit
{
    private readonly List<UnitVersion> _versions = [];
    private readonly SortedDictionary<int, Staffing> _staffing = [];

    internal BudgetUnit(string id, CreditCode creditCode, UnitVersion first)
    {
        Id = id;
        CreditCode = creditCode;
        _versions.Add(first);
    }

    public string Id { get; }

    public CreditCode CreditCode { get; }

    public IReadOnlyList<UnitVersion> Versions => _versions;

    public IReadOnlyDictionary<int, Staffing> Staffing => _staffing;

    public int FirstYear => _versions[0].FromYear;

    /// <summary>
    /// Counts every change of the unit (1 when registered). Events carry it, so a consumer can order two
    /// changes of the same fiscal year whatever order they arrive in.
    /// </summary>
    public long Revision { get; private set; } = 1;

    /// <summary>The unit as it was in <paramref name="year"/>, or null if it did not exist yet.</summary>
    public UnitVersion? AsOf(int year)
    {
        UnitVersion? found = null;
        foreach (var version in _versions)
        {
            if (version.FromYear > year)
            {
                break;
            }
            found = version;
        }
        return found;
    }

    /// <summary>Active (neither merged, split nor dissolved) in <paramref name="year"/>.</summary>
    public bool IsActiveIn(int year) => AsOf(year)?.IsActive == true;

    /// <summary>
    /// Records a change from <paramref name="version"/>.FromYear on. A change in the year of the latest
    /// version replaces it; earlier years are history and stay as they were.
    /// </summary>
    internal void Apply(UnitVersion version)
    {
        var last = _versions[^1];
        if (version.FromYear < last.FromYear)
        {
            throw new InvalidOperationException($"Unit {Id} already changed in {last.FromYear}; a change from {version.FromYear} would rewrite history.");
        }
        if (version.FromYear == last.FromYear)
        {
            _versions[^1] = version;
        }
        else
        {
            _versions.Add(version);
        }
        Revision++;
    }

    internal void SetStaffing(int year, Staffing staffing)
    {
        _staffing[year] = staffing;
        Revision++;
    }

    /// <summary>Rebuilds a unit from stored history (persistence).</summary>
    public static BudgetUnit Restore(string id, CreditCode creditCode, IEnumerable<UnitVersion> versions, IEnumerable<KeyValuePair<int, Staffing>> staffing, long revision)
    {
        var ordered = versions.OrderBy(v => v.FromYear).ToList();
        var unit = new BudgetUnit(id, creditCode, ordered[0]);
        foreach (var version in ordered.Skip(1))
        {
            unit._versions.Add(version);
        }
        foreach (var (year, value) in staffing)
        {
            unit._staffing[year] = value;
        }
        unit.Revision = revision;
        return unit;
    }
}
