using Platform.Gateway.FunctionalTests.Authorization;
using System.Runtime.Versioning;
using Platform.Persistence;

namespace Platform.Gateway.FunctionalTests.Hardening;

/// <summary>The embedded default's data directory (every service's SQLite database, the development keys) is the owner's only.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests(PlatformBehindGateway platform) : IClassFixture<PlatformBehindGateway>
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public void DataDirectory_PlatformServing_DirectoryAndEveryFileOwnerOnly()
    {
        var files = platform.DataDirectory.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.Name == "accounts.db");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(platform.DataDirectory.FullName) & GroupOrOther);
        Assert.All(files, f => Assert.True((f.UnixFileMode & GroupOrOther) == UnixFileMode.None, $"{f.Name} is {f.UnixFileMode}"));
    }

    [Fact]
    public void EnsureDirectory_LeftWorldReadableByAnOlderVersion_Tightened()
    {
        var dir = Directory.CreateTempSubdirectory("owner-only-");
        try
        {
            File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_101_101);
            var old = Path.Combine(dir.FullName, "registry.db");
            File.WriteAllText(old, "");
            File.SetUnixFileMode(old, (UnixFileMode)0b110_100_100);

            var created = OwnerOnlyData.CreateFile(dir.FullName, "assets.db");

            Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(dir.FullName));
            Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(old));
            Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(created));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
