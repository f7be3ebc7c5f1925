using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Platform.Accounts.Domain.Consolidation;
using Platform.Accounts.Domain.Returns;
using Platform.Persistence;

namespace Platform.Accounts.Host.Persistence;

/// <summary>The approved return version a unit currently contributes to consolidation, and what it contributes.</summary>
internal sealed class ContributionRow : IVersioned
{
    public string UnitId { get; set; } = "";
    public int FiscalYear { get; set; }
    public int ReturnVersion { get; set; }
    public string DepartmentId { get; set; } = "";
    public string? ParentId { get; set; }
    /// <summary>Region codes, nearest first, '/'-separated (652301/652300/650000).</summary>
    public string RegionPath { get; set; } = "";
    public string Cells { get; set; } = "{}";
    public string Eliminations { get; set; } = "[]";
    public DateTimeOffset AppliedAt { get; set; }
    public long Version { get; set; }

    public Contribution ToDomain() => new(UnitId, FiscalYear, ReturnVersion,
        new UnitPlacement(UnitId, DepartmentId, ParentId, RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries)),
        CellJson.Read(Cells),
        JsonSerializer.Deserialize<List<StoredLine>>(Eliminations)!.Select(l => new EliminationLine(l.Pair, l.Unit, l.Counterpart, CellKey.Parse(l.Cell, "eliminations"), CellJson.Parse(l.Amount))).ToList());

    public void CopyFrom(Contribution c)
    {
        UnitId = c.UnitId;
        FiscalYear = c.FiscalYear;
        ReturnVersion = c.Version;
        DepartmentId = c.Placement.DepartmentId;
        ParentId = c.Placement.ParentId;
        RegionPath = string.Join('/', c.Placement.RegionPath);
        Cells = CellJson.Write(c.Cells);
        Eliminations = JsonSerializer.Serialize(c.Eliminations.Select(l => new StoredLine(l.PairId, l.UnitId, l.CounterpartId, l.Cell.ToString(), CellSet.Format(l.Amount))));
    }

    internal sealed record StoredLine(string Pair, string Unit, string Counterpart, string Cell, string Amount);
}

/// <summary>A consolidated return's input sums (department or region, fiscal year); its revision counts its changes.</summary>
internal sealed class ConsolidatedNodeRow : IVersioned
{
    public string Kind { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int FiscalYear { get; set; }
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

/// <summary>Cells as a JSON object of exact decimal strings ("Z01[INC_FISCAL,AMT]": "1700000.00"), keys in ordinal order.</summary>
internal static class CellJson
{
    public static Dictionary<CellKey, decimal> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.ToDictionary(p => CellKey.Parse(p.Key, "cells"), p => Parse(p.Value));

    public static string Write(IEnumerable<KeyValuePair<CellKey, decimal>> cells) =>
        JsonSerializer.Serialize(cells.Select(p => (Key: p.Key.ToString(), p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => CellSet.Format(p.Value)));

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
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
            e.Property(r => r.Cells).HasColumnName("cells");
            e.Property(r => r.Eliminations).HasColumnName("eliminations");
            e.Property(r => r.AppliedAt).HasColumnName("applied_at");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.HasIndex(r => new { r.FiscalYear, r.DepartmentId }).HasDatabaseName("ix_contributions_department");
        });
        b.Entity<ConsolidatedNodeRow>(e =>
        {
            e.ToTable("consolidated_nodes");
            e.HasKey(r => new { r.Kind, r.NodeId, r.FiscalYear });
            e.Property(r => r.Kind).HasColumnName("kind");
            e.Property(r => r.NodeId).HasColumnName("node_id");
            e.Property(r => r.FiscalYear).HasColumnName("fiscal_year");
            e.Property(r => r.Cells).HasColumnName("cells");
            e.Property(r => r.Revision).HasColumnName("revision");
            e.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            e.Property(r => r.Version).HasColumnName("row_version");
            e.Ignore(r => r.Key);
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
