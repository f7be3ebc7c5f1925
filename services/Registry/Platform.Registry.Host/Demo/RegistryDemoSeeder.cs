using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Registry.Domain;
using Platform.Registry.Host.Import;
using Platform.Registry.Host.Persistence;

namespace Platform.Registry.Host.Demo;

/// <summary>
/// Loads the demo data (Demo/*.csv, embedded; see Demo/README.md) into an empty registry when
/// Registry__SeedDemo is true (`./platform run`). It goes through the domain like any import, so the
/// demo is validated by the same rules and raises the same events.
/// </summary>
internal sealed partial class RegistryDemoSeeder(RegistryState state, IConfiguration configuration, ILogger<RegistryDemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Registry:SeedDemo", false) || state.Read(r => r.Units.Count) > 0)
        {
            return;
        }
        foreach (var row in Table("regions.csv"))
        {
            await state.ExecuteAsync(r =>
            {
                var added = r.AddRegion(row["code"], row["name"], Enum.Parse<RegionKind>(row["kind"]), Null(row["parent_code"]));
                return (0, (IReadOnlyList<object>)[added]);
            }, cancellationToken);
        }
        foreach (var year in Table("units.csv").GroupBy(r => Int(r["from_year"])).OrderBy(g => g.Key))
        {
            var specs = year.Select(r => new NewUnit(r["id"], r["credit_code"], r["name"], r["region_code"], Null(r["parent_id"]), r["nature"],
                Split(r["functions"]), Split(r["sections"]))).ToList();
            await state.ExecuteAsync(r =>
            {
                var events = r.RegisterBatch(specs, year.Key);
                return (0, (IReadOnlyList<object>)events);
            }, cancellationToken);
        }
        foreach (var row in Table("staffing.csv"))
        {
            var staffing = new Staffing(NullInt(row["authorized_posts"]), Int(row["actual_total"]),
                NullInt(row["in_service"]), NullInt(row["retired_lixiu"]), NullInt(row["retired"]));
            await state.ExecuteAsync(r =>
            {
                var e = r.ReportStaffing(row["unit_id"], Int(row["fiscal_year"]), staffing);
                return (0, (IReadOnlyList<object>)[e]);
            }, cancellationToken);
        }
        foreach (var row in Table("scopes.csv"))
        {
            await state.ExecuteAsync(r =>
            {
                var e = r.DefineScope(row["department_id"], Int(row["fiscal_year"]), Split(row["unit_ids"]));
                return (0, (IReadOnlyList<object>)[e]);
            }, cancellationToken);
        }
        Seeded(logger, state.Read(r => r.Units.Count));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static List<Dictionary<string, string>> Table(string file)
    {
        using var stream = typeof(RegistryDemoSeeder).Assembly.GetManifestResourceStream($"Platform.Registry.Host.Demo.{file}")
            ?? throw new InvalidOperationException($"Demo file {file} is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var table = UnitFileReader.ReadCsv(memory.ToArray());
        var header = table[0];
        return table.Skip(1).Where(r => r.Any(c => c.Length > 0))
            .Select(r => header.Select((h, i) => (h, v: i < r.Count ? r[i] : "")).ToDictionary(x => x.h, x => x.v))
            .ToList();
    }

    private static string? Null(string value) => value.Length == 0 ? null : value;

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static int? NullInt(string value) => value.Length == 0 ? null : Int(value);

    private static List<string> Split(string value) =>
        value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry demo data loaded: {Units} units from the three shared documents")]
    private static partial void Seeded(ILogger logger, int units);
}
