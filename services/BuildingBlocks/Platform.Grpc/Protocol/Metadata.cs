using System.Collections;

namespace Platform.Grpc;

/// <summary>
/// Call metadata (custom headers or trailers). Keys are lower-case ASCII; keys ending in "-bin"
/// carry bytes, sent base64-encoded (PROTOCOL-HTTP2.md: "Custom-Metadata").
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public Metadata Add(string key, string value)
    {
        var k = NormalizeKey(key);
        if (k.EndsWith(GrpcProtocol.BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in -bin and needs a byte[] value.", nameof(key));
        }
        foreach (var c in value)
        {
            // Printable ASCII only (HTTP/2 field values); anything else must go in a -bin key.
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"Metadata value of '{key}' has a non-printable or non-ASCII character; use a -bin key.", nameof(value));
            }
        }
        _entries.Add(new Entry(k, value, null));
        return this;
    }

    public Metadata Add(string key, byte[] value)
    {
        var k = NormalizeKey(key);
        if (!k.EndsWith(GrpcProtocol.BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' carries bytes and must end in -bin.", nameof(key));
        }
        _entries.Add(new Entry(k, null, value));
        return this;
    }

    public string? GetValue(string key)
    {
        var k = key.ToLowerInvariant();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == k)
            {
                return _entries[i].Value;
            }
        }
        return null;
    }

    public byte[]? GetBytes(string key)
    {
        var k = key.ToLowerInvariant();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == k)
            {
                return _entries[i].ValueBytes;
            }
        }
        return null;
    }

    public IEnumerable<Entry> GetAll(string key)
    {
        var k = key.ToLowerInvariant();
        return _entries.Where(e => e.Key == k);
    }

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var k = key.ToLowerInvariant();
        foreach (var c in k)
        {
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may contain only 0-9 a-z _ - .", nameof(key));
            }
        }
        if (k.StartsWith("grpc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved by the gRPC protocol.", nameof(key));
        }
        return k;
    }

    /// <summary>For protocol-owned keys (grpc-status-details-bin), which public Add rejects.</summary>
    internal Metadata AddProtocolEntry(string key, byte[] value)
    {
        _entries.Add(new Entry(key, null, value));
        return this;
    }

    internal void AddDecoded(string key, string rawValue)
    {
        if (key.EndsWith(GrpcProtocol.BinarySuffix, StringComparison.OrdinalIgnoreCase))
        {
            // A -bin header may hold several comma-separated values; each is base64, padded or not.
            foreach (var part in rawValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (TryDecodeBase64(part, out var bytes))
                {
                    _entries.Add(new Entry(key.ToLowerInvariant(), null, bytes));
                }
            }
        }
        else
        {
            _entries.Add(new Entry(key.ToLowerInvariant(), rawValue, null));
        }
    }

    internal static bool TryDecodeBase64(string value, out byte[] bytes)
    {
        var padded = (value.Length % 4) switch
        {
            2 => value + "==",
            3 => value + "=",
            _ => value,
        };
        bytes = [];
        var buffer = new byte[padded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }
        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Binary values are emitted unpadded, as the spec recommends.</summary>
    internal static string EncodeBase64(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    public readonly record struct Entry(string Key, string? Value, byte[]? ValueBytes)
    {
        public bool IsBinary => ValueBytes is not null;

        internal string HeaderValue => ValueBytes is not null ? EncodeBase64(ValueBytes) : Value!;
    }
}
