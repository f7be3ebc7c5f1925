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

        var exit = DisclosureCommand.Create().Parse([command, path]).Invoke();

        // 000 is a final-accounts disclosure: checked (no error stands: exit code 0), not refused.
        Assert.Equal(file.StartsWith("000", StringComparison.Ordinal) ? 0 : 2, exit);
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
