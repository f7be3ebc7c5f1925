using System.Globalization;

namespace Platform.Grpc;

/// <summary>
/// The grpc-timeout header: at most 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// PROTOCOL-HTTP2.md: "Timeout → "grpc-timeout" TimeoutValue TimeoutUnit".
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }
        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * 10,
            'n' => amount / 100,
            _ => -1,
        };
        if (ticks < 0)
        {
            return false;
        }
        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Encodes a positive timeout in the coarsest unit that keeps 8 digits, rounding up.</summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }
        const long max = 99_999_999;
        var ticks = timeout.Ticks;
        long micros = (ticks + 9) / 10;
        if (micros <= max) return micros.ToString(CultureInfo.InvariantCulture) + "u";
        long millis = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        if (millis <= max) return millis.ToString(CultureInfo.InvariantCulture) + "m";
        long seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        if (seconds <= max) return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        long minutes = (ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;
        if (minutes <= max) return minutes.ToString(CultureInfo.InvariantCulture) + "M";
        long hours = Math.Min(max, (ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour);
        return hours.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
