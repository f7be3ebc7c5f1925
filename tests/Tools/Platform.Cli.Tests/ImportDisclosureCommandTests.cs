namespace Platform.Cli.Tests;

/// <summary>`platform import-disclosure` when the platform cannot take the file: said in Chinese, with what to do.</summary>
public sealed class ImportDisclosureCommandTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("cli-import-");

    [Fact]
    public void Invoke_NothingListensAtTheAddress_SaysThePlatformIsNotReachedAndHowToStartIt()
    {
        var file = RepoPaths.Combine("services", "Demo", "disclosures", "000_bb240cb5f2680099.json");
        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        var (exit, said) = ConsoleCapture.Run(() => ImportDisclosureCommand.Create()
            .Parse([file, "--address", "http://127.0.0.1:9", "--data-dir", _data.FullName]).Invoke());

        Assert.Equal(1, exit);
        Assert.Contains("000_bb240cb5f2680099.json：未能连接平台（Unavailable）：请确认平台已启动（./platform run）", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Error connecting to subchannel", said, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Delete(recursive: true);
}
