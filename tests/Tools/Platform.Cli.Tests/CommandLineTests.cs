using System.Globalization;

namespace Platform.Cli.Tests;

/// <summary>A command line that does not parse: exit 2 (bad input, as the commands' own refusals), said in Chinese.</summary>
public sealed class CommandLineTests
{
    private static (int Exit, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = PlatformCommandLine.InvokeAsync(args, error).GetAwaiter().GetResult();
        return (exit, error.ToString());
    }

    [Theory]
    [InlineData(new[] { "score", "--fit", "x.json", "--year", "abc" }, "--year：“abc”不是 2000 到 2099 之间的整数", "./platform score --help")]
    [InlineData(new[] { "run", "--grpc-port", "70000" }, "--grpc-port：“70000”不是 0 到 65535 之间的整数", "./platform run --help")]
    [InlineData(new[] { "token", "--minutes", "0" }, "--minutes：“0”不是 1 到 10080 之间的整数", "./platform token --help")]
    [InlineData(new[] { "token", "--jurisdiction", "650000" }, "缺少必需的选项 --role", "./platform token --help")]
    public void InvokeAsync_ABadValue_Exit2NamingTheOptionInChinese(string[] args, string said, string usage)
    {
        var (exit, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.Contains("用法见：" + usage, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "score", "--help" }, "[默认：proportional]")]
    [InlineData(new[] { "disclosure", "render", "-h" }, "[默认：text]")]
    [InlineData(new[] { "--help" }, " [命令] [选项]")]
    public async Task InvokeAsync_Help_EveryHeadingInChinese(string[] args, string said)
    {
        var (error, output) = (new StringWriter(), new StringWriter());

        var exit = await PlatformCommandLine.InvokeAsync(args, error, output);

        Assert.Equal(0, exit);
        Assert.StartsWith("说明：", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(said, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Description:|\[default:|\[options\]|\[command\]", output.ToString());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void InvokeAsync_AnUnknownCommand_Exit2WithTheUsage()
    {
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;   // the command line chooses its language itself

        var (exit, error) = Run("disclosure", "chek");

        Assert.Equal(2, exit);
        Assert.Contains("chek", error, StringComparison.Ordinal);
        Assert.Contains("未识别", error, StringComparison.Ordinal);   // System.CommandLine's own zh-Hans text
        Assert.Contains("用法见：./platform disclosure --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeAsync_AnOptionTypedWhereAFileGoes_NamedNotTakenForAFile()
    {
        var (exit, error) = Run("disclosure", "check", "--bogus");

        Assert.Equal(2, exit);
        Assert.Contains("未识别的选项：--bogus", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeAsync_AFitOptionWithoutFit_Exit2NotIgnored()
    {
        var output = Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.json");

        var (exit, _) = Run("score", RepoPaths.Combine("services", "Demo", "disclosures", "003_92bef6b83a4d4ba2.json"), "--out", output);

        Assert.Equal(2, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void InvokeAsync_FitWithoutFiles_SaysTheFilesAreMissing()
    {
        var (exit, error) = Run("score", "--fit", "--region", "42");

        Assert.Equal(2, exit);
        Assert.Contains("--fit：缺少抄录文件", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_ReferenceDirectoryWithoutTemplatesOrRules_SaidAsTheDirectorysFault()
    {
        var shipped = Platform.Accounts.Domain.ReferenceData.ReferenceDataSet.LoadShipped();
        var empty = Directory.CreateTempSubdirectory("reference-");
        try
        {
            Assert.Null(DisclosureCommand.Incomplete(shipped));
            Assert.Equal("其中没有报表模板（templates/*.json）", DisclosureCommand.Incomplete(Platform.Accounts.Domain.ReferenceData.ReferenceDataSet.LoadDirectory(empty.FullName)));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
