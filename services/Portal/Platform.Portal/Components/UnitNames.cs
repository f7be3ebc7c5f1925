namespace Platform.Portal.Components;

/// <summary>
/// The units named on one page (its header, heading and captions name the same unit): the registry is asked once per
/// unit and year per request, not once per mention.
/// </summary>
internal sealed class UnitNames
{
    private readonly Dictionary<(string UnitId, int Year), Task<string>> _asked = [];

    public Task<string> GetAsync(string unitId, int year, Func<string, int, Task<string>> ask)
    {
        if (!_asked.TryGetValue((unitId, year), out var name))
        {
            name = ask(unitId, year);
            _asked[(unitId, year)] = name;
        }
        return name;
    }
}
