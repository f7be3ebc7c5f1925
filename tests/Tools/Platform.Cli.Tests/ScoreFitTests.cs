using System.Text.Json;
using Platform.Performance.Domain.Scoring;

namespace Platform.Cli.Tests;

/// <summary>`platform score --fit` (issue 21): a policy fitted to published scores, written owner-only, read back as a policy.</summary>
public sealed class ScoreFitTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("score-fit-");

    public void Dispose() => _work.Delete(recursive: true);

    private static string Shared(string file) => RepoPaths.Combine("services", "Demo", "disclosures", file);

    [Fact]
    public void Fit_SharedDocuments_WritesAReadablePolicyForTheRegionOwnerOnly()
    {
        var output = Path.Combine(_work.FullName, "fitted.json");

        var exit = ScoreCommand.Create().Parse(["--fit", Shared("000_bb240cb5f2680099.json"), Shared("003_92bef6b83a4d4ba2.json"), "--region", "6501", "--year", "2022", "--out", output]).Invoke();

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var policy = ScoringPolicy.Read(document.RootElement, "fitted.json");
        Assert.Equal(("fitted-6501-2022", 2022, "6501"), (policy.Id, policy.FromYear, Assert.Single(policy.Regions)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
    }

    [Fact]
    public void Fit_OverAnExistingReadableFile_ReplacedOwnerOnlyWithoutABom()
    {
        var output = Path.Combine(_work.FullName, "fitted.json");
        File.WriteAllText(output, "old");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var exit = ScoreCommand.Create().Parse(["--fit", Shared("003_92bef6b83a4d4ba2.json"), "--region", "6523", "--out", output]).Invoke();

        Assert.Equal(0, exit);
        Assert.Equal((byte)'{', File.ReadAllBytes(output)[0]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
        Assert.Single(_work.GetFiles());  // no temporary file left beside it
    }

    [Fact]
    public void Fit_OutIntoAMissingDirectory_ExitCode2()
    {
        var exit = ScoreCommand.Create().Parse(["--fit", Shared("003_92bef6b83a4d4ba2.json"), "--region", "6523", "--out", Path.Combine(_work.FullName, "no", "fitted.json")]).Invoke();

        Assert.Equal(2, exit);
    }

    [Fact]
    public void Score_WithTheFittedPolicyFile_ScoredUnderIt()
    {
        var output = Path.Combine(_work.FullName, "fitted.json");
        Assert.Equal(0, ScoreCommand.Create().Parse(["--fit", Shared("003_92bef6b83a4d4ba2.json"), "--region", "6523", "--out", output]).Invoke());

        // Scored (003's labels printed as actuals stay error findings: exit code 1), not refused (2).
        Assert.Equal(1, ScoreCommand.Create().Parse([Shared("003_92bef6b83a4d4ba2.json"), "--policy", output]).Invoke());
        Assert.Equal(2, ScoreCommand.Create().Parse([Shared("003_92bef6b83a4d4ba2.json"), "--policy", Path.Combine(_work.FullName, "none.json")]).Invoke());
    }

    [Fact]
    public void Score_FinalAccountsWithoutForms_ExitCode2NotACleanPass()
    {
        var path = RepoPaths.Combine("tests", "Tools", "Platform.Cli.Tests", "UnseenDocuments", "101_daying-wenguanglv-2022.json");

        Assert.Equal(2, ScoreCommand.Create().Parse([path]).Invoke());
    }

    [Theory]
    [InlineData(null, "2022")]       // no region
    [InlineData("６５", "2022")]     // full-width digits
    [InlineData("651", "2022")]      // not a level of the division code
    [InlineData("新疆", "2022")]     // not a division code
    [InlineData("65", null)]         // 000 (2022) and 003 (2021): which year?
    public void Fit_RegionOrYearMissing_ExitCode2AndNothingWritten(string? region, string? year)
    {
        var output = Path.Combine(_work.FullName, "fitted.json");
        var args = new List<string> { "--fit", Shared("000_bb240cb5f2680099.json"), Shared("003_92bef6b83a4d4ba2.json"), "--out", output };
        if (region is not null)
        {
            args.AddRange(["--region", region]);
        }
        if (year is not null)
        {
            args.AddRange(["--year", year]);
        }

        var exit = ScoreCommand.Create().Parse(args).Invoke();

        Assert.Equal(2, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Notices_AnotherProvinceAndAnotherYear_SaidNotRefused()
    {
        var notices = ScoreFit.Notices("6501", 2023, [2022], [("a.json", "重庆市", "50"), ("b.json", "新疆维吾尔自治区", "65"), ("c.json", "某地", null)]).ToList();

        Assert.Equal(["注意：文件的年度有 2022，拟合的规则按 --year 2023 写出", "注意：a.json 属于重庆市（50），而 --region 6501 是新疆维吾尔自治区"], notices);
        Assert.Empty(ScoreFit.Notices("65", 2022, [2022], [("b.json", "新疆维吾尔自治区", "65")]));
        // Some of the documents of another year is worth saying too.
        Assert.Single(ScoreFit.Notices("65", 2022, [2021, 2022], []));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("000000")]
    public void Fit_ARegionNoProvinceHas_ExitCode2(string region)
    {
        var exit = ScoreCommand.Create().Parse(["--fit", Shared("003_92bef6b83a4d4ba2.json"), "--region", region, "--out", Path.Combine(_work.FullName, "p.json")]).Invoke();

        Assert.Equal(2, exit);
        Assert.Empty(_work.GetFiles());
    }
}
