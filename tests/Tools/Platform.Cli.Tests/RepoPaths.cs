namespace Platform.Cli.Tests;

/// <summary>Paths from the repository root (the directory holding Platform.sln above the test binaries).</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.sln not found above the test directory");
    }

    public static string Combine(params string[] parts) => Path.Combine([Root(), .. parts]);
}
