using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Domain;
using Platform.Performance.Domain.Forms;
using Platform.Performance.Domain.Scoring;

namespace Platform.Cli;

/// <summary>
/// `platform score --fit FILE... --region CODE [--year YYYY] [--out FILE]`: searches the declared policy space
/// (reference-data/policy-space.json) for the rules that reproduce the most published totals of the documents' forms,
/// reports each form (reproduced, or not and the findings that say why), and writes the result as the region's policy for
/// the year. Exit code 0 when a policy was fitted, 2 when the input cannot be used.
/// </summary>
internal static partial class ScoreFit
{
    public static int Run(FileInfo[] files, string? region, int? year, FileInfo? output)
    {
        if (region is null || !RegionCode().IsMatch(region))
        {
            Console.Error.WriteLine("--region: the region the fitted policy is for is required (a division code or its prefix, 2 to 6 digits, such as 65 or 650100)");
            return 2;
        }
        if (output?.Directory is { Exists: false } missing)
        {
            Console.Error.WriteLine($"--out: the directory {missing.FullName} does not exist");
            return 2;
        }
        var subjects = new List<FitSubject>();
        var years = new HashSet<int>();
        foreach (var file in files.DistinctBy(f => f.FullName))
        {
            try
            {
                using var stream = file.OpenRead();
                using var document = JsonDocument.Parse(stream);
                if (document.RootElement.TryGetProperty("fiscal_year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var fiscal))
                {
                    years.Add(fiscal);
                }
                subjects.AddRange(FitSubject.Read(document.RootElement, file.Name));
            }
            catch (Exception ex) when (ex is JsonException or ValidationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{file.Name}: {ex.Message}");
                return 2;
            }
        }
        if (year is null && years.Count != 1)
        {
            Console.Error.WriteLine($"--year: the documents are of {(years.Count == 0 ? "no stated year" : string.Join(", ", years.Order()))}; say which year the policy is for");
            return 2;
        }
        if (!subjects.Any(s => s.Published is not null))
        {
            Console.Error.WriteLine("--fit: none of the forms prints a total score; there is nothing to reproduce");
            return 2;
        }
        var fiscalYear = year ?? years.Single();
        var id = $"fitted-{region}-{fiscalYear}";
        var result = PolicyFit.Fit(subjects, PolicySpace.LoadShipped(), ScoringPolicy.LoadShipped(), id,
            $"按 {files.Length} 份公开自评材料拟合的评分规则（{region}，{fiscalYear} 年度）", fiscalYear, region);

        Console.WriteLine($"fitted {id}: {result.Reproduced} of {result.WithTotal} published totals reproduced within 0.01 ({result.Tried} policies tried)");
        foreach (var o in result.Outcomes)
        {
            var mark = o.Published is null ? "no total" : o.Reproduced ? "reproduced" : "NOT reproduced";
            Console.WriteLine($"  [{mark}] {o.Document} {o.Name}: published {F(o.Published)}, computed {F(o.Computed)}");
            if (!o.Reproduced)
            {
                foreach (var f in o.Findings.Where(f => f.Severity != FindingSeverity.Info))
                {
                    Console.WriteLine($"      {f.Type} {f.Location}: {f.Detail}");
                }
            }
        }
        var policy = result.Policy.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (output is null)
        {
            Console.WriteLine();
            Console.WriteLine(policy);
            return 0;
        }
        // Owner-only even when a file is replaced: written new (0600) beside it, then moved over it.
        var written = Path.Combine(output.DirectoryName!, $".{output.Name}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(written, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
            {
                writer.WriteLine(policy);
            }
            File.Move(written, output.FullName, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(written);
            Console.Error.WriteLine($"--out: {output.FullName} could not be written: {ex.Message}");
            return 2;
        }
        Console.WriteLine($"written {output.FullName}; to put it in force, add to assignments.json: {{ \"regions\": [\"{region}\"], \"fromYear\": {fiscalYear}, \"policy\": \"{id}\" }}");
        return 0;
    }

    private static string F(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";

    [GeneratedRegex(@"^\d{2,6}$")]
    private static partial Regex RegionCode();
}
