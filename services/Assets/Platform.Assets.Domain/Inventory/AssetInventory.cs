using Platform.Domain;
using Platform.Events.V1;

namespace Platform.Assets.Domain.Inventory;

public enum InventorySource
{
    /// <summary>Reported by the unit (portal or xlsx).</summary>
    Filed,
    /// <summary>Stated by a published disclosure (国有资产占用情况): figures only, no register behind them.</summary>
    Publication,
}

/// <summary>Where a filed inventory stands with the finance office over the unit (a publication's is not reviewed: it was published).</summary>
public enum InventoryState
{
    /// <summary>Reported by the unit, awaiting the office's review (again after every new report).</summary>
    Reported,
    /// <summary>Accepted by the office (审核通过): read-only for the unit until the office sends it back.</summary>
    Accepted,
    /// <summary>Sent back with the office's comment: the unit reports again.</summary>
    Returned,
}

/// <summary>The office's last decision on an inventory: accepted or sent back, by whom, when, and the comment of a return.</summary>
public sealed record InventoryDecision(string By, DateTimeOffset At, string? Comment);

/// <summary>An item of equipment with a unit price of at least one million yuan (单价 100 万元以上设备): a register, not a count.</summary>
public sealed record Equipment(string Name, decimal UnitPrice, int Quantity, DateOnly? AcquiredOn);

/// <summary>The figures of an inventory as reported, before the rules check them (amounts in 元, area in m²).</summary>
public sealed record InventoryFigures(
    IReadOnlyDictionary<string, decimal> FixedAssetsByCategory, decimal? FixedAssetsTotal, decimal? BuildingsArea, decimal? BuildingsValue,
    IReadOnlyList<Equipment> Equipment, int? EquipmentCount, IReadOnlyDictionary<string, int> VehiclesByCategory, int? Vehicles, decimal? VehiclesValue);

/// <summary>
/// A unit's state-asset inventory at 31 December of a fiscal year (国有资产占用情况): fixed assets at original value by
/// category, buildings, the register of equipment of one million yuan and more, and — where a publication states them
/// without a register — vehicle counts and value. A new report replaces the figures at a new revision; a closed year is
/// not changed. A filed inventory is reviewed by the finance office over the unit: accepted (read-only until sent back)
/// or sent back with a comment — each decision at the revision the reviewer read, and itself a new revision, so a page
/// read before a colleague's decision cannot undo it unseen (as a self-evaluation's review).
/// </summary>
public sealed class AssetInventory
{
    public const decimal EquipmentThreshold = 1_000_000m;

    private readonly List<object> _events = [];

    private AssetInventory(string unitId, int fiscalYear) => (UnitId, FiscalYear) = (unitId, fiscalYear);

    public string UnitId { get; }

    public int FiscalYear { get; }

    public InventorySource Source { get; private set; }

    public string? SourceDocument { get; private set; }

    public InventoryFigures Figures { get; private set; } = null!;

    public long Revision { get; private set; }

    public InventoryState State { get; private set; }

    /// <summary>When the figures were last reported (null for an inventory stored before reports were timed).</summary>
    public DateTimeOffset? ReportedAt { get; private set; }

    /// <summary>The office's decision on the figures reported last: null while they await review.</summary>
    public InventoryDecision? Decision { get; private set; }

    public IReadOnlyList<object> Events => _events;

    /// <summary>The fixed assets' total: the stated one, else the sum of the categories.</summary>
    public decimal? FixedAssets => Figures.FixedAssetsTotal ?? (Figures.FixedAssetsByCategory.Count > 0 ? Figures.FixedAssetsByCategory.Values.Sum() : null);

    /// <summary>Equipment of a million yuan and more: the register's count, else the stated count.</summary>
    public int? EquipmentCount => Figures.Equipment.Count > 0 ? Figures.Equipment.Sum(e => e.Quantity) : Figures.EquipmentCount;

    public static AssetInventory Report(
        string unitId, int fiscalYear, InventoryFigures figures, InventorySource source, string? sourceDocument, AssetReference reference,
        int closedThrough, AssetInventory? previous, DateTimeOffset now, string? reportedBy = null)
    {
        if (fiscalYear <= closedThrough)
        {
            throw new PreconditionFailedException(AssetsMessages.InventoryYearClosed(fiscalYear, closedThrough));
        }
        if (previous is { Source: InventorySource.Filed } && source == InventorySource.Publication)
        {
            // What the unit filed is the office's record (in review, accepted or sent back): a publication does not replace it.
            throw new ConflictException(AssetsMessages.FiledNotOverwritten(AssetsMessages.StateName(previous.State)));
        }
        if (previous is { State: InventoryState.Accepted, Source: InventorySource.Filed })
        {
            // What the office accepted is what it read: new figures only after it sends the inventory back.
            throw new PreconditionFailedException(AssetsMessages.InventoryAccepted(fiscalYear));
        }
        IReadOnlyList<FieldError> problems = source == InventorySource.Filed
            ? [.. Problems(figures, fiscalYear, reference), .. Contradictions(figures, fiscalYear, reference)]
            : Problems(figures, fiscalYear, reference);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
        var inventory = new AssetInventory(unitId, fiscalYear)
        {
            Figures = figures, Source = source, SourceDocument = sourceDocument, Revision = (previous?.Revision ?? 0) + 1,
            State = InventoryState.Reported, ReportedAt = now,
        };
        inventory._events.Add(new AssetInventoryReported(unitId, fiscalYear, inventory.Revision, source.ToString(), inventory.FixedAssets,
            figures.Vehicles ?? (figures.VehiclesByCategory.Count > 0 ? figures.VehiclesByCategory.Values.Sum() : null), figures.VehiclesValue, now, reportedBy));
        return inventory;
    }

    public static AssetInventory Restore(
        string unitId, int fiscalYear, InventoryFigures figures, InventorySource source, string? sourceDocument, long revision,
        InventoryState state = InventoryState.Reported, DateTimeOffset? reportedAt = null, InventoryDecision? decision = null) =>
        new(unitId, fiscalYear)
        {
            Figures = figures, Source = source, SourceDocument = sourceDocument, Revision = revision, State = state, ReportedAt = reportedAt, Decision = decision,
        };

    /// <summary>
    /// The office accepts the figures it read at <paramref name="revision"/> (审核通过). A retry of the same acceptance is a
    /// no-op; figures reported again since are another revision — a conflict, never an acceptance of what was not read.
    /// The caller has checked the actor is a reviewer over the unit.
    /// </summary>
    public void Accept(long revision, int closedThrough, Actor actor, DateTimeOffset now)
    {
        RequireReviewable(closedThrough);
        if (State == InventoryState.Accepted && revision == Revision - 1)
        {
            return;
        }
        if (State != InventoryState.Reported)
        {
            throw new PreconditionFailedException(AssetsMessages.OnlyReportedAccepted(State));
        }
        RequireRevision(revision);
        State = InventoryState.Accepted;
        Decision = new InventoryDecision(actor.Subject, now, null);
        Revision++;
        _events.Add(new AssetInventoryAccepted(UnitId, FiscalYear, Revision, actor.Subject, now));
    }

    /// <summary>
    /// The office sends the inventory it read at <paramref name="revision"/> back with a comment (an acceptance it finds
    /// mistaken is undone the same way): the unit reports again. The caller has checked the actor is a reviewer over the unit.
    /// </summary>
    public void SendBack(string? comment, long revision, int closedThrough, Actor actor, DateTimeOffset now)
    {
        RequireReviewable(closedThrough);
        if (State == InventoryState.Returned)
        {
            throw new PreconditionFailedException(AssetsMessages.AlreadyReturned);
        }
        var why = FreeText.Check(comment, FreeText.ProseLength, "comment")
            ?? throw new ValidationException("comment", AssetsMessages.ReturnCommentRequired, "REQUIRED");
        RequireRevision(revision);
        State = InventoryState.Returned;
        Decision = new InventoryDecision(actor.Subject, now, why);
        Revision++;
        _events.Add(new AssetInventoryReturned(UnitId, FiscalYear, Revision, why, actor.Subject, now));
    }

    /// <summary>The review step an event of an inventory records: a report of the unit's (a publication's is not reviewed), a decision.</summary>
    public static ReviewStep? StepOf(object @event) => @event switch
    {
        AssetInventoryReported { Source: nameof(InventorySource.Filed) } r => new ReviewStep(ReviewAction.HandedIn, r.Revision, r.ReportedBy, r.At),
        AssetInventoryAccepted a => new ReviewStep(ReviewAction.Accepted, a.Revision, a.AcceptedBy, a.At),
        AssetInventoryReturned r => new ReviewStep(ReviewAction.Returned, r.Revision, r.ReturnedBy, r.At, r.Comment),
        _ => null,
    };

    /// <summary>A filed inventory of a year still open: a closed year's figures are final, and one sent back could never be reported again.</summary>
    private void RequireReviewable(int closedThrough)
    {
        if (Source != InventorySource.Filed)
        {
            throw new PreconditionFailedException(AssetsMessages.PublicationNotReviewed);
        }
        if (FiscalYear <= closedThrough)
        {
            throw new PreconditionFailedException(AssetsMessages.ReviewYearClosed(FiscalYear, closedThrough));
        }
    }

    private void RequireRevision(long revision)
    {
        if (revision <= 0)
        {
            throw new ValidationException("revision", AssetsMessages.RevisionRead, "REQUIRED");
        }
        if (revision != Revision)
        {
            throw new ConcurrencyConflictException(AssetsMessages.StaleInventory(FiscalYear, Revision, revision));
        }
    }

    public void ClearEvents() => _events.Clear();

    /// <summary>Every figure checked at once: not negative, amounts to the fen, areas to 0.01 m², categories of the year, equipment at the threshold.</summary>
    public static IReadOnlyList<FieldError> Problems(InventoryFigures f, int fiscalYear, AssetReference reference)
    {
        var errors = new List<FieldError>();
        void Amount(decimal? value, string field)
        {
            if (value is { } v && v < 0)
            {
                errors.Add(new FieldError(field, AssetsMessages.Negative(v), "NEGATIVE"));
            }
            else if (value is { } w && w != Math.Round(w, 2))
            {
                errors.Add(new FieldError(field, AssetsMessages.FinerThanTwoDecimals(w), "TOO_PRECISE"));
            }
        }
        var assetCategories = reference.AssetCategories(fiscalYear);
        foreach (var (code, value) in f.FixedAssetsByCategory)
        {
            if (!assetCategories.Any(c => c.Code == code))
            {
                errors.Add(new FieldError($"fixed_assets[{code}]", AssetsMessages.UnknownAssetCategory(code, fiscalYear, assetCategories.Select(c => $"{c.Code} {c.Name}")), "UNKNOWN_CATEGORY"));
            }
            Amount(value, $"fixed_assets[{code}]");
        }
        Amount(f.FixedAssetsTotal, "fixed_assets_total");
        if (f.FixedAssetsTotal is { } total && f.FixedAssetsByCategory.Count > 0 && f.FixedAssetsByCategory.Values.Sum() is var sum && sum != total)
        {
            errors.Add(new FieldError("fixed_assets_total", AssetsMessages.NotSumOfCategories(total, sum), "TOTAL_MISMATCH"));
        }
        Amount(f.BuildingsArea, "buildings_area");
        Amount(f.BuildingsValue, "buildings_value");
        Amount(f.VehiclesValue, "vehicles_value");
        foreach (var (e, i) in f.Equipment.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(e.Name))
            {
                errors.Add(new FieldError($"equipment[{i}].name", Messages.Required, "REQUIRED"));
            }
            if (e.UnitPrice < EquipmentThreshold)
            {
                errors.Add(new FieldError($"equipment[{i}].unit_price", AssetsMessages.BelowEquipmentThreshold(e.UnitPrice), "BELOW_THRESHOLD"));
            }
            Amount(e.UnitPrice, $"equipment[{i}].unit_price");
            if (e.Quantity < 1)
            {
                errors.Add(new FieldError($"equipment[{i}].quantity", AssetsMessages.QuantityAtLeastOne, "OUT_OF_RANGE"));
            }
        }
        if (f.EquipmentCount is < 0)
        {
            errors.Add(new FieldError("equipment_count", AssetsMessages.MustNotBeNegative, "NEGATIVE"));
        }
        var vehicleCategories = reference.VehicleCategories(fiscalYear);
        foreach (var (code, count) in f.VehiclesByCategory)
        {
            if (!vehicleCategories.Any(c => c.Code == code))
            {
                errors.Add(new FieldError($"vehicles[{code}]", AssetsMessages.UnknownVehicleCategory(code, fiscalYear), "UNKNOWN_CATEGORY"));
            }
            if (count < 0)
            {
                errors.Add(new FieldError($"vehicles[{code}]", AssetsMessages.Negative(count), "NEGATIVE"));
            }
        }
        if (f.Vehicles is < 0)
        {
            errors.Add(new FieldError("vehicles", AssetsMessages.MustNotBeNegative, "NEGATIVE"));
        }
        return errors;
    }

    /// <summary>
    /// Figures a unit files that contradict each other: a part of the fixed assets above their stated total, or above the
    /// categories that hold it (<see cref="AssetCategory.Holds"/>: 房屋原值 above 房屋及构筑物, the equipment register above
    /// 通用设备 + 专用设备), and equipment bought after the year's end in the year-end inventory (an inventory of 350,000 元
    /// in all beside one 1,500,000 元 seismograph was reported without a word). Against what the unit states only — a
    /// category it did not type may hold the part — and for filed figures only: a publication printed what it printed, and
    /// its import reads it as such (reconciliation weighs it). A filed inventory without any fixed-asset figure (neither the
    /// total nor a category) is no inventory at all: an outside look reported a blank form, which awaited review and would
    /// have completed the disclosure.
    /// </summary>
    /// <summary>Where <see cref="Contradictions"/> puts the register's total (单价 100 万元及以上设备的原值合计).</summary>
    public const string EquipmentTotalField = "equipment";

    /// <summary>
    /// The rules' findings once a line's price did not read: the register's total is then not known and is compared with
    /// nothing (the threshold stood in for a blank price and came back as a total of 1000000 nobody typed).
    /// </summary>
    public static IEnumerable<FieldError> WithoutEquipmentTotal(IEnumerable<FieldError> problems) =>
        problems.Where(e => e.Field != EquipmentTotalField);

    public static IReadOnlyList<FieldError> Contradictions(InventoryFigures f, int fiscalYear, AssetReference reference)
    {
        var errors = new List<FieldError>();
        if (f.FixedAssetsTotal is null && f.FixedAssetsByCategory.Count == 0)
        {
            errors.Add(new FieldError("fixed_assets_total", AssetsMessages.FixedAssetsRequired, "REQUIRED"));
        }
        var yearEnd = new DateOnly(fiscalYear, 12, 31);
        foreach (var (e, i) in f.Equipment.Select((e, i) => (e, i)))
        {
            if (e.AcquiredOn is { } on && on > yearEnd)
            {
                errors.Add(new FieldError($"equipment[{i}].acquired_on", AssetsMessages.AcquiredAfterYearEnd(on, fiscalYear), "AFTER_YEAR_END"));
            }
        }
        if (f.FixedAssetsByCategory.Values.Any(v => v < 0) || f.FixedAssetsTotal is < 0)
        {
            return errors;   // refused as negative already: no bound to compare with
        }
        var categories = reference.AssetCategories(fiscalYear);
        void NotAbove(decimal? part, string field, string what, string holds)
        {
            if (part is not { } p)
            {
                return;
            }
            if (f.FixedAssetsTotal is { } all && p > all)
            {
                errors.Add(new FieldError(field, AssetsMessages.PartAboveFixedAssets(what, p, all), "ABOVE_TOTAL"));
                return;
            }
            var holders = categories.Where(c => c.Holds.Contains(holds)).ToList();
            if (holders.Count > 0 && holders.All(c => f.FixedAssetsByCategory.ContainsKey(c.Code))
                && holders.Sum(c => f.FixedAssetsByCategory[c.Code]) is var bound && p > bound)
            {
                errors.Add(new FieldError(field, AssetsMessages.PartAboveCategories(what, p, string.Join("、", holders.Select(c => c.Name)), bound), "ABOVE_CATEGORY"));
            }
        }
        NotAbove(f.BuildingsValue, "buildings_value", AssetsMessages.BuildingsOriginalValue, "buildings");
        NotAbove(f.VehiclesValue, "vehicles_value", "车辆价值（元）", "vehicles");
        NotAbove(f.Equipment.Count == 0 ? null : f.Equipment.Sum(e => e.UnitPrice * Math.Max(e.Quantity, 0)), EquipmentTotalField, "单价 100 万元及以上设备的原值合计（元）", "equipment");
        return errors;
    }
}
