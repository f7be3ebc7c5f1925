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
    /// <summary>
    /// Learning a region's practice from another's documents, or one year's from another's, may be meant (no history of its
    /// own yet) but is worth saying: documents of another province than <paramref name="region"/>, a year none of them is of.
    /// The fit goes on; the policy is written as asked.
    /// </summary>
    internal static IEnumerable<string> Notices(string region, int? year, IReadOnlyCollection<int> years, IEnumerable<(string File, string Province, string? Code)> provinces)
    {
        if (year is { } asked && years.Any(y => y != asked))
        {
            yield return $"注意：文件的年度有 {string.Join("、", years.Order())}，拟合的规则按 --year {asked} 写出";
        }
        foreach (var (file, province, code) in provinces.Where(p => p.Code is not null && !region.StartsWith(p.Code, StringComparison.Ordinal)))
        {
            yield return $"注意：{file} 属于{province}（{code}），而 --region {region} 是{Platform.Registry.Domain.Provinces.NameOf(region) ?? "另一地区"}";
        }
    }

    public static int Run(FileInfo[] files, string? region, int? year, FileInfo? output)
    {
        if (region is null)
        {
            Console.Error.WriteLine("--region：请给出拟合的评分规则适用的行政区划（区划代码或其前 2、4 位，如 65、6501、650100）");
            return 2;
        }
        if (!RegionCode().IsMatch(region))
        {
            Console.Error.WriteLine($"--region：“{region}” 不是行政区划代码（应为 2、4 或 6 位半角数字，如 65、6501、650100）");
            return 2;
        }
        if (Platform.Registry.Domain.Provinces.NameOf(region) is null)
        {
            Console.Error.WriteLine($"--region：“{region}” 的前两位 {region[..2]} 不是省级行政区划代码（GB/T 2260，如 65 新疆、42 湖北）");
            return 2;
        }
        if (output?.Directory is { Exists: false } missing)
        {
            Console.Error.WriteLine($"--out：目录 {missing.FullName} 不存在");
            return 2;
        }
        var subjects = new List<FitSubject>();
        var years = new HashSet<int>();
        var provinces = new List<(string File, string Name, string? Code)>();
        foreach (var file in files.DistinctBy(f => f.FullName))
        {
            try
            {
                using var stream = file.OpenRead();
                using var document = JsonDocument.Parse(stream);
                if (FiscalYearOf(document.RootElement) is { } fiscal)
                {
                    years.Add(fiscal);
                }
                subjects.AddRange(FitSubject.Read(document.RootElement, file.Name));
                if (ProvinceOf(document.RootElement) is { } province)
                {
                    provinces.Add((file.Name, province.Name, province.Code));
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{file.Name}：{PlatformCommandLine.Unreadable(ex, file)}");
                return 2;
            }
        }
        if (year is null && years.Count != 1)
        {
            Console.Error.WriteLine(years.Count == 0
                ? "--year：文件未注明年度，请给出评分规则适用的年度"
                : $"--year：文件分属 {string.Join("、", years.Order())} 年度，请给出评分规则适用的年度");
            return 2;
        }
        if (!subjects.Any(s => s.Comparable is not null))
        {
            Console.Error.WriteLine(subjects.Count == 0
                ? "--fit：文件中没有绩效自评表，无从拟合"
                : "--fit：没有一张自评表列示了可比对的总分（未列示总分、抄录不完整或未列示分值），无从比对");
            return 2;
        }
        var fiscalYear = year ?? years.Single();
        foreach (var notice in Notices(region, year, years, provinces))
        {
            Console.Error.WriteLine(notice);
        }
        var id = $"fitted-{region}-{fiscalYear}";
        var result = PolicyFit.Fit(subjects, PolicySpace.LoadShipped(), ScoringPolicy.LoadShipped(), id,
            $"按 {files.Length} 份公开自评材料拟合的评分规则（{region}，{fiscalYear} 年度）", fiscalYear, region);

        Console.WriteLine($"拟合结果 {id}：列示的 {result.WithTotal} 个总分中复现 {result.Reproduced} 个（误差 0.01 以内；共试算 {result.Tried} 套规则）");
        foreach (var o in result.Outcomes)
        {
            var mark = o.Published is null ? "未列示总分" : o.PartialCopy ? "抄录不完整，不计" : o.Unweighted ? "未列示分值，不计" : o.Reproduced ? "复现" : "未复现";
            Console.WriteLine($"  [{mark}] {o.Document} {o.Name}：列示 {F(o.Published)}，计算 {F(o.Computed)}");
            if (o.Counted && !o.Reproduced)
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
            Console.WriteLine("拟合的评分规则（JSON；用 --out FILE 写入文件）：");
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
            Console.Error.WriteLine($"--out：无法写入 {output.FullName}（{(ex is UnauthorizedAccessException ? "无权写入" : "路径不是可写的文件")}）");
            return 2;
        }
        if (result.Reproduced * 2 < result.WithTotal)
        {
            // A policy that reproduces fewer than half of the totals it was fitted to is not the office's practice yet.
            Console.WriteLine($"注意：该规则只复现了 {result.WithTotal} 个总分中的 {result.Reproduced} 个，不宜据此生效；请先核对未复现的各表（见上）。");
        }
        Console.WriteLine($"已写入 {output.FullName}。试用：./platform score FILE.json --policy {output.FullName}。" +
            "生效：把 services/Performance/reference-data 复制为部署自己的参考数据目录，将本文件放入其 policies/，在 assignments.json 中加入 " +
            $"{{ \"regions\": [\"{region}\"], \"fromYear\": {fiscalYear}, \"policy\": \"{id}\" }}，再以 Performance__ReferenceData 指向该目录。");
        return 0;
    }

    private static string F(decimal? value) => value is { } v ? DecimalText.Canonical(v) : "—";

    [GeneratedRegex(@"^(?:[0-9]{2}){1,3}$")]
    private static partial Regex RegionCode();

    /// <summary>A transcription's fiscal_year, when it prints one as a number.</summary>
    internal static int? FiscalYearOf(JsonElement root) =>
        root.TryGetProperty("fiscal_year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var year) ? year : null;

    /// <summary>The province a transcription's region path names first ("四川省", "新疆"), with its two digits where known.</summary>
    internal static (string Name, string? Code)? ProvinceOf(JsonElement root) =>
        root.TryGetProperty("department", out var department) && department.ValueKind == JsonValueKind.Object
        && department.TryGetProperty("region_path", out var path) && path.ValueKind == JsonValueKind.Array && path.GetArrayLength() > 0
        && path[0].ValueKind == JsonValueKind.String && path[0].GetString() is { Length: > 0 } province
            ? (province, Platform.Registry.Domain.Provinces.CodeOf(province))
            : null;
}
