namespace Platform.Cli.Tests;

/// <summary>A performance self-evaluation given to `disclosure check` or `render` is refused (exit code 2), never "0 figures read".</summary>
public sealed class NotFinalAccountsTests
{
    [Theory]
    [InlineData("check", "001_199c58de98038b6c.json")]
    [InlineData("check", "003_92bef6b83a4d4ba2.json")]
    [InlineData("render", "001_199c58de98038b6c.json")]
    [InlineData("render", "003_92bef6b83a4d4ba2.json")]
    [InlineData("check", "000_bb240cb5f2680099.json")]
    public void Disclosure_SelfEvaluationOrFinalAccounts_RefusedWithExitCode2OrChecked(string command, string file)
    {
        var path = RepoPaths.Combine("services", "Demo", "disclosures", file);

        var (exit, said) = ConsoleCapture.Run(() => DisclosureCommand.Create().Parse([command, path]).Invoke());

        // 000 is a final-accounts disclosure: checked (no error stands: exit code 0), not refused. Exit code 2 alone would
        // also be a missing file or broken JSON: the refusal must say what the file is.
        var final = file.StartsWith("000", StringComparison.Ordinal);
        Assert.Equal(final ? 0 : 2, exit);
        Assert.Equal(!final, said.Contains("该文件不是部门决算公开说明", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("check")]
    [InlineData("render")]
    public void Disclosure_YearNotYetClosed_RefusedWithExitCode2(string command)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("services", "Demo", "disclosures", "000_bb240cb5f2680099.json")))!;
        json["fiscal_year"] = DateTime.Now.Year;
        var path = Path.Combine(Directory.CreateTempSubdirectory("year-").FullName, "000.json");
        File.WriteAllText(path, json.ToJsonString());

        var (exit, said) = ConsoleCapture.Run(() => DisclosureCommand.Create().Parse([command, path]).Invoke());

        Assert.Equal(2, exit);
        Assert.Contains($"{DateTime.Now.Year} 年度尚未结束或刚结束：决算在年度终了后编制，最近可有决算的是 {DateTime.Now.Year - 1} 年度", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "department_final_accounts_disclosure", "文件注明为部门决算公开说明，但没有任何决算报表部分")]
    [InlineData("render", "department_final_accounts_disclosure", "文件注明为部门决算公开说明，但没有任何决算报表部分")]
    [InlineData("check", "final_accounts", "部门决算公开说明的 document_kind 为 department_final_accounts_disclosure")]
    public void Disclosure_NoTableAtAll_RefusedWithExitCode2SayingWhy(string command, string kind, string said)
    {
        // Only the kind and the year: "0 figures read, 0 errors" with exit code 0 read as a clean document.
        var path = Path.Combine(Directory.CreateTempSubdirectory("empty-").FullName, "empty.json");
        File.WriteAllText(path, $$"""{"document_kind":"{{kind}}","fiscal_year":2022}""");

        var (exit, output) = ConsoleCapture.Run(() => DisclosureCommand.Create().Parse([command, path]).Invoke());

        Assert.Equal(2, exit);
        Assert.Contains(said, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("001_199c58de98038b6c.json")]   // an overall self-evaluation
    [InlineData("003_92bef6b83a4d4ba2.json")]   // project self-evaluations
    public void UnreadableDisclosure_FileHoldingSelfEvaluationForms_PointedToScore(string file)
    {
        var refused = new Platform.Domain.ValidationException("document_kind", "该文件不是部门决算公开说明", "NOT_FINAL_ACCOUNTS");

        var message = PlatformCommandLine.UnreadableDisclosure(refused, new FileInfo(RepoPaths.Combine("services", "Demo", "disclosures", file)));

        Assert.EndsWith("；绩效自评表请用 ./platform score 计分与审核", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableDisclosure_NoFormsOrAnotherRefusal_NotPointedToScore()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-final-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"document_kind\": \"budget\", \"fiscal_year\": 2022}");
        try
        {
            var refused = new Platform.Domain.ValidationException("document_kind", "该文件不是部门决算公开说明", "NOT_FINAL_ACCOUNTS");
            Assert.Equal("document_kind：该文件不是部门决算公开说明", PlatformCommandLine.UnreadableDisclosure(refused, new FileInfo(path)));
            // A list of forms whose element is no form: no hint, and no failure deciding it.
            File.WriteAllText(path, "{\"document_kind\": \"x\", \"project_evaluations\": [\"a\"]}");
            Assert.Equal("document_kind：该文件不是部门决算公开说明", PlatformCommandLine.UnreadableDisclosure(refused, new FileInfo(path)));
            var year = new Platform.Domain.ValidationException("fiscal_year", "缺少年度", "REQUIRED");
            var selfEvaluation = new FileInfo(RepoPaths.Combine("services", "Demo", "disclosures", "003_92bef6b83a4d4ba2.json"));
            Assert.Equal("fiscal_year：缺少年度", PlatformCommandLine.UnreadableDisclosure(year, selfEvaluation));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
