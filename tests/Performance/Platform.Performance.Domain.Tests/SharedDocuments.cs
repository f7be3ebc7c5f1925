namespace Platform.Performance.Domain.Tests;

/// <summary>The three transcribed publications in ../shared/domain/disclosures beside the repository (every developer machine and CI).</summary>
internal static class SharedDocuments
{
    public static string Directory { get; } = Find();

    public static string Path(string file) => System.IO.Path.Combine(Directory, file);

    /// <summary>The repository's root (where Platform.sln is).</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Platform.sln")))
            {
                var shared = System.IO.Path.Combine(dir.FullName, "..", "shared", "domain", "disclosures");
                return System.IO.Directory.Exists(shared) ? shared : throw new InvalidOperationException($"the shared transcriptions are not at {shared}");
            }
        }
        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
