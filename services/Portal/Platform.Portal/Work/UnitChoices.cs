using Grpc.Core;
using Platform.Domain;
using Platform.Portal.Gateway;

namespace Platform.Portal.Work;

/// <summary>A unit typed or chosen in a form's box, resolved: its code, or why it could not be (said by name).</summary>
internal sealed record UnitChoice(string? UnitId, string? Problem);

/// <summary>
/// A unit chosen in a form by name (the unit a vehicle goes to, a clerk's unit): suggestions "名称（code）" offered as the
/// person types, and what they typed resolved to a unit — the registry through the gateway, within the caller's
/// jurisdiction as the registry scopes its search.
/// </summary>
internal sealed class UnitChoices(PortalApi api)
{
    /// <summary>
    /// The active units of the caller's jurisdiction that year, by name: the registry search's first page — a unit beyond
    /// it is found by name when sent (<see cref="ResolveAsync"/>). Empty when the registry cannot answer: the box still takes
    /// a name or a code.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ActiveAsync(int year)
    {
        try
        {
            var found = await api.Registry.SearchUnitsAsync(new Platform.Registry.V1.SearchUnitsRequest { AsOfYear = year, PageSize = 500 }, await api.AsSignedInAsync());
            return [.. found.Units.Where(u => u.Status == "ACTIVE").Select(u => (u.Id, u.Name)).OrderBy(u => u.Name, StringComparer.Ordinal)];
        }
        catch (RpcException)
        {
            return [];
        }
    }

    /// <summary>
    /// The unit typed or chosen: the suggestion's own form ("乌鲁木齐市应急管理局（urumqi-emergency）"), a code as it stands
    /// (the service judges it), or a name — looked up in the registry by name (brackets full- or half-width alike), one
    /// active unit of that name in the caller's jurisdiction. A name no unit has, or several have, is a problem said by
    /// name; a registry that cannot answer leaves the text to the service.
    /// </summary>
    public async Task<UnitChoice> ResolveAsync(string typed, int year)
    {
        var text = typed.Trim();
        if (SuggestedId(text) is { } id)
        {
            return new(id, null);
        }
        if (UnitIds.IsValid(text))
        {
            return new(text, null);
        }
        try
        {
            // Searched by the name's part before any bracket: the registry matches text as stored, and a name typed with
            // half-width brackets must find the one stored with full-width ones (compared folded below).
            var query = text.Split(['(', '（'], 2)[0].Trim() is { Length: > 0 } head ? head : text;
            var found = await api.Registry.SearchUnitsAsync(new Platform.Registry.V1.SearchUnitsRequest { Query = query, AsOfYear = year, PageSize = 50 }, await api.AsSignedInAsync());
            return found.Units.Where(u => u.Status == "ACTIVE" && PrintedName.Same(u.Name, text)).ToList() switch
            {
                [var one] => new(one.Id, null),
                [] => new(null, $"没有名为“{text}”的单位：请输入单位名称并从列表中选择"),
                _ => new(null, $"有多个名为“{text}”的单位：请从列表中选择（列表中附有单位编码）"),
            };
        }
        catch (RpcException)
        {
            return new(text, null);
        }
    }

    /// <summary>The code inside a suggestion "名称（code）", or null.</summary>
    public static string? SuggestedId(string text) =>
        text.EndsWith('）') && text.LastIndexOf('（') is var open and > 0 && UnitIds.IsValid(text[(open + 1)..^1]) ? text[(open + 1)..^1] : null;

    /// <summary>A unit as a suggestion shows it, and as <see cref="SuggestedId"/> reads it back.</summary>
    public static string Suggestion((string Id, string Name) unit) => $"{unit.Name}（{unit.Id}）";
}
