using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.Returns;
using Platform.Persistence;

namespace Platform.Accounts.Host.Persistence;

/// <summary>
/// The approved return version a unit currently contributes to consolidation: which version, where it was placed, and
/// the elimination lines taken out of it. Its cells are not copied: the version's inputs are immutable, so the
/// contribution is rebuilt exactly from them and these lines (<see cref="ContributionScheme.Rebuild"/>).
/// </summary>
internal sealed class ContributionRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int ReturnVersion { get; set; }
    public string DepartmentId { get; set; } = "";
    public string? ParentId { get; set; }
    /// <summary>The department's region codes, nearest first, '/'-separated (652301/652300/650000).</summary>
    public string RegionPath { get; set; } = "";
    public string Eliminations { get; set; } = "[]";
    public DateTimeOffset AppliedAt { get; set; }
    public long Version { get; set; }

    public UnitPlacement Placement => new(UnitId, DepartmentId, ParentId, RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries));

    public IReadOnlyList<EliminationLine> EliminationLines() =>
        JsonSerializer.Deserialize<List<StoredLine>>(Eliminations)!.Select(l => new EliminationLine(l.Pair, l.Unit, l.Counterpart, CellKey.Parse(l.Cell, "eliminations"), CellJson.Parse(l.Amount))).ToList();

    /// <summary>The contribution as applied, from the inputs of return version <see cref="ReturnVersion"/>.</summary>
    public Contribution ToDomain(ContributionScheme scheme, IEnumerable<KeyValuePair<CellKey, decimal>> inputs) =>
        scheme.Rebuild(UnitId, ReturnVersion, Placement, inputs, EliminationLines());

    public void CopyFrom(Contribution c)
    {
        UnitId = c.UnitId;
        FiscalYear = c.FiscalYear;
        ReturnVersion = c.Version;
        DepartmentId = c.Placement.DepartmentId;
        ParentId = c.Placement.ParentId;
        RegionPath = string.Join('/', c.Placement.RegionPath);
        Eliminations = c.Eliminations.Count == 0 ? "[]"
            : JsonSerializer.Serialize(c.Eliminations.Select(l => new StoredLine(l.PairId, l.UnitId, l.CounterpartId, l.Cell.ToString(), CellSet.Format(l.Amount))));
    }

    /// <summary>Same version, placement and eliminations: nothing to rewrite.</summary>
    public bool SameAs(ContributionRow other) =>
        ReturnVersion == other.ReturnVersion && DepartmentId == other.DepartmentId && ParentId == other.ParentId && RegionPath == other.RegionPath
        && Eliminations == other.Eliminations;

    internal sealed record StoredLine(string Pair, string Unit, string Counterpart, string Cell, string Amount);
}

/// <summary>A consolidated return's input sums (department or region, fiscal year); its revision counts its changes.</summary>
internal sealed class ConsolidatedNodeRow : IVersioned
{
    public string Kind { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int FiscalYear { get; set; }
    /// <summary>The department's region, or the region itself: what a jurisdiction's listing filters on.</summary>
    public string RegionCode { get; set; } = "";
    public string Cells { get; set; } = "{}";
    public long Revision { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public NodeKey Key => new(Enum.Parse<NodeKind>(Kind), NodeId);
}

/// <summary>One change of a consolidated return: which cells moved by how much, because of which unit version.</summary>
internal sealed class NodeChangeRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int FiscalYear { get; set; }
    public long Revision { get; set; }
    public string UnitId { get; set; } = "";
    public int ReturnVersion { get; set; }
    public string Deltas { get; set; } = "{}";
    public DateTimeOffset At { get; set; }
}

/// <summary>The revision of a consolidated return a person last looked at ("changed since last viewed").</summary>
internal sealed class NodeViewRow
{
    public string Subject { get; set; } = "";
    public string Kind { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int FiscalYear { get; set; }
    public long SeenRevision { get; set; }
}

/// <summary>
/// Cells as a JSON object of exact decimal strings ("Z01[INC_FISCAL,AMT]": "1700000.00"), keys in ordinal order, so
/// the same cells always give the same text. Read and written without an intermediate dictionary of strings: a
/// recompute reads every approved return of a region through here. Cell names are parsed (and encoded) once per
/// process and remembered: the set of cells is the templates', bounded.
/// </summary>
internal static class CellJson
{
    private const int MaxRemembered = 200_000;
    private static readonly ConcurrentDictionary<string, CellKey> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, CellKey>.AlternateLookup<ReadOnlySpan<char>> KeysBySpan = Keys.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly ConcurrentDictionary<CellKey, JsonEncodedText> Names = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Dictionary<CellKey, decimal> Read(string json)
    {
        var cells = new Dictionary<CellKey, decimal>();
        Read(json, (key, value) => cells[key] = value);
        return cells;
    }

    /// <summary>Calls <paramref name="cell"/> for every cell of the JSON object, in stored order.</summary>
    // AggressiveOptimization here and on the other loops a recompute runs: a recompute is rare and long, so the
    // first one after a start would otherwise run them as unoptimized tier-0 code (measured: 40 % slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Read(string json, Action<CellKey, decimal> cell)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, bytes);
            var reader = new Utf8JsonReader(bytes.AsSpan(0, length));
            Span<char> name = stackalloc char[128];
            Span<char> number = stackalloc char[64];
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = KeyOf(reader.HasValueSequence || reader.ValueSpan.Length > name.Length ? reader.GetString().AsSpan() : name[..reader.CopyString(name)]);
                Expect(ref reader, JsonTokenType.String);
                var value = reader.ValueSpan.Length <= number.Length
                    ? decimal.Parse(number[..reader.CopyString(number)], NumberStyles.Number, CultureInfo.InvariantCulture)
                    : Parse(reader.GetString()!);
                cell(key, value);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(IEnumerable<KeyValuePair<CellKey, decimal>> cells)
    {
        var ordered = cells.Select(p => (Name: NameOf(p.Key), p.Value)).ToArray();
        Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Name.Value, b.Name.Value));
        var buffer = new ArrayBufferWriter<byte>(ordered.Length * 40 + 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            Span<byte> number = stackalloc byte[64];
            foreach (var (name, value) in ordered)
            {
                value.TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
                writer.WriteString(name, number[..written]);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static CellKey KeyOf(ReadOnlySpan<char> name)
    {
        if (KeysBySpan.TryGetValue(name, out var key))
        {
            return key;
        }
        var text = name.ToString();
        key = CellKey.Parse(text, "cells");
        if (Keys.Count < MaxRemembered)
        {
            Keys.TryAdd(text, key);
        }
        return key;
    }

    /// <summary>The cell's name, encoded for JSON once per process (names are written for every consolidated return).</summary>
    private static JsonEncodedText NameOf(CellKey key)
    {
        if (Names.TryGetValue(key, out var name))
        {
            return name;
        }
        name = JsonEncodedText.Encode(key.ToString());
        if (Names.Count < MaxRemembered)
        {
            Names.TryAdd(key, name);
        }
        return name;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"stored cells: expected {type} at byte {reader.BytesConsumed}");
        }
    }
}

internal static class ConsolidationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ContributionRow>(e =>
        {
            e.ToTable("consolidation_contributions");
            e.HasKey(r => new { r.UnitId, r.FiscalYear });
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.ReturnVersion).HasColumnName("return_version");
            e.Property(r => r.DepartmentId).HasColumnName("department_id");
            e.Property(r => r.ParentId).HasColumnName("parent_id");
            e.Property(r => r.RegionPath).HasColumnName("region_path");
            e.Property(r => r.Eliminations).HasColumnName("eliminations");
            e.Property(r => r.AppliedAt).HasColumnName("applied_at");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasIndex(r => new { r.FiscalYear, r.DepartmentId }).HasDatabaseName("ix_contributions_department");
            e.Ignore(r => r.Placement);
        });
        b.Entity<ConsolidatedNodeRow>(e =>
        {
            e.ToTable("consolidated_nodes");
            e.HasKey(r => new { r.Kind, r.NodeId, r.FiscalYear });
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.NodeId).HasColumnName("node_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.RegionCode).HasColumnName("region_code");
            e.Property(r => r.Cells).HasColumnName("cells");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.Ignore(r => r.Key);
            e.HasIndex(r => new { r.FiscalYear, r.RegionCode }).HasDatabaseName("ix_nodes_region");
        });
        b.Entity<NodeChangeRow>(e =>
        {
            e.ToTable("consolidated_changes");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.NodeId).HasColumnName("node_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.UnitId).HasColumnName("unit_id");
            e.Property(r => r.ReturnVersion).HasColumnName("return_version");
            e.Property(r => r.Deltas).HasColumnName("deltas");
            e.Property(r => r.At).HasColumnName("at");
            e.HasIndex(r => new { r.Kind, r.NodeId, r.FiscalYear, r.Revision }).HasDatabaseName("ix_changes_node");
        });
        b.Entity<NodeViewRow>(e =>
        {
            e.ToTable("consolidated_views");
            e.HasKey(r => new { r.Subject, r.Kind, r.NodeId, r.FiscalYear });
            e.Property(r => r.Subject).HasColumnName("subject");
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.NodeId).HasColumnName("node_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.SeenRevision).HasColumnName("seen_revision");
        });
    }
}

// Append-only: consolidation's tables come with this migration; InitialAccounts is untouched.
[DbContext(typeof(AccountsDbContext))]
[Migration("20261122200000_AddConsolidation")]
internal sealed class AddConsolidation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("consolidation_contributions", t => new
        {
            unit_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            department_id = t.Column<string>(nullable: false),
            parent_id = t.Column<string>(nullable: true),
            region_path = t.Column<string>(nullable: false),
            cells = t.Column<string>(nullable: false),
            eliminations = t.Column<string>(nullable: false),
            applied_at = t.Column<DateTimeOffset>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_consolidation_contributions", x => new { x.unit_id, x.fiscal_year }));
        m.CreateIndex("ix_contributions_department", "consolidation_contributions", ["fiscal_year", "department_id"]);
        m.CreateTable("consolidated_nodes", t => new
        {
            kind = t.Column<string>(nullable: false),
            node_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            cells = t.Column<string>(nullable: false),
            revision = t.Column<long>(nullable: false),
            updated_at = t.Column<DateTimeOffset>(nullable: false),
            row_version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_consolidated_nodes", x => new { x.kind, x.node_id, x.fiscal_year }));
        m.CreateTable("consolidated_changes", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            kind = t.Column<string>(nullable: false),
            node_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            revision = t.Column<long>(nullable: false),
            unit_id = t.Column<string>(nullable: false),
            return_version = t.Column<int>(nullable: false),
            deltas = t.Column<string>(nullable: false),
            at = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_consolidated_changes", x => x.id));
        m.CreateIndex("ix_changes_node", "consolidated_changes", ["kind", "node_id", "fiscal_year", "revision"]);
        m.CreateTable("consolidated_views", t => new
        {
            subject = t.Column<string>(nullable: false),
            kind = t.Column<string>(nullable: false),
            node_id = t.Column<string>(nullable: false),
            fiscal_year = t.Column<int>(nullable: false),
            seen_revision = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_consolidated_views", x => new { x.subject, x.kind, x.node_id, x.fiscal_year }));
    }
}

// Append-only: contributions no longer copy their cells (rebuilt from the immutable return version and the stored
// elimination lines); a consolidated return's region, for listing a jurisdiction's consolidated returns (keyset by kind, id).
// Rows from before are filled by the next recompute.
[DbContext(typeof(AccountsDbContext))]
[Migration("20261202150000_ConsolidationByDepartmentRegion")]
internal sealed class ConsolidationByDepartmentRegion : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // EF's SQLite migrations cannot drop a column; SQLite itself can (3.35+, bundled by SQLitePCLRaw 3).
            m.Sql("ALTER TABLE consolidation_contributions DROP COLUMN cells;");
        }
        else
        {
            m.DropColumn("cells", "consolidation_contributions");
        }
        m.AddColumn<string>("region_code", "consolidated_nodes", nullable: false, defaultValue: "");
        m.CreateIndex("ix_nodes_region", "consolidated_nodes", ["fiscal_year", "region_code"]);
    }
}
