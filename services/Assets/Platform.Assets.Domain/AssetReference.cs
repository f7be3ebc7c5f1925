using System.Text.Json;
using Platform.Domain;

namespace Platform.Assets.Domain;

/// <summary>An official-vehicle category: its code, its name, the F03 row it is counted in and the other spellings publications use.</summary>
public sealed record VehicleCategory(string Code, string Name, string Row, IReadOnlyList<string> Aliases)
{
    public bool IsCalled(string text)
    {
        var t = Normalize(text);
        return t == Code || t == Normalize(Name) || Aliases.Any(a => Normalize(a) == t);
    }

    /// <summary>Publications mix full-width and half-width brackets and slashes.</summary>
    internal static string Normalize(string s) => s.Trim().Replace('（', '(').Replace('）', ')').Replace('／', '/');
}

/// <summary>
/// A fixed-asset category (资产分类) of a snapshot. <see cref="Holds"/>: the inventory's own figures its value includes —
/// "buildings" (房屋原值 within 房屋及构筑物), "equipment" (the register of equipment of a million and more within 通用设备 and
/// 专用设备), "vehicles" (车辆 within 通用设备) — so a part above what holds it is said (data: a region's classification may differ).
/// </summary>
public sealed record AssetCategory(string Code, string Name, IReadOnlyList<string> Holds)
{
    /// <summary>The figures a category may hold.</summary>
    public static readonly IReadOnlyList<string> HoldableFigures = ["buildings", "equipment", "vehicles"];
}

/// <summary>A unit's vehicle quota per category from a fiscal year on.</summary>
public sealed record VehicleQuota(string UnitId, int FromYear, IReadOnlyDictionary<string, int> Categories);

/// <summary>Thresholds of the reconciliation.</summary>
public sealed record ReconciliationSettings(decimal OperatingCostFactor, int MinimumUnits, decimal AmountTolerance);

/// <summary>
/// What changes by year or region, as data (reference-data/): vehicle and asset categories by fiscal year, the units'
/// vehicle quotas, the reconciliation's thresholds. Loading checks every field and names the file.
/// </summary>
public sealed class AssetReference
{
    private readonly IReadOnlyList<(int FromYear, IReadOnlyList<VehicleCategory> Categories)> _vehicleCategories;
    private readonly IReadOnlyList<(int FromYear, IReadOnlyList<AssetCategory> Categories)> _assetCategories;

    private AssetReference(
        IReadOnlyList<(int, IReadOnlyList<VehicleCategory>)> vehicles, IReadOnlyList<(int, IReadOnlyList<AssetCategory>)> assets,
        IReadOnlyList<VehicleQuota> quotas, ReconciliationSettings settings)
    {
        _vehicleCategories = vehicles;
        _assetCategories = assets;
        Quotas = quotas;
        Reconciliation = settings;
    }

    public IReadOnlyList<VehicleQuota> Quotas { get; }

    public ReconciliationSettings Reconciliation { get; }

    public IReadOnlyList<VehicleCategory> VehicleCategories(int fiscalYear) =>
        _vehicleCategories.Where(c => c.FromYear <= fiscalYear).OrderByDescending(c => c.FromYear).Select(c => c.Categories).FirstOrDefault()
        ?? throw new ValidationException("fiscal_year", AssetsMessages.NoVehicleCategories(fiscalYear), "UNSUPPORTED_YEAR");

    public IReadOnlyList<AssetCategory> AssetCategories(int fiscalYear) =>
        _assetCategories.Where(c => c.FromYear <= fiscalYear).OrderByDescending(c => c.FromYear).Select(c => c.Categories).FirstOrDefault()
        ?? throw new ValidationException("fiscal_year", AssetsMessages.NoAssetCategories(fiscalYear), "UNSUPPORTED_YEAR");

    /// <summary>The category a text names in a year (code, name or a publication's spelling), or a field error listing the year's categories.</summary>
    public VehicleCategory VehicleCategory(string text, int fiscalYear, string field)
    {
        var categories = VehicleCategories(fiscalYear);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(field, AssetsMessages.CategoryRequired(categories.Select(c => c.Name)), "REQUIRED");
        }
        return categories.FirstOrDefault(c => c.IsCalled(text))
            ?? throw new ValidationException(field, AssetsMessages.UnknownVehicleCategory(text, fiscalYear, categories.Select(c => c.Name)), "UNKNOWN_CATEGORY");
    }

    /// <summary>The unit's quota in force in a fiscal year, or null where none is set.</summary>
    public VehicleQuota? QuotaFor(string unitId, int fiscalYear) =>
        Quotas.Where(q => q.UnitId == unitId && q.FromYear <= fiscalYear).OrderByDescending(q => q.FromYear).FirstOrDefault();

    public static AssetReference LoadShipped()
    {
        var assembly = typeof(AssetReference).Assembly;
        JsonDocument Open(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
            return JsonDocument.Parse(stream);
        }
        using var categories = Open("reference-data/categories.json");
        using var quotas = Open("reference-data/quotas.json");
        return Read(categories.RootElement, quotas.RootElement);
    }

    /// <summary>A deployment's own directory (categories.json, quotas.json): a region's quotas or a new classification without a rebuild.</summary>
    public static AssetReference LoadDirectory(string directory)
    {
        using var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "categories.json")));
        using var quotas = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "quotas.json")));
        return Read(categories.RootElement, quotas.RootElement);
    }

    private static AssetReference Read(JsonElement categories, JsonElement quotas)
    {
        const string file = "categories.json";
        var vehicles = Array(categories, "vehicleCategories", file).Select((v, i) => (Year(v, $"{file}: vehicleCategories[{i}]"),
            (IReadOnlyList<VehicleCategory>)Array(v, "categories", $"{file}: vehicleCategories[{i}]").Select((c, j) => new VehicleCategory(
                Str(c, "code", $"{file}: vehicleCategories[{i}].categories[{j}]"), Str(c, "name", $"{file}: vehicleCategories[{i}].categories[{j}]"),
                Str(c, "row", $"{file}: vehicleCategories[{i}].categories[{j}]"),
                c.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [])).ToList())).ToList();
        var assets = Array(categories, "assetCategories", file).Select((v, i) => (Year(v, $"{file}: assetCategories[{i}]"),
            (IReadOnlyList<AssetCategory>)Array(v, "categories", $"{file}: assetCategories[{i}]").Select((c, j) => new AssetCategory(
                Str(c, "code", $"{file}: assetCategories[{i}].categories[{j}]"), Str(c, "name", $"{file}: assetCategories[{i}].categories[{j}]"),
                Holds(c, $"{file}: assetCategories[{i}].categories[{j}].holds"))).ToList())).ToList();
        var r = categories.TryGetProperty("reconciliation", out var rec) ? rec : throw new ValidationException($"{file}: reconciliation", Messages.Required);
        var settings = new ReconciliationSettings(Num(r, "operatingCostFactor", file), (int)Num(r, "minimumUnits", file), Num(r, "amountTolerance", file));
        var quotaList = Array(quotas, "quotas", "quotas.json").Select((q, i) =>
        {
            var at = $"quotas.json: quotas[{i}]";
            var cats = q.TryGetProperty("categories", out var c) && c.ValueKind == JsonValueKind.Object
                ? c.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32())
                : throw new ValidationException($"{at}.categories", "is required (an object of category code → vehicles)");
            foreach (var code in cats.Keys.Where(k => !vehicles.SelectMany(v => v.Item2).Any(v => v.Code == k)))
            {
                throw new ValidationException($"{at}.categories.{code}", "is not a vehicle category code");
            }
            return new VehicleQuota(Str(q, "unit", at), Year(q, at), cats);
        }).ToList();
        return new AssetReference(vehicles, assets, quotaList, settings);
    }

    private static int Year(JsonElement e, string at) =>
        e.TryGetProperty("fromYear", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : throw new ValidationException($"{at}.fromYear", "is required (a number)");

    private static string Str(JsonElement e, string name, string at) =>
        e.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } s ? s : throw new ValidationException($"{at}.{name}", "is required (a string)");

    private static decimal Num(JsonElement e, string name, string at) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : throw new ValidationException($"{at}: reconciliation.{name}", "is required (a number)");

    /// <summary>A category's optional "holds": names of <see cref="AssetCategory.HoldableFigures"/>, checked at start.</summary>
    private static IReadOnlyList<string> Holds(JsonElement c, string at)
    {
        if (!c.TryGetProperty("holds", out var h))
        {
            return [];
        }
        var names = h.ValueKind == JsonValueKind.Array ? h.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;
        return names is not null && names.All(AssetCategory.HoldableFigures.Contains)
            ? names
            : throw new ValidationException(at, $"is a list of: {string.Join(", ", AssetCategory.HoldableFigures)}");
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name, string at) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : throw new ValidationException($"{at}: {name}", "is required (an array)");
}
