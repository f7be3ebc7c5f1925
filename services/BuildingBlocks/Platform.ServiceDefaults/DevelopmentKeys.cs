namespace Platform.ServiceDefaults;

/// <summary>
/// The keys of a development machine: kept in the data directory (owner-only permissions) so that `platform token` can
/// sign development callers and bearer tokens for `platform run`, and a host started alone in the Development environment
/// (`dotnet run --project …`) shares them. Distributed and production hosts take Platform__CallerSigningKey and
/// Gateway__Jwt__SigningKey from their environment instead.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>The data directory a host uses: Platform:DataDirectory, or .platform-data under the working directory.</summary>
    public static DirectoryInfo DataDirectory(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        new(configuration["Platform:DataDirectory"] is { Length: > 0 } configured ? configured : Path.Combine(Directory.GetCurrentDirectory(), ".platform-data"));

    public static string LoadOrCreate(DirectoryInfo dataDir) => LoadOrCreate(dataDir, "caller.key");

    /// <summary>The key the embedded gateway checks development bearer tokens with (`platform token`).</summary>
    public static string LoadOrCreateGatewayKey(DirectoryInfo dataDir) => LoadOrCreate(dataDir, "gateway-jwt.key");

    private static string LoadOrCreate(DirectoryInfo dataDir, string name)
    {
        var path = Path.Combine(dataDir.FullName, name);
        if (!File.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                dataDir.Create();
            }
            else
            {
                Directory.CreateDirectory(dataDir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return File.ReadAllText(path).Trim();
    }
}
