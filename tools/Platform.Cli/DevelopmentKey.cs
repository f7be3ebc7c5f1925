namespace Platform.Cli;

/// <summary>
/// The caller signing key of the embedded default: kept in the data directory (owner-only permissions) so
/// that `platform token` can sign development callers for `platform run`. Distributed and production hosts
/// take Platform__CallerSigningKey from their environment instead.
/// </summary>
internal static class DevelopmentKey
{
    public static string LoadOrCreate(DirectoryInfo dataDir) => LoadOrCreate(dataDir, "caller.key");

    /// <summary>The key the embedded gateway checks development bearer tokens with (`platform token`).</summary>
    public static string LoadOrCreateGatewayKey(DirectoryInfo dataDir) => LoadOrCreate(dataDir, "gateway-jwt.key");

    private static string LoadOrCreate(DirectoryInfo dataDir, string name)
    {
        var path = Path.Combine(dataDir.FullName, name);
        if (!File.Exists(path))
        {
            dataDir.Create();
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return File.ReadAllText(path).Trim();
    }
}
