namespace Platform.Testing;

/// <summary>
/// The real servers ./platform test starts (scripts/test.sh) and hands over in environment variables.
/// A test that needs one fails with a clear message when it is missing: tests are never skipped.
/// </summary>
public static class TestServers
{
    public static string Postgres => Require("PLATFORM_TEST_POSTGRES", "PostgreSQL");

    public static string Redis => Require("PLATFORM_TEST_REDIS", "Redis");

    public static string RedisServerBinary => Environment.GetEnvironmentVariable("PLATFORM_TEST_REDIS_SERVER") ?? "/usr/bin/redis-server";

    public static Uri RabbitMq => new(Require("PLATFORM_TEST_RABBITMQ", "RabbitMQ"));

    /// <summary>Creates an empty PostgreSQL database for one test and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
        await using var connection = new Npgsql.NpgsqlConnection(Postgres + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return $"{Postgres};Database={name}";
    }

    private static string Require(string variable, string server) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: this test needs a real {server}. Run the suite with ./platform test, which starts one on 127.0.0.1.");
}
