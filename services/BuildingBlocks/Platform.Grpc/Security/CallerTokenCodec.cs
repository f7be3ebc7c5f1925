using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Grpc.Security;

public sealed class CallerSigningOptions
{
    /// <summary>Metadata key carrying the signed caller between services.</summary>
    public const string MetadataKey = "x-platform-caller";

    /// <summary>HMAC-SHA256 key shared by the platform's services (from configuration, never logged). At least 32 bytes.</summary>
    public byte[] Key { get; set; } = [];

    /// <summary>How long a token signed for an outgoing call stays valid.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock difference between services.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Signs and verifies caller identity tokens: "v1.{base64url(json)}.{base64url(HMAC-SHA256)}".
/// A compact format of our own rather than JWT because it crosses only the platform's own services
/// (the gateway, issue 9, turns outside JWTs into these) and must verify in microseconds per call.
/// </summary>
public sealed class CallerTokenCodec
{
    private const string Version = "v1";

    /// <summary>
    /// How many verified tokens are remembered. A token is reused for many calls — the gateway signs a signed-in user once
    /// per half lifetime, and a service calling a peer on behalf of the same caller within one second signs the same
    /// token (whole-second expiry) — so most calls skip the HMAC and the JSON here; when full, the memory is dropped and
    /// refilled, never grown.
    /// </summary>
    internal const int VerifiedCapacity = 4096;

    private readonly CallerSigningOptions _options;

    // Verified tokens → who they name and until when. Keyed by the whole token, signature included: a token that differs
    // in any character is verified from scratch, so a forgery can never be answered from here; expiry is checked on every use.
    private readonly ConcurrentDictionary<string, Verified> _verified = new(StringComparer.Ordinal);

    /// <summary>How many verified tokens are remembered now (never more than <see cref="VerifiedCapacity"/>).</summary>
    internal int Remembered => _verified.Count;

    public CallerTokenCodec(CallerSigningOptions options)
    {
        if (options.Key.Length < 32)
        {
            throw new ArgumentException("The caller signing key must be at least 32 bytes (Platform__CallerSigningKey, base64).", nameof(options));
        }
        _options = options;
    }

    public string Sign(CallerIdentity caller, DateTimeOffset now)
    {
        var payload = new TokenPayload(caller.Subject, caller.Roles.ToArray(), caller.RegionCode, caller.UnitId,
            (now + _options.Lifetime).ToUnixTimeSeconds(), caller.Name);
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, TokenJson.Default.TokenPayload));
        var signed = $"{Version}.{body}";
        return $"{signed}.{Base64Url.EncodeToString(Mac(signed))}";
    }

    /// <summary>Call metadata carrying <paramref name="caller"/>, signed now: for clients outside a served call (the CLI, tests).</summary>
    public global::Grpc.Core.Metadata Headers(CallerIdentity caller, DateTimeOffset now) =>
        new() { { CallerSigningOptions.MetadataKey, Sign(caller, now) } };

    /// <summary>Verifies signature and expiry. The reason never contains the token.</summary>
    public bool TryVerify(string token, DateTimeOffset now, out CallerIdentity caller, out string reason)
    {
        if (_verified.TryGetValue(token, out var known))
        {
            if (known.NotAfter < now)
            {
                caller = CallerIdentity.Anonymous;
                reason = GrpcMessages.TokenExpired;
                return false;
            }
            caller = known.Caller;
            reason = "";
            return true;
        }
        if (!TryVerifySignature(token, now, out caller, out var notAfter, out reason))
        {
            return false;
        }
        if (_verified.Count >= VerifiedCapacity)
        {
            _verified.Clear();
        }
        _verified[token] = new Verified(caller, notAfter);
        return true;
    }

    private bool TryVerifySignature(string token, DateTimeOffset now, out CallerIdentity caller, out DateTimeOffset notAfter, out string reason)
    {
        caller = CallerIdentity.Anonymous;
        notAfter = default;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            reason = GrpcMessages.TokenMalformed;
            return false;
        }
        byte[] signature;
        byte[] body;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            body = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            reason = GrpcMessages.TokenMalformed;
            return false;
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Mac($"{parts[0]}.{parts[1]}")))
        {
            reason = GrpcMessages.TokenSignatureInvalid;
            return false;
        }
        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, TokenJson.Default.TokenPayload);
        }
        catch (JsonException)
        {
            payload = null;
        }
        if (payload is null || string.IsNullOrEmpty(payload.Sub))
        {
            reason = GrpcMessages.TokenNoSubject;
            return false;
        }
        notAfter = DateTimeOffset.FromUnixTimeSeconds(payload.Exp) + _options.ClockSkew;
        if (notAfter < now)
        {
            reason = GrpcMessages.TokenExpired;
            return false;
        }
        caller = new CallerIdentity(payload.Sub, payload.Roles ?? [], payload.Region, payload.Unit, payload.Name);
        reason = "";
        return true;
    }

    private byte[] Mac(string signed) => HMACSHA256.HashData(_options.Key, Encoding.ASCII.GetBytes(signed));

    private sealed record Verified(CallerIdentity Caller, DateTimeOffset NotAfter);

    internal sealed record TokenPayload(string Sub, string[]? Roles, string? Region, string? Unit, long Exp, string? Name = null);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(CallerTokenCodec.TokenPayload))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TokenJson : System.Text.Json.Serialization.JsonSerializerContext;
