using Microsoft.Extensions.Configuration;

namespace Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where a service's own database lives. ConnectionStrings__{service} with a PostgreSQL connection string
/// ("Host=…") selects PostgreSQL; otherwise the embedded default is a SQLite file under the data directory.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseOptions For(IConfiguration configuration, string service)
    {
        var configured = configuration.GetConnectionString(service);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? new DatabaseOptions(DatabaseProvider.PostgreSql, configured)
                : new DatabaseOptions(DatabaseProvider.Sqlite, configured);
        }
        var dataDirectory = configuration["Platform:DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), ".platform-data");
        var file = OwnerOnlyData.CreateFile(dataDirectory, service + ".db");
        return new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file}");
    }
}

/// <summary>
/// The embedded default keeps every service's database and the development keys in one data directory: it and everything
/// in it are the owner's only (0700 / 0600), as key files always were. A database file is created empty with 0600 before
/// SQLite opens it — SQLite gives its journal and WAL files the database file's permissions — and a directory left by an
/// older version (0755, files 0644) is tightened when a host starts.
/// </summary>
public static class OwnerOnlyData
{
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Directories already made owner-only by this process (every service of a composed host asks at start-up).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Ensured = new(StringComparer.Ordinal);

    /// <summary>Creates the directory (or tightens it) and every file already in it, once per process; returns its full path.</summary>
    public static string EnsureDirectory(string path)
    {
        var full = Path.GetFullPath(path);
        if (Ensured.ContainsKey(full))
        {
            return full;
        }
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }
        var directory = Directory.CreateDirectory(path, OwnerDirectory);
        File.SetUnixFileMode(directory.FullName, OwnerDirectory);
        foreach (var file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if ((file.UnixFileMode & ~OwnerFile) != 0)
            {
                File.SetUnixFileMode(file.FullName, file.UnixFileMode & OwnerFile);
            }
        }
        foreach (var sub in directory.EnumerateDirectories("*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(sub.FullName, OwnerDirectory);
        }
        Ensured[full] = true;
        return directory.FullName;
    }

    /// <summary>The file's full path in the owner-only directory, created empty (0600) when missing.</summary>
    public static string CreateFile(string directory, string name)
    {
        var path = Path.Combine(EnsureDirectory(directory), name);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerFile;
            }
            try
            {
                using (new FileStream(path, options)) { }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another host of the same process created it first.
            }
        }
        return path;
    }
}
