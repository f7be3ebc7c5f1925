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
}
