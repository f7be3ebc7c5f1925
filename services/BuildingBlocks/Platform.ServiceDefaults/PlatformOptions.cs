using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>
/// What every host of the platform is told (configuration section Platform, environment variables Platform__*),
/// validated when the host starts (<see cref="PlatformOptionsValidator"/>): a host with a bad setting refuses to start and
/// says which setting and why.
/// </summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>Address Kestrel listens on.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (HTTP/2 cleartext); 0 picks a free one.</summary>
    public int GrpcPort { get; set; } = 5080;

    /// <summary>The HTTP/1.1 port (health probes, JSON, the public formats); -1 for none.</summary>
    public int HttpPort { get; set; } = 5081;

    /// <summary>HMAC-SHA256 key the services sign callers with, base64, at least 32 bytes; the same for every service of a deployment.</summary>
    public string? CallerSigningKey { get; set; }

    /// <summary>Largest gRPC message accepted or sent.</summary>
    public int MaxReceiveMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Put exception messages of unexpected errors into grpc-message (never in production).</summary>
    public bool DetailedErrors { get; set; }

    /// <summary>Graceful drain of in-flight calls on SIGTERM.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>Where the embedded default keeps its SQLite files (default: .platform-data under the working directory).</summary>
    public string? DataDirectory { get; set; }

    public byte[] CallerSigningKeyBytes => Convert.FromBase64String(CallerSigningKey ?? "");

    public IPAddress BindIpAddress => IPAddress.Parse(BindAddress);

    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(ShutdownTimeoutSeconds);
}

/// <summary>Every bad setting of <see cref="PlatformOptions"/>, named as the environment variable that sets it.</summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.CallerSigningKey))
        {
            // A key made up per process would let a service start whose callers no peer can verify.
            failures.Add("Platform__CallerSigningKey is not set: every service of a deployment needs the same base64 key of at least 32 bytes.");
        }
        else
        {
            var key = new byte[options.CallerSigningKey.Length];
            if (!Convert.TryFromBase64String(options.CallerSigningKey, key, out var length))
            {
                failures.Add("Platform__CallerSigningKey must be base64 (at least 32 bytes).");
            }
            else if (length < 32)
            {
                failures.Add($"Platform__CallerSigningKey is {length} bytes: at least 32 are needed (HMAC-SHA256).");
            }
        }
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"Platform__BindAddress '{options.BindAddress}' is not an IP address (127.0.0.1, 0.0.0.0, ::).");
        }
        if (options.GrpcPort is < 0 or > 65535)
        {
            failures.Add($"Platform__GrpcPort {options.GrpcPort} is not a port (0–65535; 0 picks a free one).");
        }
        if (options.HttpPort is < -1 or > 65535)
        {
            failures.Add($"Platform__HttpPort {options.HttpPort} is not a port (0–65535, or -1 for none).");
        }
        if (options.MaxReceiveMessageSize < 1024)
        {
            failures.Add($"Platform__MaxReceiveMessageSize {options.MaxReceiveMessageSize} is below 1024 bytes.");
        }
        if (options.ShutdownTimeoutSeconds < 0)
        {
            failures.Add($"Platform__ShutdownTimeoutSeconds {options.ShutdownTimeoutSeconds} is negative.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
